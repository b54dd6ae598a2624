import type { CellErrors, Loc } from "../cell-errors.js";
import type { Sheets } from "../sheet-reader.js";
import { splitWords } from "../template.js";

/** The 同义词 sheet: a search term and what it expands to; null when the workbook has no such sheet. */

export interface SynonymRow {
  term: string;
  expansions: string[];
}

export const SYNONYMS_REQUIRED = ["term", "expansions"];

export function readSynonymsSheet(sheets: Sheets, errors: CellErrors): SynonymRow[] | null {
  if (!sheets.synonyms.present) return null;
  const synonyms: SynonymRow[] = [];
  const seen = new Set<string>();
  for (const r of sheets.synonyms.rows) {
    const at = (col: string): Loc => ({ sheet: "synonyms", row: r.row, col });
    const term = r.get("term");
    const expansions = splitWords(r.get("expansions"));
    if (!term || term.length > 50) {
      errors.fail(at("term"), { message: "搜索词应为 1–50 个字", messageEn: "The term must be 1–50 characters" });
      continue;
    }
    if (seen.has(term)) {
      errors.fail(at("term"), { message: `搜索词“${term}”重复`, messageEn: `Duplicate term "${term}"` });
      continue;
    }
    if (expansions.length === 0 || expansions.length > 20 || expansions.some((e) => e.length > 100)) {
      errors.fail(at("expansions"), {
        message: "应填写 1–20 个关键词，以“、”分隔",
        messageEn: "Give 1–20 phrases separated by 、",
      });
      continue;
    }
    seen.add(term);
    synonyms.push({ term, expansions });
  }
  return synonyms;
}
