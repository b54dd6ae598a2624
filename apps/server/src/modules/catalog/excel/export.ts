import type { BundleInput, ServiceItemInput } from "@yiwang/contracts";
import {
  AUDIENCE_ZH,
  CASE_TYPE_ZH,
  FORMAT_ZH,
  KIND_ZH,
  LEVEL_ZH,
  LICENSE_HOLDER_ZH,
  LINES,
  README_LINES,
  SHEETS,
  type SheetKey,
  STAGE_ZH,
  STATUS_ZH,
  TIME_UNIT_ZH,
  VETO_ZH,
  WORDS,
} from "./template.js";

export interface ExportData {
  items: { content: ServiceItemInput; status: keyof typeof STATUS_ZH; version: number }[];
  bundles: { content: BundleInput; status: keyof typeof STATUS_ZH }[];
  synonyms: { term: string; expansions: string[] }[];
}

type Cell = string | number | null;

/** Writes the whole catalog as the documented workbook (see template.ts). */
export async function writeWorkbook(data: ExportData): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs"); // ≈ 0.3 s to load: only when a workbook is needed
  const wb = new ExcelJS.Workbook();
  wb.creator = "Yiwang";
  const readme = wb.addWorksheet("说明");
  readme.getColumn(1).width = 120;
  for (const line of README_LINES) readme.addRow([line]);

  const sheets = {} as Record<SheetKey, import("exceljs").Worksheet>;
  for (const key of Object.keys(SHEETS) as SheetKey[]) {
    const def = SHEETS[key];
    const ws = wb.addWorksheet(def.name, { views: [{ state: "frozen", ySplit: 1 }] });
    ws.columns = def.columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
    ws.getRow(1).font = { bold: true };
    sheets[key] = ws;
  }
  const add = (key: SheetKey, values: Record<string, Cell>) => {
    const row = sheets[key].addRow(values);
    row.alignment = { wrapText: true, vertical: "top" };
    return row;
  };

  for (const { content: c, status, version } of data.items) {
    add("items", {
      code: c.code,
      basicCode: c.basicCode,
      name: c.name,
      nameEn: c.nameEn,
      kind: KIND_ZH[c.kind],
      dept: c.dept,
      coDepts: c.coDepts.join(WORDS),
      audience: AUDIENCE_ZH[c.audience],
      conditions: c.conditions.join(LINES),
      legalDays: c.legalDays,
      promiseDays: c.promiseDays,
      timeUnit: TIME_UNIT_ZH[c.timeUnit],
      caseType: CASE_TYPE_ZH[c.caseType],
      onlineDepth: c.onlineDepth,
      maxVisits: c.maxVisits,
      realNameLevel: LEVEL_ZH[c.realNameLevel],
      legalBasis: c.legalBasis.join(LINES),
      resultName: c.resultName,
      resultLicense: c.resultLicense,
      topics: c.topics.join(WORDS),
      hallAddress: c.hall?.address ?? null,
      hallHours: c.hall?.hours ?? null,
      hallPhone: c.hall?.phone ?? null,
      specialProcedures: c.specialProcedures.join(WORDS),
      status: STATUS_ZH[status],
      version,
      // one line of JSON, not wrapped (a wrapped form would make the row very tall)
      form: c.form ? JSON.stringify(c.form) : null,
    }).getCell("form").alignment = { vertical: "top" };
    for (const m of c.materials)
      add("materials", {
        itemCode: c.code,
        name: m.name,
        required: m.required ? "是" : "否",
        format: FORMAT_ZH[m.format],
        copies: m.copies,
        fromLicense: m.fromLicense,
        licenseHolder: m.licenseHolder ? LICENSE_HOLDER_ZH[m.licenseHolder] : null,
        blankForm: m.blankForm,
        sample: m.sample,
        note: m.note,
      });
    for (const f of c.fees)
      add("fees", { itemCode: c.code, name: f.name, amount: f.amount, basis: f.basis, exemption: f.exemption ?? null });
    c.steps.forEach((s, i) => {
      // versions saved before veto rules existed have none: they deny
      const onVeto = "parallel" in s ? VETO_ZH[s.onVeto ?? "deny"] : null;
      for (const b of "parallel" in s ? s.parallel : [s])
        add("steps", { itemCode: c.code, seq: i + 1, dept: b.dept, stage: STAGE_ZH[b.stage], onVeto });
    });
    for (const f of c.faq) add("faq", { itemCode: c.code, question: f.question, answer: f.answer });
  }
  for (const { content: b, status } of data.bundles) {
    add("bundles", {
      code: b.code,
      name: b.name,
      nameEn: b.nameEn,
      description: b.description,
      topics: b.topics.join(WORDS),
      status: STATUS_ZH[status],
    });
    b.items.forEach((s, i) => {
      for (const code of typeof s === "string" ? [s] : s.parallel)
        add("bundleItems", { bundleCode: b.code, seq: i + 1, itemCode: code });
    });
  }
  for (const s of data.synonyms) add("synonyms", { term: s.term, expansions: s.expansions.join(WORDS) });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
