/**
 * Full-text terms of a datastore row, and the tsquery for CKAN's `q`, built in Node so that PostgreSQL and
 * PGlite index the same lexemes without a Chinese parser: each value lower-cased, whole (up to 100
 * characters) and split at anything that is not a letter or digit, with the suffixes of Chinese runs. A query term matches a lexeme it begins
 * (`'东城':*` finds 东城区), all terms must match (CKAN's datastore q is an AND of words).
 */
const SPLIT = /[^\p{L}\p{N}]+/u;
const MAX_TERM = 100;
const HAN = /\p{Script=Han}/u;
const MAX_HAN_RUN = 30;

function quote(term: string): string {
  return `'${term.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

export function rowLexemes(values: readonly unknown[]): string {
  const terms = new Set<string>();
  for (const v of values) {
    if (v === null || v === undefined) continue;
    const s = String(v).toLowerCase().trim();
    if (!s) continue;
    if (s.length <= MAX_TERM) terms.add(s);
    for (const part of s.split(SPLIT)) {
      if (!part || part.length > MAX_TERM) continue;
      terms.add(part);
      // Chinese has no spaces: every suffix of a Han run is a lexeme, so a prefix query finds any substring
      // (餐饮 in 住宿和餐饮业). Runs are capped so that a long text cell does not explode the vector.
      if (HAN.test(part) && part.length <= MAX_HAN_RUN) for (let i = 1; i < part.length; i++) terms.add(part.slice(i));
    }
  }
  return [...terms].map(quote).join(" ");
}

/** The tsquery text for `q`, or null when it has no searchable term. */
export function queryText(q: string): string | null {
  const terms = q
    .toLowerCase()
    .split(SPLIT)
    .filter((t) => t && t.length <= MAX_TERM)
    .slice(0, 10);
  if (terms.length === 0) return null;
  return terms.map((t) => `${quote(t)}:*`).join(" & ");
}
