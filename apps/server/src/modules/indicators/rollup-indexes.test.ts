import { type CompiledQuery, type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../platform/db/schema.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { evaluationMeasureSource } from "../evaluation/index.js";
import { exchangeMeasureSource } from "../exchange/index.js";
import { hotlineMeasureSource } from "../hotline/index.js";
import { licenseMeasureSource } from "../licenses/index.js";

/**
 * The 好差评, 12345, exchange and licenses rollups read a range of days by their time column: their own queries (run through the measure
 * sources, prefixed with EXPLAIN) must be able to use the partial created_at indexes. Sequential scans are
 * priced out for the check, so the plan names an index exactly when one serves the range; with a few rows a
 * real planner would (rightly) scan the table. Measured on PostgreSQL with 120,000 rows each: ARCHITECTURE.md.
 */
function explaining(db: Kysely<DB>, plans: string[]): Kysely<DB> {
  return new Proxy(db, {
    get(target, prop) {
      if (prop !== "getExecutor") return Reflect.get(target, prop);
      return () => {
        const executor = target.getExecutor();
        return new Proxy(executor, {
          get(ex, p) {
            if (p === "executeQuery")
              return async (q: CompiledQuery, ...rest: unknown[]) => {
                const plan = await (ex.executeQuery as (...a: unknown[]) => Promise<{ rows: unknown[] }>)(
                  { ...q, sql: `explain ${q.sql}` },
                  ...rest,
                );
                plans.push(plan.rows.map((r) => Object.values(r as object).join(" ")).join("\n"));
                return { rows: [] };
              };
            const v = Reflect.get(ex, p);
            return typeof v === "function" ? v.bind(ex) : v;
          },
        });
      };
    },
  });
}

describe("indicators: the reader measures' scans use their time-column indexes", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each([
    { table: "evaluations", source: evaluationMeasureSource, index: /evaluations_created/, queries: 1 },
    { table: "hotline_requests", source: hotlineMeasureSource, index: /hotline_requests_created/, queries: 1 },
    { table: "exchange_calls", source: exchangeMeasureSource, index: /exchange_calls_at/, queries: 1 },
    // Two aggregates per read: licenses issued, and uses (免提交).
    {
      table: "licenses, license_uses",
      source: licenseMeasureSource,
      index: /licenses_issued_at|license_uses_consented_at/,
      queries: 2,
    },
  ])("$table: a week by day, by department and in all reads $index", async ({ source, index, queries }) => {
    const plans: string[] = [];
    await t.database.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      const measures = source("Asia/Shanghai");
      for (const by of ["day", "department", null] as const)
        await measures.sums(by, { from: "2026-02-01", to: "2026-02-07" }, explaining(trx, plans));
    });
    expect(plans).toHaveLength(3 * queries);
    for (const plan of plans) expect(plan).toMatch(index);
  });
});
