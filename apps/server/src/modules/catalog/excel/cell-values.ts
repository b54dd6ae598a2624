import { ItemCode } from "@yiwang/contracts";
import { type CellErrors, type Loc, zodMessage } from "./cell-errors.js";

/**
 * Cell text → value. Each converter records an error at the cell and returns undefined (NaN for a number
 * that is not one, so the contract reports nothing more there) — an empty cell is undefined without error.
 */

/** A label reader for one vocabulary: the workbook's word or the code itself. */
export function labelReader<T extends string>(errors: CellErrors, labels: Record<T, string>) {
  return (loc: Loc, text: string): T | undefined => {
    if (!text) return undefined;
    for (const [k, zh] of Object.entries(labels) as [T, string][]) if (text === zh || text === k) return k;
    errors.fail(loc, {
      message: `取值“${text}”无效，应为：${Object.values(labels).join("、")}`,
      messageEn: `"${text}" is not one of: ${Object.keys(labels).join(", ")}`,
    });
    return undefined;
  };
}

export function intCell(errors: CellErrors, loc: Loc, text: string): number | undefined {
  if (!text) return undefined;
  const n = Number(text);
  if (Number.isInteger(n)) return n;
  errors.fail(loc, { message: `“${text}”不是整数`, messageEn: `"${text}" is not a whole number` });
  return Number.NaN;
}

export function amountCell(errors: CellErrors, loc: Loc, text: string): number | undefined {
  if (!text) return undefined;
  const n = Number(text);
  if (Number.isFinite(n)) return n;
  errors.fail(loc, { message: `“${text}”不是金额`, messageEn: `"${text}" is not an amount` });
  return Number.NaN;
}

export function boolCell(errors: CellErrors, loc: Loc, text: string): boolean | undefined {
  if (!text) return undefined;
  if (["是", "true", "必需", "y", "yes"].includes(text.toLowerCase())) return true;
  if (["否", "false", "非必需", "n", "no"].includes(text.toLowerCase())) return false;
  errors.fail(loc, { message: `“${text}”应为“是”或“否”`, messageEn: `"${text}" must be 是 or 否` });
  return undefined;
}

/** An item or bundle code; null (and an error) when missing or malformed. */
export function codeCell(errors: CellErrors, loc: Loc, text: string): string | null {
  const r = ItemCode.safeParse(text);
  if (r.success) return r.data;
  errors.fail(loc, text ? zodMessage(r.error.issues[0]!) : { message: "缺少编码", messageEn: "The code is missing" });
  return null;
}
