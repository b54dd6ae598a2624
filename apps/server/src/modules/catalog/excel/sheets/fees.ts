import type { CellErrors } from "../cell-errors.js";
import { amountCell } from "../cell-values.js";
import type { Sheets } from "../sheet-reader.js";
import { ownerOf, withinItem } from "./item-rows.js";
import type { ItemDrafts } from "./items.js";

/** The 收费 sheet: one fee per row (amount in yuan, 减免说明 optional). */

export const FEES_REQUIRED = ["itemCode", "name", "amount", "basis"];

export function readFeesSheet(sheets: Sheets, errors: CellErrors, items: ItemDrafts): void {
  for (const r of sheets.fees.rows) {
    const d = ownerOf(items, errors, "fees", r);
    if (!d) continue;
    withinItem(d, errors, () =>
      d.fees.push({
        row: r.row,
        raw: {
          name: r.get("name"),
          amount: amountCell(errors, { sheet: "fees", row: r.row, col: "amount" }, r.get("amount")),
          basis: r.get("basis"),
          // 减免说明 is optional: an empty cell means none.
          ...(r.get("exemption") ? { exemption: r.get("exemption") } : {}),
        },
      }),
    );
  }
}
