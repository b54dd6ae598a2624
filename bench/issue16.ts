/**
 * Issue 16's table: every path it names, with the same run's ratio to that path's floor (bare Fastify, a
 * raw PostgreSQL statement, a raw crypto operation, the direct lookup) and the target, "met" or "NOT MET".
 * Each bench section reports its rows with `reportIssue16(key, …)` as it measures them; run.ts prints the
 * table after every section has run. A row whose section did not run (switched off, or no PostgreSQL)
 * prints as "not measured", so the table always shows every target.
 *
 * The case rows belong to bench/cases.ts and bench/case-reads.ts: they report under the keys below.
 */

export type Issue16Key =
  | "session"
  | "departments"
  | "license-verify"
  | "case-detail"
  | "case-mine"
  | "case-inbox"
  | "case-submit"
  | "exchange"
  | "search-zipf";

export interface Issue16Figure {
  /** What was measured, e.g. "9,611 req/s, p99 12 ms [pg]". */
  measured: string;
  /** The floor and its figure in the same run, e.g. "bare Fastify 41,020 req/s". */
  floor: string;
  /** measured ÷ floor (or the figure the target is about, e.g. a p99 in ms); null when there is none. */
  ratio: number | null;
  /** Whether the target holds for this run. */
  met: boolean;
  /** Anything the reader needs to judge the figure (e.g. the share of cache misses). */
  note?: string;
}

/** The rows in the issue's order, with their targets as the issue states them. */
export const ISSUE16_ROWS: readonly { key: Issue16Key; path: string; target: string }[] = [
  { key: "session", path: "GET /api/identity/session (no DB, {me:null})", target: "≥ 0.5× bare Fastify" },
  { key: "departments", path: "GET /api/org/departments (13 rows)", target: "≥ 0.3× bare Fastify" },
  { key: "license-verify", path: "public license verification (QR token)", target: "≥ 0.6× raw ES256 verify" },
  { key: "case-detail", path: "case detail, 50 connections", target: "≥ 2,000 req/s, p99 ≤ 50 ms" },
  { key: "case-mine", path: "my cases, 50 connections", target: "≥ 2,000 req/s, p99 ≤ 50 ms" },
  { key: "case-inbox", path: "inbox, 50 connections", target: "≥ 2,000 req/s, p99 ≤ 50 ms" },
  { key: "case-submit", path: "case submission", target: "≥ 0.05× raw INSERT" },
  { key: "exchange", path: "exchange gateway", target: "≤ 1.5 ms added, ≥ 0.6× direct" },
  { key: "search-zipf", path: "catalog search, Zipf mix of distinct queries", target: "p99 ≤ 20 ms at 50 connections" },
];

const reported = new Map<Issue16Key, Issue16Figure[]>();

/** Adds a figure to a row (a row may get several: PGlite and PostgreSQL, two concurrency levels). */
export function reportIssue16(key: Issue16Key, figure: Issue16Figure): void {
  const list = reported.get(key) ?? [];
  list.push(figure);
  reported.set(key, list);
}

/** The table as Markdown lines. */
export function issue16Table(): string[] {
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const lines = [
    "Issue 16 — each path beside its floor, same run:",
    "| path | measured | floor (same run) | ratio | target | |",
    "| --- | --- | --- | ---: | --- | --- |",
  ];
  for (const row of ISSUE16_ROWS) {
    const figures = reported.get(row.key) ?? [];
    if (figures.length === 0) {
      lines.push(`| ${cell(row.path)} | not measured | | | ${cell(row.target)} | |`);
      continue;
    }
    for (const f of figures) {
      const ratio = f.ratio === null ? "" : f.ratio.toFixed(f.ratio < 0.1 ? 3 : 2);
      const measured = f.note ? `${f.measured} (${f.note})` : f.measured;
      lines.push(
        `| ${cell(row.path)} | ${cell(measured)} | ${cell(f.floor)} | ${ratio} | ${cell(row.target)} | ${f.met ? "met" : "NOT MET"} |`,
      );
    }
  }
  return lines;
}
