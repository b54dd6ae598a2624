/** SQL of the indicators module (no rules): definitions, facts and rollups, alert rules and history. */
import { type Insertable, type Kysely, type QueryCreator, type RawBuilder, type Selectable, sql } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { withWrites } from "../../platform/db/write-ctes.js";
import type { WriteCte } from "../../platform/ports.js";
import type {
  CaseMeasureColumns,
  IndicatorAlertRulesTable,
  IndicatorAlertRuleVersionsTable,
  IndicatorCaseFactsTable,
  IndicatorDefinitionsTable,
} from "./db.js";
import { MEASURE_COLUMNS, type MeasureColumn } from "./measures.js";

export type DefinitionRow = Selectable<IndicatorDefinitionsTable>;
export type FactRow = Selectable<IndicatorCaseFactsTable>;
export type AlertRuleRow = Selectable<IndicatorAlertRulesTable>;

export interface RollupKey {
  day: string;
  department_id: string;
  region_code: string;
  item_code: string;
  channel: string;
}

export const KEY_COLUMNS = {
  day: "day",
  department: "department_id",
  region: "region_code",
  item: "item_code",
  channel: "channel",
} as const;

/** Sums of every case measure per group, the newest change and the cases counted. */
export interface RollupSums {
  groups: Map<string, Record<MeasureColumn, number>>;
  updatedAt: Date | null;
  rows: number;
}

export interface RollupFilter {
  from: string;
  to: string;
  departmentId?: string;
}

/** Adds (or, with negative values, takes away) a contribution to one rollup row. */
function rollupUpsert(db: QueryCreator<DB>, key: RollupKey, delta: CaseMeasureColumns, at: Date) {
  const set = Object.fromEntries(
    MEASURE_COLUMNS.map((c) => [c, sql`indicator_case_rollups.${sql.ref(c)} + excluded.${sql.ref(c)}`]),
  );
  return db
    .insertInto("indicator_case_rollups")
    .values({ ...key, ...delta, updated_at: at })
    .onConflict((oc) =>
      oc
        .columns(["day", "department_id", "region_code", "item_code", "channel"])
        .doUpdateSet({ ...set, updated_at: at }),
    );
}

function factUpsert(db: QueryCreator<DB>, row: FactRow) {
  const { case_id: _id, ...rest } = row;
  return db
    .insertInto("indicator_case_facts")
    .values(row)
    .onConflict((oc) => oc.column("case_id").doUpdateSet(rest));
}

