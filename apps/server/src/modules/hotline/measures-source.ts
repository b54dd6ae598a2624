/**
 * The hotline module's measures for 一网统管 (the indicators module): 12345 接诉即办 counts per local day the
 * request was received, per department it was assigned to, or per district (区, for the 大屏 map). Received: every request not merged into
 * another (a duplicate is one request). Answered on time: answered before its deadline (or with none).
 * 解决率 and 满意率 are over the requests called back (回访). One grouped aggregate over a date range; no
 * caller data leaves.
 */
import { type Kysely, sql } from "kysely";
import type { DB } from "../../platform/db/schema.js";

export const HOTLINE_MEASURES = [
  "received",
  "answered",
  "answered_on_time",
  "called_back",
  "resolved",
  "satisfied",
] as const;

export interface HotlineMeasureSource {
  sums(
    by: "day" | "department" | "region" | null,
    filter: { from: string; to: string; departmentId?: string },
    db: Kysely<DB>,
  ): Promise<Map<string, Record<string, number>>>;
}

export function hotlineMeasureSource(timeZone: string): HotlineMeasureSource {
  const day = sql<string>`to_char((h.created_at at time zone ${timeZone})::date, 'YYYY-MM-DD')`;
  return {
    async sums(by, filter, db) {
      const key =
        by === "day"
          ? day
          : by === "department"
            ? sql<string>`coalesce(h.department_id::text, '')`
            : by === "region"
              ? sql<string>`h.district_code`
              : sql.lit("all");
      const start = sql`(${filter.from}::date::timestamp at time zone ${timeZone})`;
      const end = sql`((${filter.to}::date + 1)::timestamp at time zone ${timeZone})`;
      const { rows } = await sql<Record<string, unknown>>`
        select ${key} as key,
          count(*)::int as received,
          (count(*) filter (where h.answered_at is not null))::int as answered,
          (count(*) filter (where h.answered_at is not null
            and (h.deadline_at is null or h.answered_at <= h.deadline_at)))::int as answered_on_time,
          (count(*) filter (where h.callback_at is not null))::int as called_back,
          (count(*) filter (where h.callback_at is not null and h.callback_resolved))::int as resolved,
          (count(*) filter (where h.callback_at is not null and h.callback_satisfied))::int as satisfied
        from hotline_requests h
        where h.merged_into is null and h.created_at >= ${start} and h.created_at < ${end}
          ${filter.departmentId ? sql`and h.department_id = ${filter.departmentId}` : sql``}
        group by 1`.execute(db);
      return new Map(
        rows.map((r) => [String(r.key), Object.fromEntries(HOTLINE_MEASURES.map((m) => [m, Number(r[m] ?? 0)]))]),
      );
    },
  };
}
