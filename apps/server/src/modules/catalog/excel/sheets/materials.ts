import type { CellErrors, Loc } from "../cell-errors.js";
import { boolCell, intCell, labelReader } from "../cell-values.js";
import type { Sheets } from "../sheet-reader.js";
import { FORMAT_ZH, LICENSE_HOLDER_ZH } from "../template.js";
import { ownerOf, withinItem } from "./item-rows.js";
import type { ItemDrafts } from "./items.js";

/** The 材料 sheet: one application material per row, in row order. */

export const MATERIALS_REQUIRED = ["itemCode", "name"];

export function readMaterialsSheet(sheets: Sheets, errors: CellErrors, items: ItemDrafts): void {
  const formatOf = labelReader(errors, FORMAT_ZH);
  const holderOf = labelReader(errors, LICENSE_HOLDER_ZH);
  for (const r of sheets.materials.rows) {
    const d = ownerOf(items, errors, "materials", r);
    if (!d) continue;
    const at = (col: string): Loc => ({ sheet: "materials", row: r.row, col });
    withinItem(d, errors, () =>
      d.materials.push({
        row: r.row,
        raw: {
          name: r.get("name"),
          required: boolCell(errors, at("required"), r.get("required")),
          format: formatOf(at("format"), r.get("format")),
          copies: intCell(errors, at("copies"), r.get("copies")),
          fromLicense: r.get("fromLicense") || null,
          licenseHolder: holderOf(at("licenseHolder"), r.get("licenseHolder")) ?? null,
          blankForm: r.get("blankForm") || null,
          sample: r.get("sample") || null,
          note: r.get("note") || null,
        },
      }),
    );
  }
}
