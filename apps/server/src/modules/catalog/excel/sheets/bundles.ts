import type { CellErrors, Loc } from "../cell-errors.js";
import { codeCell, labelReader } from "../cell-values.js";
import type { Sheets } from "../sheet-reader.js";
import { STATUS_ZH, splitWords } from "../template.js";
import type { Status } from "./items.js";

/** The 一件事 sheet: one bundle per code (its members come from the 一件事事项 sheet). */

export interface BundleDraft {
  raw: Record<string, unknown>;
  status: Status;
  row: number;
  bad: boolean;
}

export const BUNDLES_REQUIRED = ["code", "name"];

export function readBundlesSheet(sheets: Sheets, errors: CellErrors): Map<string, BundleDraft> {
  const statusOf = labelReader(errors, STATUS_ZH);
  const drafts = new Map<string, BundleDraft>();
  for (const r of sheets.bundles.rows) {
    const at = (col: string): Loc => ({ sheet: "bundles", row: r.row, col });
    const before = errors.count;
    const code = codeCell(errors, at("code"), r.get("code"));
    if (!code) continue;
    const first = drafts.get(code);
    if (first) {
      errors.fail(at("code"), {
        message: `一件事编码 ${code} 重复（与第 ${first.row} 行相同）`,
        messageEn: `Duplicate bundle code ${code} (same as row ${first.row})`,
      });
      first.bad = true;
      continue;
    }
    const status = statusOf(at("status"), r.get("status")) ?? "draft";
    drafts.set(code, {
      raw: {
        code,
        name: r.get("name"),
        nameEn: r.get("nameEn") || null,
        description: r.get("description") || null,
        topics: splitWords(r.get("topics")),
      },
      status,
      row: r.row,
      bad: errors.count > before,
    });
  }
  return drafts;
}
