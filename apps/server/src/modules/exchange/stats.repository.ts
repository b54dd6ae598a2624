import { type Kysely, sql } from "kysely";
import type { DB } from "../../platform/db/schema.js";

export interface StatsFilter {
  /** First and last day (inclusive), YYYY-MM-DD in `timeZone`. */
  from: string;
  to: string;
  timeZone: string;
  /** Only calls of this provider's resources (none: all calls). */
  providerDepartmentId?: string;
}

/** Aggregates over `exchange_calls` (SQL only; who may see what is the service's business). */
export class ExchangeStatsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  #calls(f: StatsFilter) {
    const provider = f.providerDepartmentId
      ? sql`and c.resource_code in (select code from exchange_resources where provider_department_id = ${f.providerDepartmentId})`
      : sql``;
    return sql`
      select c.* from exchange_calls c
      where c.at >= (${f.from}::date::timestamp at time zone ${f.timeZone})
        and c.at < ((${f.to}::date + 1)::timestamp at time zone ${f.timeZone})
        ${provider}`;
  }

  async daily(f: StatsFilter) {
    const r = await sql<{
      day: string;
      resource_code: string;
      consumer_department_id: string | null;
      calls: number;
      errors: number;
    }>`
      select to_char(c.at at time zone ${f.timeZone}, 'YYYY-MM-DD') as day, c.resource_code,
             c.consumer_department_id, count(*)::int as calls, count(*) filter (where c.outcome <> 'ok')::int as errors
      from (${this.#calls(f)}) c
      group by 1, 2, 3 order by 1, 2, 3`.execute(this.db);
    return r.rows;
  }

  async byResource(f: StatsFilter, limit: number) {
    const r = await sql<{ resource_code: string; calls: number; errors: number; p50: number | null }>`
      select c.resource_code, count(*)::int as calls, count(*) filter (where c.outcome <> 'ok')::int as errors,
             percentile_cont(0.5) within group (order by c.latency_ms)::float8 as p50
      from (${this.#calls(f)}) c
      group by 1 order by 2 desc, 1 limit ${limit}`.execute(this.db);
    return r.rows;
  }

  async byOutcome(f: StatsFilter) {
    const r = await sql<{ outcome: string; calls: number }>`
      select c.outcome, count(*)::int as calls from (${this.#calls(f)}) c
      where c.outcome <> 'ok' group by 1 order by 2 desc, 1`.execute(this.db);
    return r.rows;
  }
}
