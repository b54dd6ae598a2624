import type ExcelJS from "exceljs";
import { SHEETS, type SheetKey } from "./template.js";

/**
 * One worksheet as text: its header row mapped to column keys (by Chinese header or key) and its non-empty
 * rows. A missing worksheet reads as present = false with no rows.
 */

export function cellText(v: ExcelJS.CellValue): string {
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

export interface Row {
  row: number;
  get(key: string): string;
}

export class SheetReader {
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

export type Sheets = Record<SheetKey, SheetReader>;

export function readSheets(wb: ExcelJS.Workbook): Sheets {
  return Object.fromEntries((Object.keys(SHEETS) as SheetKey[]).map((k) => [k, new SheetReader(wb, k)])) as Sheets;
}
