import { BundleInput, type CellError, ItemCode, ServiceItemInput, type VetoRule } from "@yiwang/contracts";
import type ExcelJS from "exceljs";
import type { z } from "zod";
import { itemFormIssues } from "../forms.js";
import { bundleReferenceIssues, itemReferenceIssues, type References } from "../references.js";
import { groupVeto, jsonCell } from "./cells.js";
import {
  AUDIENCE_ZH,
  CASE_TYPE_ZH,
  FORMAT_ZH,
  KIND_ZH,
  LEVEL_ZH,
  SHEETS,
  type SheetKey,
  STAGE_ZH,
  STATUS_ZH,
  splitLines,
  splitWords,
  TIME_UNIT_ZH,
  VETO_ZH,
} from "./template.js";

/**
 * Reads the catalog workbook into validated items, bundles and synonyms, with one error per bad cell
 * (sheet, row, column): conversion errors (a word that is not a known label, text where a number
 * belongs), contract violations (e.g. promised limit above the legal one, malformed workflow),
 * duplicates, and references to departments, license types or items that do not exist.
 */

export type Status = keyof typeof STATUS_ZH;

export interface ParsedWorkbook {
  items: { input: ServiceItemInput; status: Status }[];
  bundles: { input: BundleInput; status: Status }[];
  /** null when the workbook has no synonyms sheet (synonyms are then left alone). */
  synonyms: { term: string; expansions: string[] }[] | null;
  /** Codes of items the workbook lists but that have errors. */
  badItems: string[];
  errors: CellError[];
}

interface Loc {
  sheet: SheetKey;
  row: number;
  col: string;
}

type Msg = { message: string; messageEn: string };

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v.trim();
  if (typeof v === "number") return String(v);
  if (typeof v === "boolean") return v ? "是" : "否";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    if ("richText" in v)
      return v.richText
        .map((r) => r.text)
        .join("")
        .trim();
    if ("text" in v && typeof v.text === "string") return v.text.trim();
    if ("result" in v) return cellText(v.result as ExcelJS.CellValue);
  }
  return "";
}

