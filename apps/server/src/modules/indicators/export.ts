/**
 * An indicator's values per department and period as an .xlsx workbook (导出): one row per department the
 * viewer may see, one column per day or month of the range and one for the whole range, and a 合计 row.
 * Each cell is the indicator computed over that period's sums (a ratio of sums, as on the pages), so the
 * whole-range column is not the mean of the period columns. A department role gets only its own row.
 */
import type { IndicatorExportQuery } from "@yiwang/contracts";
import type { z } from "zod";
import type { IndicatorValuesService, Viewer } from "./values.service.js";

type Query = z.output<typeof IndicatorExportQuery>;
type Cell = string | number | null;

export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DAY_MS = 86_400_000;

/** The periods of [from, to]: each day, or each calendar month clipped to the range. */
export function periodsOf(
  from: string,
  to: string,
  period: "day" | "month",
): { label: string; from: string; to: string }[] {
  const out: { label: string; from: string; to: string }[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; ) {
    const day = new Date(t).toISOString().slice(0, 10);
    if (period === "day") {
      out.push({ label: day, from: day, to: day });
      t += DAY_MS;
      continue;
    }
    const d = new Date(t);
    const next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    const last = new Date(Math.min(next - DAY_MS, end)).toISOString().slice(0, 10);
    out.push({ label: day.slice(0, 7), from: day, to: last });
    t = next;
  }
  return out;
}

/** A text a spreadsheet would run as a formula gets an apostrophe (OWASP): names come from administrators. */
const safe = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

export async function exportWorkbook(
  values: IndicatorValuesService,
  viewer: Viewer,
  q: Query,
): Promise<{ bytes: Buffer; fileName: string }> {
  const whole = await values.values(viewer, { from: q.from, to: q.to, by: "department", codes: q.code });
  const periods = periodsOf(q.from, q.to, q.period);
  const columns: { label: string; byKey: Map<string, number | null>; total: number | null }[] = [];
  // One grouped query per period (≤ 366): an export is rare, the pages never pay for it.
  for (const p of periods) {
    const v = await values.values(viewer, { from: p.from, to: p.to, by: "department", codes: q.code });
    columns.push({
      label: p.label,
      byKey: new Map(v.groups.map((g) => [g.key, g.values[q.code] ?? null])),
      total: v.totals[q.code] ?? null,
    });
  }
  const indicator = whole.indicators[0];
  const en = q.lang === "en";
  const { default: ExcelJS } = await import("exceljs"); // loaded only when a workbook is asked for
  const wb = new ExcelJS.Workbook();
  wb.creator = "Yiwang";
  const ws = wb.addWorksheet(en ? "Values" : "指标值", { views: [{ state: "frozen", xSplit: 1, ySplit: 4 }] });
  const name = en ? (indicator?.nameEn ?? q.code) : (indicator?.name ?? q.code);
  ws.addRow([safe(`${name} (${q.code})`), indicator?.unit ?? ""]).font = { bold: true, size: 14 };
  ws.addRow([en ? "Range" : "统计区间", `${q.from} – ${q.to}`]);
  ws.addRow([en ? "Rows counted (cases)" : "计算所依据的办件数", whole.freshness.rows]);
  const header = ws.addRow([en ? "Department" : "部门", ...columns.map((c) => c.label), en ? "Whole range" : "全期"]);
  header.font = { bold: true };
  const keys = whole.groups.map((g) => g.key);
  for (const g of whole.groups) {
    const row: Cell[] = [safe(g.label), ...columns.map((c) => c.byKey.get(g.key) ?? null), g.values[q.code] ?? null];
    ws.addRow(row);
  }
  if (keys.length > 1 || !viewer.departmentId) {
    const total = ws.addRow([en ? "Total" : "合计", ...columns.map((c) => c.total), whole.totals[q.code] ?? null]);
    total.font = { bold: true };
  }
  ws.getColumn(1).width = 28;
  for (let i = 2; i <= columns.length + 2; i++) ws.getColumn(i).width = q.period === "day" ? 12 : 10;
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return { bytes, fileName: `${q.code}_${q.from}_${q.to}` };
}
