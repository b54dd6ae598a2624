/**
 * The licenses module's measures for 一网统管 (the indicators module), per local day and per issuing
 * department: `issued` — licenses issued (from cases or imported) by their issued_at; `used` — 免提交:
 * materials a case took by reference to a license with the holder's consent instead of a paper copy
 * (license_uses, by consented_at), counted for the department that issued the license (the uses keep no
 * department of the case that used it). Two grouped aggregates over a range of days (indexes
 * licenses_issued_at, license_uses_consented_at), never a full scan; no holder data leaves.
 */
import { type Kysely, sql } from "kysely";
import type { DB } from "../../platform/db/schema.js";

export const LICENSE_MEASURES = ["issued", "used"] as const;

export interface LicenseMeasureSource {
  sums(
    by: "day" | "department" | null,
    filter: { from: string; to: string; departmentId?: string },
    db: Kysely<DB>,
  ): Promise<Map<string, Record<string, number>>>;
}

export function licenseMeasureSource(timeZone: string): LicenseMeasureSource {
  const start = (from: string) => sql`(${from}::date::timestamp at time zone ${timeZone})`;
  const end = (to: string) => sql`((${to}::date + 1)::timestamp at time zone ${timeZone})`;
  const keyOf = (by: "day" | "department" | null, at: string) =>
    by === "day"
      ? sql<string>`to_char((${sql.ref(at)} at time zone ${timeZone})::date, 'YYYY-MM-DD')`
      : by === "department"
        ? sql<string>`l.department_id::text`
        : sql.lit("all");
  return {
    async sums(by, filter, db) {
      const dept = filter.departmentId ? sql`and l.department_id = ${filter.departmentId}` : sql``;
      const issued = await sql<{ key: string; n: number }>`
        select ${keyOf(by, "l.issued_at")} as key, count(*)::int as n
        from licenses l
        where l.issued_at >= ${start(filter.from)} and l.issued_at < ${end(filter.to)} ${dept}
        group by 1`.execute(db);
      const used = await sql<{ key: string; n: number }>`
        select ${keyOf(by, "u.consented_at")} as key, count(*)::int as n
        from license_uses u join licenses l on l.id = u.license_id
        where u.consented_at >= ${start(filter.from)} and u.consented_at < ${end(filter.to)} ${dept}
        group by 1`.execute(db);
      const out = new Map<string, Record<string, number>>();
      const at = (key: string) => {
        let g = out.get(key);
        if (!g) {
          g = { issued: 0, used: 0 };
          out.set(key, g);
        }
        return g;
      };
      for (const r of issued.rows) at(String(r.key)).issued = Number(r.n);
      for (const r of used.rows) at(String(r.key)).used = Number(r.n);
      return out;
    },
  };
}
