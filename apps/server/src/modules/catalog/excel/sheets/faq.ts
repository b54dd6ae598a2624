import type { CellErrors } from "../cell-errors.js";
import type { Sheets } from "../sheet-reader.js";
import { ownerOf } from "./item-rows.js";
import type { ItemDrafts } from "./items.js";

/** The 常见问题 sheet: question and answer per row (plain text, checked by the contract). */

export const FAQ_REQUIRED = ["itemCode", "question", "answer"];

export function readFaqSheet(sheets: Sheets, errors: CellErrors, items: ItemDrafts): void {
  for (const r of sheets.faq.rows) {
    const d = ownerOf(items, errors, "faq", r);
    if (!d) continue;
    d.faq.push({ row: r.row, raw: { question: r.get("question"), answer: r.get("answer") } });
  }
}
