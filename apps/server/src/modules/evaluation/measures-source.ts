/**
 * The evaluation module's measures for 一网统管 (the indicators module): 好差评 counts per local day of the
 * evaluation and per department, over the same rows and definitions as the statistics (first evaluations,
 * not 追评, none excluded; 差评 = level ≤ 2; 整改 = the rectification replied, on time by its deadline).
 * One grouped aggregate over a date range (index on created_at), never a full scan per view; no personal
 * data leaves (no text, no applicant).
 */
import { type Kysely, sql } from "kysely";
import type { DB } from "../../platform/db/schema.js";

export const EVALUATION_MEASURES = ["total", "satisfied", "bad", "rectified", "rectified_on_time"] as const;

export interface EvaluationMeasureSource {
  sums(
    by: "day" | "department" | null,
    filter: { from: string; to: string; departmentId?: string },
    db: Kysely<DB>,
  ): Promise<Map<string, Record<string, number>>>;
}

export function evaluationMeasureSource(timeZone: string): EvaluationMeasureSource {
  const day = sql<string>`to_char((e.created_at at time zone ${timeZone})::date, 'YYYY-MM-DD')`;
  return {
    async sums(by, filter, db) {
      const key = by === "day" ? day : by === "department" ? sql<string>`e.department_id::text` : sql.lit("all");
      // The range in local days, as instants, so the created_at index serves it.
      const start = sql`(${filter.from}::date::timestamp at time zone ${timeZone})`;
      const end = sql`((${filter.to}::date + 1)::timestamp at time zone ${timeZone})`;
      const { rows } = await sql<Record<string, unknown>>`
        select ${key} as key,
          count(*)::int as total,
          (count(*) filter (where e.level >= 3))::int as satisfied,
          (count(*) filter (where e.level <= 2))::int as bad,
          (count(*) filter (where e.level <= 2 and r.replied_at is not null))::int as rectified,
          (count(*) filter (where e.level <= 2 and r.replied_on_time))::int as rectified_on_time
        from evaluations e
          left join evaluation_exclusions x on x.evaluation_id = e.id
          left join evaluation_rectifications r on r.evaluation_id = e.id
        where e.kind = 'initial' and x.evaluation_id is null
          and e.created_at >= ${start} and e.created_at < ${end}
          ${filter.departmentId ? sql`and e.department_id = ${filter.departmentId}` : sql``}
        group by 1`.execute(db);
      return new Map(
        rows.map((r) => [String(r.key), Object.fromEntries(EVALUATION_MEASURES.map((m) => [m, Number(r[m] ?? 0)]))]),
      );
    },
  };
}
