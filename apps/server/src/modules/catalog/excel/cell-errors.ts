import type { CellError } from "@yiwang/contracts";
import type { z } from "zod";
import type { Sheets } from "./sheet-reader.js";
import { SHEETS, type SheetKey } from "./template.js";

/**
 * The import's error list, shared by every sheet's reader: one message per cell (sheet, row, column; the
 * first one wins, so a cell that fails conversion is not reported again by validation), listed in workbook
 * order. Not an error-code catalog: these are per-cell messages for the person who filled in the workbook.
 */

export interface Loc {
  sheet: SheetKey;
  row: number;
  col: string;
}

export type Msg = { message: string; messageEn: string };

export class CellErrors {
  readonly #errors = new Map<string, CellError>();

  constructor(private readonly sheets: Sheets) {}

  /** Readers compare counts before and after reading a row to learn whether it had errors. */
  get count(): number {
    return this.#errors.size;
  }

  fail(loc: Loc, msg: Msg): void {
    const { column, header } = this.sheets[loc.sheet].column(loc.col);
    const key = `${loc.sheet}|${loc.row}|${column}`;
    if (!this.#errors.has(key))
      this.#errors.set(key, { sheet: SHEETS[loc.sheet].name, row: loc.row, column, header, ...msg });
  }

  /** A required column the header row lacks (one error per column, on row 1). */
  missingColumn(sheet: SheetKey, key: string): void {
    const { header } = this.sheets[sheet].column(key);
    this.#errors.set(`${sheet}|1|${key}`, {
      sheet: SHEETS[sheet].name,
      row: 1,
      column: "?",
      header,
      message: `缺少列“${header}”`,
      messageEn: `Missing column "${key}"`,
    });
  }

  missingSheet(sheet: SheetKey, messageEn: string): void {
    const { name } = SHEETS[sheet];
    this.#errors.set(`${sheet}|0`, {
      sheet: name,
      row: 1,
      column: "?",
      header: "",
      message: `缺少工作表“${name}”`,
      messageEn,
    });
  }

  /** Sheet order of the template, then row, then column. */
  list(): CellError[] {
    const order = Object.values(SHEETS).map((s) => s.name as string);
    return [...this.#errors.values()].sort(
      (a, b) => order.indexOf(a.sheet) - order.indexOf(b.sheet) || a.row - b.row || a.column.localeCompare(b.column),
    );
  }
}

/** Splits "中文 / English" contract messages; zod's own messages get a Chinese gloss by issue code. */
export function zodMessage(issue: z.core.$ZodIssue): Msg {
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
