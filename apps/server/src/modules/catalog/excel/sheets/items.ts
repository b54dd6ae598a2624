import type { VetoRule } from "@yiwang/contracts";
import type { CellErrors, Loc } from "../cell-errors.js";
import { codeCell, intCell, labelReader } from "../cell-values.js";
import { jsonCell } from "../cells.js";
import type { Sheets } from "../sheet-reader.js";
import {
  AUDIENCE_ZH,
  CASE_TYPE_ZH,
  KIND_ZH,
  LEVEL_ZH,
  STATUS_ZH,
  splitLines,
  splitWords,
  TIME_UNIT_ZH,
} from "../template.js";

/**
 * The 事项 sheet: one draft per item code (the raw fields, before the contract checks them), to which the
 * materials, fees, FAQ and steps sheets add their rows. A duplicate code marks both rows' item bad.
 */

export type Status = keyof typeof STATUS_ZH;

export interface ItemDraft {
  raw: Record<string, unknown>;
  status: Status;
  row: number;
  materials: { raw: Record<string, unknown>; row: number }[];
  fees: { raw: Record<string, unknown>; row: number }[];
  faq: { raw: Record<string, unknown>; row: number }[];
  steps: { seq: number; dept: string; stage: string | undefined; veto: VetoRule | undefined; row: number }[];
  bad: boolean;
}

export interface ItemDrafts {
  drafts: Map<string, ItemDraft>;
  /** Codes of items listed with errors (filled further by the other sheets and by validation). */
  badItems: Set<string>;
}

export const ITEMS_REQUIRED = [
  "code",
  "name",
  "kind",
  "dept",
  "audience",
  "legalDays",
  "promiseDays",
  "caseType",
  "onlineDepth",
  "maxVisits",
];

export function readItemsSheet(sheets: Sheets, errors: CellErrors): ItemDrafts {
  const kindOf = labelReader(errors, KIND_ZH);
  const audienceOf = labelReader(errors, AUDIENCE_ZH);
  const unitOf = labelReader(errors, TIME_UNIT_ZH);
  const caseOf = labelReader(errors, CASE_TYPE_ZH);
  const levelOf = labelReader(errors, LEVEL_ZH);
  const statusOf = labelReader(errors, STATUS_ZH);
  const drafts = new Map<string, ItemDraft>();
  const badItems = new Set<string>();

  for (const r of sheets.items.rows) {
    const at = (col: string): Loc => ({ sheet: "items", row: r.row, col });
    const before = errors.count;
    const code = codeCell(errors, at("code"), r.get("code"));
    if (!code) continue;
    const first = drafts.get(code);
    if (first) {
      errors.fail(at("code"), {
        message: `实施编码 ${code} 重复（与第 ${first.row} 行相同）`,
        messageEn: `Duplicate code ${code} (same as row ${first.row})`,
      });
      badItems.add(code);
      first.bad = true;
      continue;
    }
    const hall = ["hallAddress", "hallHours", "hallPhone"].some((k) => r.get(k))
      ? { address: r.get("hallAddress"), hours: r.get("hallHours"), phone: r.get("hallPhone") || null }
      : null;
    const raw: Record<string, unknown> = {
      code,
      basicCode: r.get("basicCode") || null,
      name: r.get("name"),
      nameEn: r.get("nameEn") || null,
      kind: kindOf(at("kind"), r.get("kind")),
      dept: r.get("dept"),
      coDepts: splitWords(r.get("coDepts")),
      audience: audienceOf(at("audience"), r.get("audience")),
      conditions: splitLines(r.get("conditions")),
      legalDays: intCell(errors, at("legalDays"), r.get("legalDays")),
      promiseDays: intCell(errors, at("promiseDays"), r.get("promiseDays")),
      timeUnit: unitOf(at("timeUnit"), r.get("timeUnit")),
      caseType: caseOf(at("caseType"), r.get("caseType")),
      onlineDepth: intCell(errors, at("onlineDepth"), r.get("onlineDepth")),
      maxVisits: intCell(errors, at("maxVisits"), r.get("maxVisits")),
      realNameLevel: levelOf(at("realNameLevel"), r.get("realNameLevel")),
      legalBasis: splitLines(r.get("legalBasis")),
      resultName: r.get("resultName") || null,
      resultLicense: r.get("resultLicense") || null,
      topics: splitWords(r.get("topics")),
      hall,
      specialProcedures: splitWords(r.get("specialProcedures")),
      form: jsonCell(r.get("form"), (msg) => errors.fail(at("form"), msg)),
    };
    const status = statusOf(at("status"), r.get("status")) ?? "draft";
    drafts.set(code, {
      raw,
      status,
      row: r.row,
      materials: [],
      fees: [],
      faq: [],
      steps: [],
      bad: errors.count > before,
    });
  }
  return { drafts, badItems };
}
