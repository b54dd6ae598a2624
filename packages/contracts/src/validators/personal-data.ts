/**
 * Finds citizen personal data in free text (a staff message): resident ID-card numbers (18 characters that
 * pass the GB 11643 check character and carry a real birth date, by `isIdNumber`) and mainland mobile
 * numbers (by `isMobile`, also written with spaces, hyphens or a +86 prefix). Used to refuse such text
 * rather than to mask it: a message should link the case, where access is checked and recorded.
 */
import { isIdNumber } from "./id-number.js";
import { isMobile, normalizeMobile } from "./mobile.js";

export type PersonalDataKind = "id_number" | "mobile";

// Candidates not glued to other digits/letters; the validators then decide.
const ID_CANDIDATE = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const MOBILE_CANDIDATE = /(?<!\d)(?:(?:\+|00)86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?!\d)/g;

/** The kinds of personal data found in `text` (empty: none). */
export function findPersonalData(text: string): PersonalDataKind[] {
  const found = new Set<PersonalDataKind>();
  for (const m of text.matchAll(ID_CANDIDATE)) if (isIdNumber(m[0].toUpperCase())) found.add("id_number");
  for (const m of text.matchAll(MOBILE_CANDIDATE)) if (isMobile(normalizeMobile(m[0]))) found.add("mobile");
  return [...found];
}
