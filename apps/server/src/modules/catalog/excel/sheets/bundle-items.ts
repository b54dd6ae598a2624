import type { CellErrors, Loc } from "../cell-errors.js";
import { intCell } from "../cell-values.js";
import type { Sheets } from "../sheet-reader.js";
import type { BundleDraft } from "./bundles.js";

/** The 一件事事项 sheet: a bundle's members, numbered; members sharing a number are handled in parallel. */

export interface BundleMemberRow {
  seq: number;
  code: string;
  row: number;
}

export const BUNDLE_ITEMS_REQUIRED = ["bundleCode", "seq", "itemCode"];

export function readBundleItemsSheet(
  sheets: Sheets,
  errors: CellErrors,
  bundles: Map<string, BundleDraft>,
): Map<string, BundleMemberRow[]> {
  const members = new Map<string, BundleMemberRow[]>();
  for (const r of sheets.bundleItems.rows) {
    const at = (col: string): Loc => ({ sheet: "bundleItems", row: r.row, col });
    const bcode = r.get("bundleCode").toUpperCase();
    const b = bundles.get(bcode);
    if (!b) {
      errors.fail(at("bundleCode"), {
        message: `“一件事”表中没有编码 ${bcode}`,
        messageEn: `No bundle ${bcode} on the bundles sheet`,
      });
      continue;
    }
    const before = errors.count;
    const seq = intCell(errors, at("seq"), r.get("seq"));
    if (seq === undefined) errors.fail(at("seq"), { message: "缺少序号", messageEn: "The number is missing" });
    if (errors.count > before) b.bad = true;
    const list = members.get(bcode) ?? [];
    list.push({ seq: seq ?? Number.NaN, code: r.get("itemCode").toUpperCase(), row: r.row });
    members.set(bcode, list);
  }
  return members;
}
