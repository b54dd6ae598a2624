/**
 * The cases module's measures for 一网统管 (the indicators module): what one filed case counts for, and the
 * same figures aggregated straight from the raw rows (for the recompute job that checks the rollups). The
 * definitions live here, next to the tables, in one SQL expression list used by both, so the incremental
 * path and the recomputation cannot define a measure differently. Nothing personal leaves: no applicant,
 * form or material data.
 *
 * A case counts once filed (status past draft/queued, not cancelled), under the local day it was filed, its
 * lead department (the first of its workflow's departments), region, item and channel (窗口 when staff filed
 * it, else 网上). 即办: decided on the day it was filed. 超期: decided after the end of its deadline day.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { OPEN } from "./state.js";

export interface CaseFact {
  caseId: string;
  number: string | null;
  itemCode: string;
  itemName: string;
  departmentId: string;
  regionCode: string;
  channel: "online" | "window";
  day: string;
  status: string;
  submittedAt: Date;
  decidedAt: Date | null;
  deadlineDate: string | null;
  volume: number;
  online: number;
  decided: number;
  immediate: number;
  overdue: number;
  open: number;
  elapsedMinutes: number;
  promisedDays: number;
}

/** The rollup key of a case and its measures, summed over every case under the key. */
export interface CaseRollupRow {
  day: string;
  departmentId: string;
  regionCode: string;
  itemCode: string;
  channel: string;
  volume: number;
  online: number;
  decided: number;
  immediate: number;
  overdue: number;
  open: number;
  elapsedMinutes: number;
  promisedDays: number;
}

export interface CaseMeasureSource {
  /** One case's fact in the caller's transaction; null when the case does not count (draft, cancelled…). */
  fact(caseId: string, trx: Kysely<DB>): Promise<CaseFact | null>;
  /** Every rollup row recomputed from the raw case rows (a full scan: the recompute job only). */
  rollupFromRaw(trx: Kysely<DB>): Promise<CaseRollupRow[]>;
  /** Ids of filed cases after `afterId` in id order, a page at a time (the backfill). */
  filedCaseIds(trx: Kysely<DB>, afterId: string | null, limit: number): Promise<string[]>;
}

const EXCLUDED = ["draft", "queued", "cancelled"];

export function caseMeasureSource(timeZone: string): CaseMeasureSource {
  const local = (col: RawBuilder<unknown>) => sql`(${col} at time zone ${timeZone})::date`;
  const submitted = sql`c.submitted_at`;
  const decidedAt = sql`c.decided_at`;
  const channel = sql<string>`case when exists (select 1 from case_actions a where a.case_id = c.id
      and a.type = 'submitted' and a.actor_kind = 'staff') then 'window' else 'online' end`;
  const day = sql<string>`to_char(${local(submitted)}, 'YYYY-MM-DD')`;
  const measures = sql`
    1 as volume,
    (${channel} = 'online')::int as online,
    (c.decided_at is not null)::int as decided,
    (c.decided_at is not null and ${local(decidedAt)} = ${local(submitted)})::int as immediate,
    (c.decided_at is not null and c.deadline_date is not null and ${local(decidedAt)} > c.deadline_date)::int as overdue,
    (c.status in (${sql.join(OPEN.map((s) => sql.lit(s)))}))::int as open,
    case when c.decided_at is not null
      then floor(extract(epoch from (c.decided_at - c.submitted_at)) / 60)::bigint else 0 end as elapsed_minutes,
    case when c.decided_at is not null then c.promise_days else 0 end as promised_days`;
  const counted = sql`c.submitted_at is not null and c.status not in (${sql.join(EXCLUDED.map((s) => sql.lit(s)))})`;

  return {
    async fact(caseId, trx) {
      const { rows } = await sql<Record<string, unknown>>`
        select c.id, c.number, c.item_code, c.item_name, c.dept_ids[1] as department_id, c.region_code,
          ${channel} as channel, ${day} as day, c.status, c.submitted_at, c.decided_at,
          to_char(c.deadline_date, 'YYYY-MM-DD') as deadline_date, ${measures}
        from cases c where c.id = ${caseId} and ${counted}`.execute(trx);
      const r = rows[0];
      if (!r) return null;
      return {
        caseId: r.id as string,
        number: (r.number as string | null) ?? null,
        itemCode: r.item_code as string,
        itemName: r.item_name as string,
        departmentId: r.department_id as string,
        regionCode: r.region_code as string,
        channel: r.channel as "online" | "window",
        day: r.day as string,
        status: r.status as string,
        submittedAt: new Date(r.submitted_at as Date),
        decidedAt: r.decided_at ? new Date(r.decided_at as Date) : null,
        deadlineDate: (r.deadline_date as string | null) ?? null,
        volume: Number(r.volume),
        online: Number(r.online),
        decided: Number(r.decided),
        immediate: Number(r.immediate),
        overdue: Number(r.overdue),
        open: Number(r.open),
        elapsedMinutes: Number(r.elapsed_minutes),
        promisedDays: Number(r.promised_days),
      };
    },

    async filedCaseIds(trx, afterId, limit) {
      let q = trx.selectFrom("cases").select("id").where("submitted_at", "is not", null).orderBy("id").limit(limit);
      if (afterId) q = q.where("id", ">", afterId);
      return (await q.execute()).map((r) => r.id);
    },

    async rollupFromRaw(trx) {
      const { rows } = await sql<Record<string, unknown>>`
        select day, department_id, region_code, item_code, channel,
          sum(volume) as volume, sum(online) as online, sum(decided) as decided, sum(immediate) as immediate,
          sum(overdue) as overdue, sum(open) as open, sum(elapsed_minutes) as elapsed_minutes,
          sum(promised_days) as promised_days
        from (
          select ${day} as day, c.dept_ids[1] as department_id, c.region_code, c.item_code,
            ${channel} as channel, ${measures}
          from cases c where ${counted}
        ) f
        group by day, department_id, region_code, item_code, channel`.execute(trx);
      return rows.map((r) => ({
        day: r.day as string,
        departmentId: r.department_id as string,
        regionCode: r.region_code as string,
        itemCode: r.item_code as string,
        channel: r.channel as string,
        volume: Number(r.volume),
        online: Number(r.online),
        decided: Number(r.decided),
        immediate: Number(r.immediate),
        overdue: Number(r.overdue),
        open: Number(r.open),
        elapsedMinutes: Number(r.elapsed_minutes),
        promisedDays: Number(r.promised_days),
      }));
    },
  };
}
