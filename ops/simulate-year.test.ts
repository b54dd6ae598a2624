import pg from "pg";
import { describe, expect, it } from "vitest";
import { renderMarkdown, simulateYear } from "./simulate-year.js";

/**
 * The year simulation at a tiny scale (two weeks of a 5 000-person town), so the script keeps working as the
 * schema changes: it loads every table it knows through the real constraints, its audit log passes
 * `yiwang audit verify`, every hot query runs and is explained, and its database is dropped afterwards.
 * PostgreSQL only: the script drives a server (CREATE DATABASE, generate_series bulk loads).
 */
const url = process.env.YIWANG_TEST_PG_URL;

describe.skipIf(!url)("simulate-year", () => {
  it("loads a tiny year, measures the hot queries and leaves a verifiable audit log", {
    timeout: 180_000,
  }, async () => {
    const r = await simulateYear({ databaseUrl: url!, factor: 0.0005, days: 14, runs: 3, verify: true });
    expect(r.verify?.ok, r.verify?.problems.join("; ")).toBe(true);
    expect(r.verify?.entriesChecked).toBeGreaterThan(r.auditEntries);
    const rows = new Map(r.tables.map((t) => [t.table, t.rows]));
    expect(rows.get("cases")).toBe(r.volumes.casesPerDay * 14);
    for (const t of [
      "case_tasks",
      "case_actions",
      "case_materials",
      "exchange_calls",
      "hotline_requests",
      "evaluations",
    ])
      expect(rows.get(t), t).toBeGreaterThan(0);
    expect(rows.get("case_actions")!).toBeGreaterThan(rows.get("cases")! * 3);
    for (const q of r.queries) {
      expect(q.p99Ms, q.name).toBeGreaterThanOrEqual(q.p50Ms);
      expect(q.plans.length, q.name).toBeGreaterThan(0);
      expect(q.plans.join("\n"), q.name).toMatch(/Execution Time/);
    }
    expect(renderMarkdown(r)).toContain("| case detail |");
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const left = await admin.query("select 1 from pg_database where datname = $1", [r.database]);
    await admin.end();
    expect(left.rowCount).toBe(0);
  });
});