export class IndicatorRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The newest version of every edited indicator. */
  async currentDefinitions(db: Kysely<DB> = this.db): Promise<DefinitionRow[]> {
    const { rows } = await sql<DefinitionRow>`
      select distinct on (code) * from indicator_definitions order by code, version desc`.execute(db);
    return rows;
  }

  versions(code: string, db: Kysely<DB> = this.db): Promise<DefinitionRow[]> {
    return db
      .selectFrom("indicator_definitions")
      .selectAll()
      .where("code", "=", code)
      .orderBy("version", "desc")
      .execute();
  }

  async insertDefinition(row: DefinitionRow, db: Kysely<DB>): Promise<void> {
    await db.insertInto("indicator_definitions").values(row).execute();
  }

  lockFact(caseId: string, db: Kysely<DB>): Promise<FactRow | undefined> {
    return db
      .selectFrom("indicator_case_facts")
      .selectAll()
      .where("case_id", "=", caseId)
      .forUpdate()
      .executeTakeFirst();
  }

  /**
   * A case's contribution replaced in ONE statement: each rollup row's delta (distinct keys: the upserts are
   * CTEs of one statement, which must not change a row twice), the fact row written or deleted, and the
   * notifications that go with the change (`pg_notify` expressions) in its select list.
   */
  async replaceContribution(
    change: {
      deltas: { key: RollupKey; delta: CaseMeasureColumns }[];
      fact: FactRow | { deleted: string } | null;
      notify: RawBuilder<unknown>[];
      at: Date;
    },
    db: Kysely<DB>,
  ): Promise<void> {
    const writes: WriteCte[] = change.deltas.map(
      ({ key, delta }) =>
        (d) =>
          rollupUpsert(d, key, delta, change.at),
    );
    const { fact } = change;
    if (fact && "deleted" in fact)
      // (A delete as a write CTE: WriteCte names inserts only, the SQL is the same.)
      writes.push((d) => d.deleteFrom("indicator_case_facts").where("case_id", "=", fact.deleted) as never);
    else if (fact) writes.push((d) => factUpsert(d, fact));
    await withWrites(db, writes, "w")
      .selectNoFrom([sql<number>`1`.as("ok"), ...change.notify.map((n, i) => n.as(`n${i}`))])
      .execute();
  }

  /**
   * Sums of every measure by the `by` column over [from, to] (all days for `open`, a snapshot), with the
   * newest change and the cases counted. `by` null: one group.
   */
  async sums(
    by: (typeof KEY_COLUMNS)[keyof typeof KEY_COLUMNS] | null,
    filter: RollupFilter,
    db: Kysely<DB> = this.db,
  ): Promise<RollupSums> {
    const keyExpr = by ? sql.ref(by) : sql.lit("all");
    const dept = filter.departmentId ? sql`and department_id = ${filter.departmentId}` : sql``;
    const dayCols = MEASURE_COLUMNS.filter((c) => c !== "open");
    const ranged = await sql<Record<string, unknown>>`
      select ${keyExpr}::text as key, ${sql.join(dayCols.map((c) => sql`sum(${sql.ref(c)})::bigint as ${sql.ref(c)}`))},
        max(updated_at) as updated_at
      from indicator_case_rollups
      where day between ${filter.from} and ${filter.to} ${dept}
      group by 1`.execute(db);
    const groups = new Map<string, Record<MeasureColumn, number>>();
    const blank = () => Object.fromEntries(MEASURE_COLUMNS.map((c) => [c, 0])) as Record<MeasureColumn, number>;
    let updatedAt: Date | null = null;
    let rows = 0;
    for (const r of ranged.rows) {
      const g = blank();
      for (const c of dayCols) g[c] = Number(r[c] ?? 0);
      groups.set(String(r.key), g);
      rows += g.volume;
      const u = r.updated_at ? new Date(r.updated_at as Date) : null;
      if (u && (!updatedAt || u > updatedAt)) updatedAt = u;
    }
    if (by !== "day") {
      const open = await sql<{ key: string; open: number }>`
        select ${keyExpr}::text as key, sum(open)::bigint as open
        from indicator_case_rollups where open <> 0 ${dept} group by 1`.execute(db);
      for (const r of open.rows) {
        const g = groups.get(r.key) ?? blank();
        g.open = Number(r.open);
        groups.set(r.key, g);
      }
    }
    return { groups, updatedAt, rows };
  }

  async allRollups(db: Kysely<DB>): Promise<(RollupKey & CaseMeasureColumns)[]> {
    const { rows } = await sql<RollupKey & CaseMeasureColumns>`
      select to_char(day, 'YYYY-MM-DD') as day, department_id, region_code, item_code, channel,
        ${sql.join(MEASURE_COLUMNS.map((c) => sql`${sql.ref(c)}::bigint as ${sql.ref(c)}`))}
      from indicator_case_rollups`.execute(db);
    return rows.map((r) => ({ ...r, ...Object.fromEntries(MEASURE_COLUMNS.map((c) => [c, Number(r[c])])) }));
  }

  async drill(
    column: MeasureColumn,
    q: {
      from: string;
      to: string;
      ranged: boolean;
      departmentId?: string;
      region?: string;
      item?: string;
      channel?: string;
    },
    page: { offset: number; limit: number },
    db: Kysely<DB> = this.db,
  ): Promise<{ rows: FactRow[]; total: number }> {
    let base = db.selectFrom("indicator_case_facts").where(column, "<>", 0);
    if (q.ranged) base = base.where("day", ">=", q.from).where("day", "<=", q.to);
    if (q.departmentId) base = base.where("department_id", "=", q.departmentId);
    if (q.region) base = base.where("region_code", "=", q.region);
    if (q.item) base = base.where("item_code", "=", q.item);
    if (q.channel) base = base.where("channel", "=", q.channel);
    const [rows, count] = await Promise.all([
      base
        .selectAll()
        .orderBy("submitted_at", "desc")
        .orderBy("case_id")
        .offset(page.offset)
        .limit(page.limit)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }

  // ── alerts ──

  async insertRule(row: AlertRuleRow, db: Kysely<DB>): Promise<void> {
    await db.insertInto("indicator_alert_rules").values(row).execute();
  }

  rules(departmentId: string | undefined, db: Kysely<DB> = this.db): Promise<AlertRuleRow[]> {
    let q = db.selectFrom("indicator_alert_rules").selectAll().orderBy("created_at").orderBy("id");
    if (departmentId) q = q.where("department_id", "=", departmentId);
    return q.execute();
  }

  async insertRuleVersion(row: Insertable<IndicatorAlertRuleVersionsTable>, db: Kysely<DB>): Promise<void> {
    await db.insertInto("indicator_alert_rule_versions").values(row).execute();
  }

  ruleVersions(ruleId: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom("indicator_alert_rule_versions")
      .selectAll()
      .where("rule_id", "=", ruleId)
      .orderBy("version", "desc")
      .execute();
  }

  lockRule(id: string, db: Kysely<DB>): Promise<AlertRuleRow | undefined> {
    return db.selectFrom("indicator_alert_rules").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
  }

  async updateRule(id: string, set: Partial<AlertRuleRow>, db: Kysely<DB>): Promise<void> {
    await db.updateTable("indicator_alert_rules").set(set).where("id", "=", id).execute();
  }

  async appendHistory(
    row: {
      rule_id: string;
      at: Date;
      from_state: string;
      to_state: string;
      value: number | null;
      notified: boolean;
      actor: string | null;
      note: string | null;
    },
    db: Kysely<DB>,
  ): Promise<void> {
    await db.insertInto("indicator_alert_history").values(row).execute();
  }

  history(ruleId: string, db: Kysely<DB> = this.db) {
    return db.selectFrom("indicator_alert_history").selectAll().where("rule_id", "=", ruleId).orderBy("id").execute();
  }
}
