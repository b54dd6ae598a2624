/**
 * The statistics' SQL: one grouped aggregate over evaluations (not 追评) without an exclusion, joined to
 * their rectification tickets. No rules beyond the counting definitions in stats.ts and the contract.
 */
import type { EvaluationStatsDimension } from "@yiwang/contracts";
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { Scope } from "./rectifications.repository.js";
import type { Counts } from "./stats.js";

const GROUPS: Record<EvaluationStatsDimension, { key: RawBuilder<string>; label: RawBuilder<string> }> = {
  department: { key: sql`e.department_id::text`, label: sql`max(e.department_name)` },
  item: { key: sql`coalesce(e.item_code, e.item_name)`, label: sql`max(e.item_name)` },
  channel: { key: sql`e.channel`, label: sql`e.channel` },
  staff: { key: sql`coalesce(e.staff_id, '')`, label: sql`coalesce(max(e.staff_name), '')` },
  month: { key: sql`e.month`, label: sql`e.month` },
};

export class StatsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async counts(
    by: EvaluationStatsDimension,
    filter: { scope: Scope; from?: string; to?: string },
  ): Promise<(Counts & { key: string; label: string })[]> {
    const g = GROUPS[by];
    const where = [sql`e.kind = 'initial'`, sql`x.evaluation_id is null`];
    if (!filter.scope.all) where.push(sql`e.department_id = ${filter.scope.departmentId}`);
    if (filter.from) where.push(sql`e.month >= ${filter.from}`);
    if (filter.to) where.push(sql`e.month <= ${filter.to}`);
    const r = await sql<{ key: string; label: string } & Counts>`
      select ${g.key} as key, ${g.label} as label,
        count(*)::int as total,
        (count(*) filter (where e.level >= 3))::int as satisfied,
        (count(*) filter (where e.level <= 2))::int as bad,
        (count(*) filter (where e.level <= 2 and r.replied_at is not null))::int as rectified,
        (count(*) filter (where e.level <= 2 and r.replied_on_time))::int as "onTime"
      from evaluations e
        left join evaluation_exclusions x on x.evaluation_id = e.id
        left join evaluation_rectifications r on r.evaluation_id = e.id
      where ${sql.join(where, sql` and `)}
      group by 1
      order by 1`.execute(this.db);
    return r.rows;
  }

  /** Invitations past their expiry that were never evaluated (默认好评 when so configured). */
  async unevaluatedExpired(scope: Scope, now: Date): Promise<number> {
    const r = await sql<{ n: number }>`
      select count(*)::int as n from evaluation_invitations i
      where i.expires_at < ${now}
        ${scope.all ? sql`` : sql`and i.department_id = ${scope.departmentId}`}
        and not exists (select 1 from evaluations e where e.invitation_id = i.id and e.kind = 'initial')`.execute(
      this.db,
    );
    return r.rows[0]?.n ?? 0;
  }
}
