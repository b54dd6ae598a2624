import type { CellErrors, Loc } from "../cell-errors.js";
import { intCell, labelReader } from "../cell-values.js";
import type { Sheets } from "../sheet-reader.js";
import { STAGE_ZH, VETO_ZH } from "../template.js";
import { ownerOf, withinItem } from "./item-rows.js";
import type { ItemDrafts } from "./items.js";

/**
 * The 流程 sheet: one stage per row; rows of an item sharing a step number form a parallel group (grouped,
 * and their veto rules reconciled, when the item is assembled).
 */

export const STEPS_REQUIRED = ["itemCode", "seq", "dept", "stage"];

export function readStepsSheet(sheets: Sheets, errors: CellErrors, items: ItemDrafts): void {
  const stageOf = labelReader(errors, STAGE_ZH);
  const vetoOf = labelReader(errors, VETO_ZH);
  for (const r of sheets.steps.rows) {
    const d = ownerOf(items, errors, "steps", r);
    if (!d) continue;
    const at = (col: string): Loc => ({ sheet: "steps", row: r.row, col });
    withinItem(d, errors, () => {
      const seq = intCell(errors, at("seq"), r.get("seq"));
      if (seq === undefined)
        errors.fail(at("seq"), { message: "缺少环节序号", messageEn: "The step number is missing" });
      d.steps.push({
        seq: seq ?? Number.NaN,
        dept: r.get("dept"),
        stage: stageOf(at("stage"), r.get("stage")),
        veto: vetoOf(at("onVeto"), r.get("onVeto")),
        row: r.row,
      });
    });
  }
}
