/**
 * The exchange module's measures for 一网统管 (the indicators module): gateway calls per local day of the
 * call and per consumer department (the department whose system called; the indicators' department
 * filter is the consumer too). Errors: every outcome but `ok` (denied, not found, provider failure, …).
 * Latency is a sum of milliseconds, so an average is latency_ms / calls over any grouping (a percentile
 * does not add up across days and departments: the exchange statistics page has those). One grouped
 * aggregate over a range of `at` (index exchange_calls_at, or (consumer_department_id, at) with a
 * department), never a full scan; nothing of a call's query or answer leaves.
 */
import { type Kysely, sql } from "kysely";
import type { DB } from "../../platform/db/schema.js";

export const EXCHANGE_MEASURES = ["calls", "errors", "latency_ms"] as const;

export interface ExchangeMeasureSource {
  sums(
    by: "day" | "department" | null,
    filter: { from: string; to: string; departmentId?: string },
    db: Kysely<DB>,
  ): Promise<Map<string, Record<string, number>>>;
}

export function exchangeMeasureSource(timeZone: string): ExchangeMeasureSource {
  const day = sql<string>`to_char((c.at at time zone ${timeZone})::date, 'YYYY-MM-DD')`;
  return {
    async sums(by, filter, db) {
      const key =
        by === "day"
          ? day
          : by === "department"
            ? sql<string>`coalesce(c.consumer_department_id::text, '')`
            : sql.lit("all");
      const start = sql`(${filter.from}::date::timestamp at time zone ${timeZone})`;
      const end = sql`((${filter.to}::date + 1)::timestamp at time zone ${timeZone})`;
      const { rows } = await sql<Record<string, unknown>>`
        select ${key} as key,
          count(*)::int as calls,
          (count(*) filter (where c.outcome <> 'ok'))::int as errors,
          coalesce(sum(c.latency_ms), 0)::bigint as latency_ms
        from exchange_calls c
        where c.at >= ${start} and c.at < ${end}
          ${filter.departmentId ? sql`and c.consumer_department_id = ${filter.departmentId}` : sql``}
        group by 1`.execute(db);
      return new Map(
        rows.map((r) => [String(r.key), Object.fromEntries(EXCHANGE_MEASURES.map((m) => [m, Number(r[m] ?? 0)]))]),
      );
    },
  };
}
