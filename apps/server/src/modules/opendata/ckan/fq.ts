/**
 * The part of Solr's filter-query syntax that CKAN clients send in `fq`: clauses `field:value`,
 * `field:"quoted value"`, an optional leading `+`, separated by spaces or AND. Anything else — an unknown
 * field, a missing value, an unbalanced quote, OR/NOT, ranges, wildcards — is refused (CKAN answers 409 "Search
 * query could not be parsed"), never passed on.
 */
import { naming, OpendataErrors } from "../errors.js";

export const FQ_FIELDS = [
  "organization",
  "owner_org",
  "tags",
  "groups",
  "res_format",
  "license_id",
  "name",
  "id",
  "open_level",
  // always true here: clients add them out of habit
  "dataset_type",
  "type",
  "state",
  "capacity",
] as const;
export type FqField = (typeof FQ_FIELDS)[number];
export interface FqClause {
  field: FqField;
  value: string;
}

const CLAUSE = /^\s*\+?([a-z_]+):(?:"((?:[^"\\]|\\.)*)"|([^\s"()[\]{}*?:\\]+))(?=\s|$)/;

export function parseFq(fq: string): FqClause[] {
  const bad = (why: string) => naming(OpendataErrors.OPENDATA_QUERY_INVALID, fq.slice(0, 100), { query: [why] });
  const clauses: FqClause[] = [];
  let rest = fq.trim();
  while (rest) {
    const and = /^AND\s+/.exec(rest);
    if (and && clauses.length > 0) {
      rest = rest.slice(and[0].length);
      continue;
    }
    const m = CLAUSE.exec(rest);
    if (!m) throw bad(`cannot parse: ${rest.slice(0, 40)}`);
    const field = m[1] as FqField;
    if (!FQ_FIELDS.includes(field)) throw bad(`unknown field ${field}`);
    const value = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : (m[3] as string);
    if (/^(AND|OR|NOT|TO)$/.test(value)) throw bad(`operator ${value} not supported`);
    clauses.push({ field, value });
    rest = rest.slice(m[0].length).trim();
  }
  if (clauses.length > 20) throw bad("too many clauses");
  return clauses;
}
