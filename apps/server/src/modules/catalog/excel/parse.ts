import type { CellError } from "@yiwang/contracts";
import type ExcelJS from "exceljs";
import type { References } from "../references.js";
import { type ValidBundle, validateBundles } from "./bundle-validation.js";
import { CellErrors } from "./cell-errors.js";
import { type ValidItem, validateItems } from "./item-validation.js";
import { readSheets } from "./sheet-reader.js";
import { BUNDLE_ITEMS_REQUIRED, readBundleItemsSheet } from "./sheets/bundle-items.js";
import { BUNDLES_REQUIRED, readBundlesSheet } from "./sheets/bundles.js";
import { FAQ_REQUIRED, readFaqSheet } from "./sheets/faq.js";
import { FEES_REQUIRED, readFeesSheet } from "./sheets/fees.js";
import { ITEMS_REQUIRED, readItemsSheet } from "./sheets/items.js";
import { MATERIALS_REQUIRED, readMaterialsSheet } from "./sheets/materials.js";
import { readStepsSheet, STEPS_REQUIRED } from "./sheets/steps.js";
import { readSynonymsSheet, SYNONYMS_REQUIRED, type SynonymRow } from "./sheets/synonyms.js";
import type { SheetKey } from "./template.js";

/**
 * Reads the catalog workbook into validated items, bundles and synonyms, with one error per bad cell
 * (sheet, row, column): conversion errors (a word that is not a known label, text where a number
 * belongs), contract violations (e.g. promised limit above the legal one, malformed workflow),
 * duplicates, and references to departments, license types or items that do not exist. Each sheet has its
 * reader (`sheets/`); they share one `CellErrors`.
 */

export type { Status } from "./sheets/items.js";

export interface ParsedWorkbook {
  items: ValidItem[];
  bundles: ValidBundle[];
  /** null when the workbook has no synonyms sheet (synonyms are then left alone). */
  synonyms: SynonymRow[] | null;
  /** Codes of items the workbook lists but that have errors. */
  badItems: string[];
  errors: CellError[];
}

/** Columns a present sheet must have, in the template's sheet order. */
const REQUIRED: Partial<Record<SheetKey, string[]>> = {
  items: ITEMS_REQUIRED,
  materials: MATERIALS_REQUIRED,
  fees: FEES_REQUIRED,
  steps: STEPS_REQUIRED,
  faq: FAQ_REQUIRED,
  bundles: BUNDLES_REQUIRED,
  bundleItems: BUNDLE_ITEMS_REQUIRED,
  synonyms: SYNONYMS_REQUIRED,
};

export function parseWorkbook(
  wb: ExcelJS.Workbook,
  refs: References,
  existingItems: ReadonlySet<string>,
): ParsedWorkbook {
  const sheets = readSheets(wb);
  const errors = new CellErrors(sheets);

  for (const [sheet, keys] of Object.entries(REQUIRED) as [SheetKey, string[]][]) {
    if (!sheets[sheet].present) continue;
    for (const k of keys) if (!sheets[sheet].columns.has(k)) errors.missingColumn(sheet, k);
  }
  if (!sheets.items.present) errors.missingSheet("items", 'Missing worksheet "事项" (items)');

  const drafts = readItemsSheet(sheets, errors);
  readMaterialsSheet(sheets, errors, drafts);
  readFeesSheet(sheets, errors, drafts);
  readFaqSheet(sheets, errors, drafts);
  readStepsSheet(sheets, errors, drafts);
  const items = validateItems(drafts, sheets, errors, refs);

  const bundleDrafts = readBundlesSheet(sheets, errors);
  const members = readBundleItemsSheet(sheets, errors, bundleDrafts);
  const validItems = new Set(items.map((i) => i.input.code));
  // an item listed with errors but already in the catalog keeps its current version for the bundle
  const bundles = validateBundles(
    bundleDrafts,
    members,
    sheets,
    errors,
    (c) => validItems.has(c) || existingItems.has(c),
  );

  const synonyms = readSynonymsSheet(sheets, errors);
  return { items, bundles, synonyms, badItems: [...drafts.badItems], errors: errors.list() };
}