function columnLetter(n: number): string {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

interface Row {
  row: number;
  get(key: string): string;
}

class SheetReader {
  readonly columns = new Map<string, number>();
  readonly rows: Row[] = [];
  readonly present: boolean;

  constructor(
    wb: ExcelJS.Workbook,
    readonly key: SheetKey,
  ) {
    const def = SHEETS[key];
    const ws = wb.getWorksheet(def.name);
    this.present = ws !== undefined;
    if (!ws) return;
    ws.getRow(1).eachCell((cell, colNumber) => {
      const h = cellText(cell.value);
      const c = def.columns.find((x) => x.header === h || x.key === h);
      if (c && !this.columns.has(c.key)) this.columns.set(c.key, colNumber);
    });
    ws.eachRow((r, rowNumber) => {
      if (rowNumber === 1) return;
      const values = new Map<string, string>();
      for (const [k, n] of this.columns) values.set(k, cellText(r.getCell(n).value));
      if ([...values.values()].every((v) => v === "")) return;
      this.rows.push({ row: rowNumber, get: (k) => values.get(k) ?? "" });
    });
  }

  column(key: string): { column: string; header: string } {
    const def = SHEETS[this.key].columns.find((c) => c.key === key);
    const n = this.columns.get(key);
    return { column: n ? columnLetter(n) : "?", header: def?.header ?? key };
  }
}

/** Splits "中文 / English" contract messages; zod's own messages get a Chinese gloss by issue code. */
function zodMessage(issue: z.core.$ZodIssue): Msg {
  const m = issue.message;
  const i = m.indexOf(" / ");
  if (i > 0) return { message: m.slice(0, i), messageEn: m.slice(i + 3) };
  const zh: Record<string, string> = {
    too_small: "内容为空或数值过小",
    too_big: "内容过长、条目过多或数值过大",
    invalid_type: "缺少内容或格式不正确",
    invalid_value: "取值不在允许范围内",
    invalid_format: "格式不正确",
    invalid_union: "格式不正确",
  };
  return { message: zh[issue.code] ?? "内容不合法", messageEn: m };
}

export function parseWorkbook(
  wb: ExcelJS.Workbook,
  refs: References,
  existingItems: ReadonlySet<string>,
): ParsedWorkbook {
  const readers = Object.fromEntries(
    (Object.keys(SHEETS) as SheetKey[]).map((k) => [k, new SheetReader(wb, k)]),
  ) as Record<SheetKey, SheetReader>;
  const errors = new Map<string, CellError>();
  const fail = (loc: Loc, msg: Msg) => {
    const r = readers[loc.sheet];
    const { column, header } = r.column(loc.col);
    const key = `${loc.sheet}|${loc.row}|${column}`;
    if (!errors.has(key)) errors.set(key, { sheet: SHEETS[loc.sheet].name, row: loc.row, column, header, ...msg });
  };

  const required: Partial<Record<SheetKey, string[]>> = {
    items: [
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
    ],
    materials: ["itemCode", "name"],
    fees: ["itemCode", "name", "amount", "basis"],
    steps: ["itemCode", "seq", "dept", "stage"],
    faq: ["itemCode", "question", "answer"],
    bundles: ["code", "name"],
    bundleItems: ["bundleCode", "seq", "itemCode"],
    synonyms: ["term", "expansions"],
  };
  for (const [sheet, keys] of Object.entries(required) as [SheetKey, string[]][]) {
    const r = readers[sheet];
    if (!r.present) continue;
    for (const k of keys)
      if (!r.columns.has(k))
        errors.set(`${sheet}|1|${k}`, {
          sheet: SHEETS[sheet].name,
          row: 1,
          column: "?",
          header: r.column(k).header,
          message: `缺少列“${r.column(k).header}”`,
          messageEn: `Missing column "${k}"`,
        });
  }
  if (!readers.items.present)
    errors.set("items|0", {
      sheet: SHEETS.items.name,
      row: 1,
      column: "?",
      header: "",
      message: "缺少工作表“事项”",
      messageEn: 'Missing worksheet "事项" (items)',
    });

  // ── conversion helpers: each records an error at the cell and returns undefined ──
  const enumOf =
    <T extends string>(labels: Record<T, string>) =>
    (loc: Loc, text: string): T | undefined => {
      if (!text) return undefined;
      for (const [k, zh] of Object.entries(labels) as [T, string][]) if (text === zh || text === k) return k;
      fail(loc, {
        message: `取值“${text}”无效，应为：${Object.values(labels).join("、")}`,
        messageEn: `"${text}" is not one of: ${Object.keys(labels).join(", ")}`,
      });
      return undefined;
    };
  const kindOf = enumOf(KIND_ZH);
  const audienceOf = enumOf(AUDIENCE_ZH);
  const unitOf = enumOf(TIME_UNIT_ZH);
  const caseOf = enumOf(CASE_TYPE_ZH);
  const formatOf = enumOf(FORMAT_ZH);
  const stageOf = enumOf(STAGE_ZH);
  const statusOf = enumOf(STATUS_ZH);
  const levelOf = enumOf(LEVEL_ZH);
  const vetoOf = enumOf(VETO_ZH);
  const intOf = (loc: Loc, text: string): number | undefined => {
    if (!text) return undefined;
    const n = Number(text);
    if (Number.isInteger(n)) return n;
    fail(loc, { message: `“${text}”不是整数`, messageEn: `"${text}" is not a whole number` });
    return Number.NaN;
  };
  const amountOf = (loc: Loc, text: string): number | undefined => {
    if (!text) return undefined;
    const n = Number(text);
    if (Number.isFinite(n)) return n;
    fail(loc, { message: `“${text}”不是金额`, messageEn: `"${text}" is not an amount` });
    return Number.NaN;
  };
  const boolOf = (loc: Loc, text: string): boolean | undefined => {
    if (!text) return undefined;
    if (["是", "true", "必需", "y", "yes"].includes(text.toLowerCase())) return true;
    if (["否", "false", "非必需", "n", "no"].includes(text.toLowerCase())) return false;
    fail(loc, { message: `“${text}”应为“是”或“否”`, messageEn: `"${text}" must be 是 or 否` });
    return undefined;
  };
  const codeOf = (loc: Loc, text: string): string | null => {
    const r = ItemCode.safeParse(text);
    if (r.success) return r.data;
    fail(loc, text ? zodMessage(r.error.issues[0]!) : { message: "缺少编码", messageEn: "The code is missing" });
    return null;
  };

  // ── items ──
  interface ItemDraft {
    raw: Record<string, unknown>;
    status: Status;
    row: number;
    materials: { raw: Record<string, unknown>; row: number }[];
    fees: { raw: Record<string, unknown>; row: number }[];
    faq: { raw: Record<string, unknown>; row: number }[];
    steps: { seq: number; dept: string; stage: string | undefined; veto: VetoRule | undefined; row: number }[];
    bad: boolean;
  }
  const drafts = new Map<string, ItemDraft>();
  const badItems = new Set<string>();
  const errorCount = () => errors.size;

  for (const r of readers.items.rows) {
    const at = (col: string): Loc => ({ sheet: "items", row: r.row, col });
    const before = errorCount();
    const code = codeOf(at("code"), r.get("code"));
    if (!code) continue;
    const first = drafts.get(code);
    if (first) {
      fail(at("code"), {
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
      legalDays: intOf(at("legalDays"), r.get("legalDays")),
      promiseDays: intOf(at("promiseDays"), r.get("promiseDays")),
      timeUnit: unitOf(at("timeUnit"), r.get("timeUnit")),
      caseType: caseOf(at("caseType"), r.get("caseType")),
      onlineDepth: intOf(at("onlineDepth"), r.get("onlineDepth")),
      maxVisits: intOf(at("maxVisits"), r.get("maxVisits")),
      realNameLevel: levelOf(at("realNameLevel"), r.get("realNameLevel")),
      legalBasis: splitLines(r.get("legalBasis")),
      resultName: r.get("resultName") || null,
      resultLicense: r.get("resultLicense") || null,
      topics: splitWords(r.get("topics")),
      hall,
      specialProcedures: splitWords(r.get("specialProcedures")),
      form: jsonCell(r.get("form"), (msg) => fail(at("form"), msg)),
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
      bad: errorCount() > before,
    });
  }

  const owner = (sheet: SheetKey, r: Row): ItemDraft | undefined => {
    const code = r.get("itemCode").toUpperCase();
    const d = drafts.get(code);
    if (!d && !badItems.has(code))
      fail(
        { sheet, row: r.row, col: "itemCode" },
        code
          ? { message: `“事项”表中没有实施编码 ${code}`, messageEn: `No item ${code} on the items sheet` }
          : { message: "缺少实施编码", messageEn: "The item code is missing" },
      );
    return d;
  };
  const child = (d: ItemDraft, fn: () => void) => {
    const before = errorCount();
    fn();
    if (errorCount() > before) d.bad = true;
  };

  for (const r of readers.materials.rows) {
    const d = owner("materials", r);
    if (!d) continue;
    const at = (col: string): Loc => ({ sheet: "materials", row: r.row, col });
    child(d, () =>
      d.materials.push({
        row: r.row,
        raw: {
          name: r.get("name"),
          required: boolOf(at("required"), r.get("required")),
          format: formatOf(at("format"), r.get("format")),
          copies: intOf(at("copies"), r.get("copies")),
          fromLicense: r.get("fromLicense") || null,
          blankForm: r.get("blankForm") || null,
          sample: r.get("sample") || null,
          note: r.get("note") || null,
        },
      }),
    );
  }
  for (const r of readers.fees.rows) {
    const d = owner("fees", r);
    if (!d) continue;
    child(d, () =>
      d.fees.push({
        row: r.row,
        raw: {
          name: r.get("name"),
          amount: amountOf({ sheet: "fees", row: r.row, col: "amount" }, r.get("amount")),
          basis: r.get("basis"),
        },
      }),
    );
  }
  for (const r of readers.faq.rows) {
    const d = owner("faq", r);
    if (!d) continue;
    d.faq.push({ row: r.row, raw: { question: r.get("question"), answer: r.get("answer") } });
  }
  for (const r of readers.steps.rows) {
    const d = owner("steps", r);
    if (!d) continue;
    const at = (col: string): Loc => ({ sheet: "steps", row: r.row, col });
    child(d, () => {
      const seq = intOf(at("seq"), r.get("seq"));
      if (seq === undefined) fail(at("seq"), { message: "缺少环节序号", messageEn: "The step number is missing" });
      d.steps.push({
        seq: seq ?? Number.NaN,
        dept: r.get("dept"),
        stage: stageOf(at("stage"), r.get("stage")),
        veto: vetoOf(at("onVeto"), r.get("onVeto")),
        row: r.row,
      });
    });
  }

  // ── assemble and validate each item ──
  const items: ParsedWorkbook["items"] = [];
  for (const [code, d] of drafts) {
    const groups: (typeof d.steps)[] = [];
    for (const s of [...d.steps].sort((a, b) => a.seq - b.seq)) {
      const last = groups[groups.length - 1];
      if (last && last[0]!.seq === s.seq) last.push(s);
      else groups.push([s]);
    }
    const vetoes: (VetoRule | undefined)[] = [];
    child(d, () => {
      for (const g of groups)
        vetoes.push(groupVeto(g, (row, msg) => fail({ sheet: "steps", row, col: "onVeto" }, msg)));
    });
    const raw = {
      ...d.raw,
      materials: d.materials.map((m) => m.raw),
      fees: d.fees.map((f) => f.raw),
      faq: d.faq.map((f) => f.raw),
      steps: groups.map((g, i) =>
        g.length === 1
          ? { dept: g[0]!.dept, stage: g[0]!.stage }
          : { parallel: g.map((s) => ({ dept: s.dept, stage: s.stage })), onVeto: vetoes[i] },
      ),
    };
    const itemLoc = (col: string): Loc => ({ sheet: "items", row: d.row, col });
    const locate = (path: PropertyKey[]): Loc => {
      const [head, i, field, j, sub] = path;
      const list = (sheet: SheetKey, rows: { row: number }[], fallback: string): Loc =>
        typeof i === "number" && rows[i]
          ? { sheet, row: rows[i]!.row, col: typeof field === "string" ? field : fallback }
          : itemLoc("code");
      switch (head) {
        case "hall":
          return itemLoc(i === "hours" ? "hallHours" : i === "phone" ? "hallPhone" : "hallAddress");
        case "materials":
          return list("materials", d.materials, "name");
        case "fees":
          return list("fees", d.fees, "name");
        case "faq":
          return list("faq", d.faq, "question");
        case "steps": {
          const g = typeof i === "number" ? groups[i] : undefined;
          if (!g) return d.steps[0] ? { sheet: "steps", row: d.steps[0].row, col: "seq" } : itemLoc("code");
          if (field === "parallel" && typeof j === "number" && g[j])
            return { sheet: "steps", row: g[j]!.row, col: typeof sub === "string" ? sub : "stage" };
          return { sheet: "steps", row: g[0]!.row, col: field === "dept" || field === "stage" ? field : "seq" };
        }
        default:
          return typeof head === "string" && readers.items.columns.has(head) ? itemLoc(head) : itemLoc("code");
      }
    };
    if (d.bad) {
      badItems.add(code);
      continue;
    }
    const parsed = ServiceItemInput.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) fail(locate(issue.path), zodMessage(issue));
      badItems.add(code);
      continue;
    }
    const refIssues = [...itemFormIssues(parsed.data), ...itemReferenceIssues(parsed.data, refs)];
    if (refIssues.length) {
      for (const issue of refIssues) fail(locate(issue.path), { message: issue.message, messageEn: issue.messageEn });
      badItems.add(code);
      continue;
    }
    items.push({ input: parsed.data, status: d.status });
  }

  // ── bundles ──
  const validItems = new Set(items.map((i) => i.input.code));
  const bundleDrafts = new Map<string, { raw: Record<string, unknown>; status: Status; row: number; bad: boolean }>();
  for (const r of readers.bundles.rows) {
    const at = (col: string): Loc => ({ sheet: "bundles", row: r.row, col });
    const before = errorCount();
    const code = codeOf(at("code"), r.get("code"));
    if (!code) continue;
    const first = bundleDrafts.get(code);
    if (first) {
      fail(at("code"), {
        message: `一件事编码 ${code} 重复（与第 ${first.row} 行相同）`,
        messageEn: `Duplicate bundle code ${code} (same as row ${first.row})`,
      });
      first.bad = true;
      continue;
    }
    const status = statusOf(at("status"), r.get("status")) ?? "draft";
    bundleDrafts.set(code, {
      raw: {
        code,
        name: r.get("name"),
        nameEn: r.get("nameEn") || null,
        description: r.get("description") || null,
        topics: splitWords(r.get("topics")),
      },
      status,
      row: r.row,
      bad: errorCount() > before,
    });
  }
  const members = new Map<string, { seq: number; code: string; row: number }[]>();
  for (const r of readers.bundleItems.rows) {
    const at = (col: string): Loc => ({ sheet: "bundleItems", row: r.row, col });
    const bcode = r.get("bundleCode").toUpperCase();
    const b = bundleDrafts.get(bcode);
    if (!b) {
      fail(at("bundleCode"), {
        message: `“一件事”表中没有编码 ${bcode}`,
        messageEn: `No bundle ${bcode} on the bundles sheet`,
      });
      continue;
    }
    const before = errorCount();
    const seq = intOf(at("seq"), r.get("seq"));
    if (seq === undefined) fail(at("seq"), { message: "缺少序号", messageEn: "The number is missing" });
    if (errorCount() > before) b.bad = true;
    const list = members.get(bcode) ?? [];
    list.push({ seq: seq ?? Number.NaN, code: r.get("itemCode").toUpperCase(), row: r.row });
    members.set(bcode, list);
  }
  const bundles: ParsedWorkbook["bundles"] = [];
  for (const [code, b] of bundleDrafts) {
    const groups: { seq: number; code: string; row: number }[][] = [];
    for (const m of [...(members.get(code) ?? [])].sort((x, y) => x.seq - y.seq)) {
      const last = groups[groups.length - 1];
      if (last && last[0]!.seq === m.seq) last.push(m);
      else groups.push([m]);
    }
    if (b.bad) continue;
    const locate = (path: PropertyKey[]): Loc => {
      const [head, i, , j] = path;
      if (head === "items" && typeof i === "number" && groups[i]) {
        const g = groups[i]!;
        return { sheet: "bundleItems", row: (typeof j === "number" && g[j] ? g[j] : g[0])!.row, col: "itemCode" };
      }
      return {
        sheet: "bundles",
        row: b.row,
        col: typeof head === "string" && readers.bundles.columns.has(head) ? head : "code",
      };
    };
    const parsed = BundleInput.safeParse({
      ...b.raw,
      items: groups.map((g) => (g.length === 1 ? g[0]!.code : { parallel: g.map((m) => m.code) })),
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) fail(locate(issue.path), zodMessage(issue));
      continue;
    }
    // an item listed with errors but already in the catalog keeps its current version for the bundle
    const refIssues = bundleReferenceIssues(parsed.data, (c) => validItems.has(c) || existingItems.has(c));
    if (refIssues.length) {
      for (const issue of refIssues) fail(locate(issue.path), { message: issue.message, messageEn: issue.messageEn });
      continue;
    }
    bundles.push({ input: parsed.data, status: b.status });
  }

  // ── synonyms ──
  let synonyms: ParsedWorkbook["synonyms"] = null;
  if (readers.synonyms.present) {
    synonyms = [];
    const seen = new Set<string>();
    for (const r of readers.synonyms.rows) {
      const at = (col: string): Loc => ({ sheet: "synonyms", row: r.row, col });
      const term = r.get("term");
      const expansions = splitWords(r.get("expansions"));
      if (!term || term.length > 50) {
        fail(at("term"), { message: "搜索词应为 1–50 个字", messageEn: "The term must be 1–50 characters" });
        continue;
      }
      if (seen.has(term)) {
        fail(at("term"), { message: `搜索词“${term}”重复`, messageEn: `Duplicate term "${term}"` });
        continue;
      }
      if (expansions.length === 0 || expansions.length > 20 || expansions.some((e) => e.length > 100)) {
        fail(at("expansions"), {
          message: "应填写 1–20 个关键词，以“、”分隔",
          messageEn: "Give 1–20 phrases separated by 、",
        });
        continue;
      }
      seen.add(term);
      synonyms.push({ term, expansions });
    }
  }

  const order = Object.values(SHEETS).map((s) => s.name as string);
  const list = [...errors.values()].sort(
    (a, b) => order.indexOf(a.sheet) - order.indexOf(b.sheet) || a.row - b.row || a.column.localeCompare(b.column),
  );
  return { items, bundles, synonyms, badItems: [...badItems], errors: list };
}
