import type { CellErrors } from "../cell-errors.js";
import type { Row } from "../sheet-reader.js";
import type { SheetKey } from "../template.js";
import type { ItemDraft, ItemDrafts } from "./items.js";

/**
 * What the item-detail sheets (材料, 收费, 常见问题, 流程) share: a row belongs to the item its 实施编码
 * names, and an error in the row makes that item bad.
 */

/** The row's item; an unknown code is an error unless the item is already known to be bad. */
export function ownerOf(items: ItemDrafts, errors: CellErrors, sheet: SheetKey, r: Row): ItemDraft | undefined {
  const code = r.get("itemCode").toUpperCase();
  const d = items.drafts.get(code);
  if (!d && !items.badItems.has(code))
    errors.fail(
      { sheet, row: r.row, col: "itemCode" },
      code
        ? { message: `“事项”表中没有实施编码 ${code}`, messageEn: `No item ${code} on the items sheet` }
        : { message: "缺少实施编码", messageEn: "The item code is missing" },
    );
  return d;
}

/** Runs `fn`, and marks the item bad when it recorded an error. */
export function withinItem(d: ItemDraft, errors: CellErrors, fn: () => void): void {
  const before = errors.count;
  fn();
  if (errors.count > before) d.bad = true;
}
