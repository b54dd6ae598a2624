/** SQL over the cases tables; no rules here (they live in the services). */
import {
  type CompiledQuery,
  type Insertable,
  type InsertObject,
  type Kysely,
  type QueryCreator,
  type RawBuilder,
  type Selectable,
  sql,
  type Updateable,
} from "kysely";
import { nothingWritten, uniqueViolation } from "../../platform/db/pg-errors.js";
import type { DB } from "../../platform/db/schema.js";
import { withWrites } from "../../platform/db/write-ctes.js";
import type { AuditEntryCte, WriteCte } from "../../platform/ports.js";
import type {
  CaseActionsTable,
  CaseDeferralsTable,
  CaseMaterialsTable,
  CasePausesTable,
  CasesTable,
  CaseTasksTable,
} from "./db.js";

export type CaseRow = Selectable<CasesTable>;
export type TaskRow = Selectable<CaseTasksTable>;
export type ActionRow = Selectable<CaseActionsTable>;
export type MaterialRow = Selectable<CaseMaterialsTable>;
export type PauseRow = Selectable<CasePausesTable>;
export type DeferralRow = Selectable<CaseDeferralsTable>;

/** What a case detail shows besides the case row: its tasks, materials, history, pauses and 容缺 record. */
export interface CaseChildren {
  tasks: TaskRow[];
  materials: MaterialRow[];
  actions: ActionRow[];
  pauses: PauseRow[];
  deferral: DeferralRow | undefined;
}

/**
 * The children as JSON arrays of whole rows, in the orders the separate reads use, so a detail is one
 * statement (one round trip, one snapshot) instead of five: issue 16 measured five reads per detail.
 */
const CHILDREN = childrenColumns(sql.ref("c.id"));

/**
 * The children columns of the case `caseId` (an expression). A statement that inserts the case's tasks or
 * history entry itself names the CTEs holding them (`inserted`): its subqueries read the snapshot from
 * before the statement, so the new rows come from the CTEs' RETURNING.
 */
function childrenColumns(caseId: RawBuilder<unknown>, inserted: { tasks?: string; actions?: string } = {}) {
  const rows = (table: string, cte: string | undefined) =>
    cte
      ? sql`(select * from ${sql.table(table)} where case_id = ${caseId} union all select * from ${sql.table(cte)})`
      : sql`(select * from ${sql.table(table)} where case_id = ${caseId})`;
  return [
    sql<
      JsonRow[]
    >`coalesce((select json_agg(t order by t.step, t.branch, t.created_at) from ${rows("case_tasks", inserted.tasks)} t), '[]')`.as(
      "tasks_json",
    ),
    sql<
      JsonRow[]
    >`coalesce((select json_agg(m order by m.added_at) from case_materials m where m.case_id = ${caseId}), '[]')`.as(
      "materials_json",
    ),
    sql<
      JsonRow[]
    >`coalesce((select json_agg(a order by a.seq) from ${rows("case_actions", inserted.actions)} a), '[]')`.as(
      "actions_json",
    ),
    sql<
      JsonRow[]
    >`coalesce((select json_agg(p order by p.started_at) from case_pauses p where p.case_id = ${caseId}), '[]')`.as(
      "pauses_json",
    ),
    sql<JsonRow | null>`(select row_to_json(d) from case_deferrals d where d.case_id = ${caseId})`.as("deferral_json"),
  ] as const;
}

type JsonRow = Record<string, unknown>;

/** JSON renders timestamptz as ISO text; the rows carry Dates as the drivers give them. */
function withDates<T>(r: JsonRow, fields: readonly string[]): T {
  const out: JsonRow = { ...r };
  for (const f of fields) if (typeof out[f] === "string") out[f] = new Date(out[f] as string);
  return out as T;
}

/** The children columns as a statement returns them (CHILDREN). */
interface ChildrenJson {
  tasks_json: JsonRow[];
  materials_json: JsonRow[];
  actions_json: JsonRow[];
  pauses_json: JsonRow[];
  deferral_json: JsonRow | null;
}

/** Stands for the id while the detail's statement is compiled once; each read puts its own id there. */
const ID_SLOT = "00000000-0000-0000-0000-000000000000";

/** A compiled statement whose one parameter is ID_SLOT, so a read can send it with another value. */
function onlyParameter<R>(compiled: CompiledQuery<R>): CompiledQuery<R> {
  if (compiled.parameters.length !== 1 || compiled.parameters[0] !== ID_SLOT)
    throw new Error(`expected the id as the statement's only parameter: ${compiled.sql}`);
  return compiled;
}

function childrenOf(r: ChildrenJson): CaseChildren {
  return {
    tasks: r.tasks_json.map((t) => withDates<TaskRow>(t, ["claimed_at", "completed_at", "created_at"])),
    materials: r.materials_json.map((m) => withDates<MaterialRow>(m, ["added_at"])),
    actions: r.actions_json.map((a) => withDates<ActionRow>(a, ["at"])),
    pauses: r.pauses_json.map((p) => withDates<PauseRow>(p, ["started_at", "ended_at"])),
    deferral: r.deferral_json ? withDates<DeferralRow>(r.deferral_json, ["created_at", "cleared_at"]) : undefined,
  };
}

/** A history entry takes the case's next seq (the case row's lock or version orders the writers). */
function withSeq(values: Omit<Insertable<CaseActionsTable>, "seq">): InsertObject<DB, "case_actions"> {
  return {
    ...values,
    seq: sql<number>`(select coalesce(max(seq), 0) + 1 from case_actions where case_id = ${values.case_id})`,
  };
}

/** What a change writes in its statement besides the case and its history entry. */
export interface ChangeWrites {
  /** The tasks it opens (the next step's). */
  tasks?: Insertable<CaseTasksTable>[];
  /** Any other rows (an event's outbox row and deliveries). */
  other: readonly WriteCte[];
}

/**
 * The case row changed after it was read (its version moved on): impossible under `CaseWriter.locked`, a
 * 409 under `CaseWriter.unlocked` and `CaseWriter.applyAlone`.
 */
export class StaleCaseError extends Error {
  constructor(readonly row: CaseRow) {
    super(`case ${row.id} is no longer at version ${row.version}`);
  }
}

export class CaseRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * The detail's statement, built and compiled once: its text is the same for every case, and building
   * and compiling it per read was ~2 % of a case detail's CPU and ~7 % of the bytes it allocated (sampling
   * heap profile, case-reads bench, 2026-12-06). Each read sends it with its own id.
   */
  #withChildren?: CompiledQuery<CaseRow & ChildrenJson>;

  insertCase(values: Insertable<CasesTable>, db: Kysely<DB> = this.db): Promise<CaseRow> {
    return db.insertInto("cases").values(values).returningAll().executeTakeFirstOrThrow();
  }

  find(id: string, db: Kysely<DB> = this.db): Promise<CaseRow | undefined> {
    return db.selectFrom("cases").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /** The case row and its children in one statement (a detail read). */
  async findWithChildren(id: string): Promise<{ row: CaseRow; children: CaseChildren } | undefined> {
    this.#withChildren ??= onlyParameter(
      this.db.selectFrom("cases as c").selectAll("c").select(CHILDREN).where("c.id", "=", ID_SLOT).compile(),
    );
    const [r] = (await this.db.executeQuery<CaseRow & ChildrenJson>({ ...this.#withChildren, parameters: [id] })).rows;
    if (!r) return undefined;
    const { tasks_json, materials_json, actions_json, pauses_json, deferral_json, ...row } = r;
    return { row, children: childrenOf({ tasks_json, materials_json, actions_json, pauses_json, deferral_json }) };
  }

  /** A case with its attached materials, in one statement: what a submission checks before it locks. */
  async findWithMaterials(id: string): Promise<{ row: CaseRow; materials: MaterialRow[] } | undefined> {
    const r = await this.db
      .selectFrom("cases as c")
      .selectAll("c")
      .select(CHILDREN[1])
      .where("c.id", "=", id)
      .executeTakeFirst();
    if (!r) return undefined;
    const { materials_json, ...row } = r;
    return { row, materials: materials_json.map((m) => withDates<MaterialRow>(m, ["added_at"])) };
  }

  /** The children of a case already read (the detail after a command), in one statement. */
  async children(id: string, db: Kysely<DB> = this.db): Promise<CaseChildren> {
    const r = await db.selectFrom("cases as c").select(CHILDREN).where("c.id", "=", id).executeTakeFirstOrThrow();
    return childrenOf(r);
  }

  /**
   * A person's own filed cases not yet finished (neither delivered nor refused, withdrawn or cancelled;
   * drafts are not filed), newest first; with `departmentId`, only those in that department's workflow.
   */
  openOfApplicant(accountId: string, departmentId: string | null, limit: number): Promise<CaseRow[]> {
    let q = this.db
      .selectFrom("cases")
      .selectAll()
      .where("applicant_account_id", "=", accountId)
      .where("enterprise_id", "is", null)
      .where("status", "not in", ["draft", "delivered", "refused", "withdrawn", "cancelled"]);
    if (departmentId) q = q.where(sql<boolean>`${departmentId}::uuid = any(dept_ids)`);
    return q.orderBy("created_at", "desc").limit(limit).execute();
  }

  /** The row locked for the rest of the transaction (commands on one case run one at a time). */
  lock(id: string, trx: Kysely<DB>): Promise<CaseRow | undefined> {
    return trx.selectFrom("cases").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
  }

  /**
   * Applies a change and bumps the version, matching on the version read (the optimistic lock), with its
   * history entry, audit entry and the change's other writes (an outbox event, the next step's tasks) as
   * CTEs of the same statement: one round trip for the whole change. The CTEs' inserts run whatever the
   * update matched, so the main query asserts that it matched (assert_written, migration
   * 20261209000000): a stale version aborts the whole statement — inside a transaction or, for a change
   * needing nothing else (a submission), on its own. The CTEs all see the snapshot from before the
   * statement; none of them reads the case row (the tasks' copy of the case's status is kept by triggers,
   * which see the statement's own changes). A concurrent history entry without a version bump (a claim
   * under `locked`) can take the same seq: the primary key refuses it and the change is stale as well.
   * With `children`, the statement also answers the case's children as they are after it (its own history
   * entry and tasks from the CTEs' RETURNING) — true only when nothing else writes them after it, as for a
   * change that is a statement on its own (`CaseWriter.applyAlone`): the detail needs no second read.
   */
  async update(
    row: CaseRow,
    changes: Updateable<CasesTable>,
    history: { values: Omit<Insertable<CaseActionsTable>, "seq">; audit: AuditEntryCte },
    writes: ChangeWrites,
    db: Kysely<DB>,
    options: { children?: boolean } = {},
  ): Promise<{ row: CaseRow; children?: CaseChildren }> {
    const tasks = writes.tasks ?? [];
    // Only the columns the change sets come back: the update matched the version read, so every other column
    // is as read (no trigger changes a case row's other columns; the one after an update writes case_tasks).
    // A case row is about 6 kB (its form's JSON Schema alone 2.2 kB), parsed again on every command otherwise.
    const changed = [...new Set(["id", "version", "updated_at", ...Object.keys(changes)])] as (keyof CasesTable)[];
    let q = db
      .with("updated", (d) =>
        d
          .updateTable("cases")
          .set({ ...changes, version: row.version + 1, updated_at: sql<Date>`now()` })
          .where("id", "=", row.id)
          .where("version", "=", row.version)
          .returning(changed),
      )
      .with("action", (d) => d.insertInto("case_actions").values(withSeq(history.values)).returningAll())
      .with("audit", (d) => history.audit(d as unknown as QueryCreator<DB>));
    if (tasks.length > 0)
      q = q.with("new_tasks", (d) => d.insertInto("case_tasks").values(tasks).returningAll()) as unknown as typeof q;
    try {
      const main = (withWrites(q as unknown as QueryCreator<DB>, writes.other, "write") as unknown as typeof q)
        // The guard is a one-row subquery on the preserved side of the join: it is evaluated even when
        // `updated` is empty (a join from `updated` would skip it and let the inserts commit).
        .selectFrom(
          sql<{
            ok: boolean;
          }>`(select assert_written(exists (select 1 from updated), ${`case ${row.id} v${row.version}`}) as ok)`.as(
            "guard",
          ),
        )
        .leftJoin("updated", (j) => j.onTrue())
        .selectAll("updated");
      if (!options.children) {
        const updated = await main.executeTakeFirst();
        if (!(updated as CaseRow | undefined)?.id) throw new StaleCaseError(row);
        return { row: { ...row, ...updated } as CaseRow };
      }
      const inserted = { actions: "action", tasks: tasks.length > 0 ? "new_tasks" : undefined };
      const r = await main.select(childrenColumns(sql`${row.id}::uuid`, inserted)).executeTakeFirst();
      if (!(r as CaseRow | undefined)?.id) throw new StaleCaseError(row);
      const { tasks_json, materials_json, actions_json, pauses_json, deferral_json, ...updated } = r as typeof r & {
        id: string;
      };
      return {
        row: { ...row, ...updated } as CaseRow,
        children: childrenOf({ tasks_json, materials_json, actions_json, pauses_json, deferral_json }),
      };
    } catch (err) {
      if (nothingWritten(err) || uniqueViolation(err) === "case_actions_pkey") throw new StaleCaseError(row);
      throw err;
    }
  }

  /** The history entry, its audit entry and any other writes of the change (an outbox event), in one statement. */
  async appendAction(
    values: Omit<Insertable<CaseActionsTable>, "seq">,
    audit: AuditEntryCte,
    trx: Kysely<DB>,
    writes: readonly WriteCte[] = [],
  ): Promise<void> {
    const q = trx
      .with("action", (db) => db.insertInto("case_actions").values(withSeq(values)))
      .with("audit", (db) => audit(db as unknown as QueryCreator<DB>));
    await withWrites(q as unknown as QueryCreator<DB>, writes, "write")
      .selectNoFrom(sql<number>`1`.as("ok"))
      .execute();
  }

  deferral(caseId: string, db: Kysely<DB> = this.db): Promise<DeferralRow | undefined> {
    return db.selectFrom("case_deferrals").selectAll().where("case_id", "=", caseId).executeTakeFirst();
  }

  async insertDeferral(values: Insertable<CaseDeferralsTable>, trx: Kysely<DB>): Promise<void> {
    await trx.insertInto("case_deferrals").values(values).execute();
  }

  async clearDeferral(caseId: string, at: Date, trx: Kysely<DB>): Promise<void> {
    await trx.updateTable("case_deferrals").set({ cleared_at: at }).where("case_id", "=", caseId).execute();
  }

  actions(caseId: string, db: Kysely<DB> = this.db): Promise<ActionRow[]> {
    return db.selectFrom("case_actions").selectAll().where("case_id", "=", caseId).orderBy("seq").execute();
  }

  tasks(caseId: string, db: Kysely<DB> = this.db): Promise<TaskRow[]> {
    return db
      .selectFrom("case_tasks")
      .selectAll()
      .where("case_id", "=", caseId)
      .orderBy("step")
      .orderBy("branch")
      .orderBy("created_at")
      .execute();
  }

  openTasks(caseId: string, db: Kysely<DB>): Promise<TaskRow[]> {
    return db
      .selectFrom("case_tasks")
      .selectAll()
      .where("case_id", "=", caseId)
      .where("status", "=", "open")
      .orderBy("branch")
      .execute();
  }

  async insertTasks(values: Insertable<CaseTasksTable>[], trx: Kysely<DB>): Promise<void> {
    if (values.length > 0) await trx.insertInto("case_tasks").values(values).execute();
  }

  async updateTask(id: string, changes: Updateable<CaseTasksTable>, trx: Kysely<DB>): Promise<void> {
    await trx.updateTable("case_tasks").set(changes).where("id", "=", id).execute();
  }

  async cancelOpenTasks(caseId: string, trx: Kysely<DB>): Promise<void> {
    await trx
      .updateTable("case_tasks")
      .set({ status: "cancelled", completed_at: sql<Date>`now()` })
      .where("case_id", "=", caseId)
      .where("status", "=", "open")
      .execute();
  }

  materials(caseId: string, db: Kysely<DB> = this.db): Promise<MaterialRow[]> {
    return db.selectFrom("case_materials").selectAll().where("case_id", "=", caseId).orderBy("added_at").execute();
  }

  material(caseId: string, id: string, db: Kysely<DB> = this.db): Promise<MaterialRow | undefined> {
    return db
      .selectFrom("case_materials")
      .selectAll()
      .where("case_id", "=", caseId)
      .where("id", "=", id)
      .executeTakeFirst();
  }

  insertMaterial(values: Insertable<CaseMaterialsTable>, trx: Kysely<DB>): Promise<MaterialRow> {
    return trx.insertInto("case_materials").values(values).returningAll().executeTakeFirstOrThrow();
  }

  async deleteMaterial(id: string, trx: Kysely<DB>): Promise<void> {
    await trx.deleteFrom("case_materials").where("id", "=", id).execute();
  }

  pauses(caseId: string, db: Kysely<DB> = this.db): Promise<PauseRow[]> {
    return db.selectFrom("case_pauses").selectAll().where("case_id", "=", caseId).orderBy("started_at").execute();
  }

  openPause(caseId: string, trx: Kysely<DB>): Promise<PauseRow | undefined> {
    return trx
      .selectFrom("case_pauses")
      .selectAll()
      .where("case_id", "=", caseId)
      .where("ended_at", "is", null)
      .executeTakeFirst();
  }

  async insertPause(values: Insertable<CasePausesTable>, trx: Kysely<DB>): Promise<void> {
    await trx.insertInto("case_pauses").values(values).execute();
  }

  async endPause(
    id: string,
    changes: { ended_at: Date; result: string | null; working_days: number },
    trx: Kysely<DB>,
  ) {
    await trx.updateTable("case_pauses").set(changes).where("id", "=", id).execute();
  }

  /**
   * The next 办件编号 sequence of `prefix` (region + date), atomically, in a statement of its own that
   * commits without waiting for the WAL flush (`synchronous_commit = off` for that one transaction). Every
   * filing of a region on one day takes the same counter row, so with the flush each waited for the
   * previous one's fsync before it could even lock the row. Nothing is lost by it: the case that uses the
   * number commits with the flush later, and flushing the WAL up to its commit flushes this earlier
   * increment too; if the server crashes before such a commit, the lost increment hands the same number
   * out again — to a case, since none has it.
   */
  async allocateNumber(prefix: string): Promise<number> {
    const r = await sql<{ last: number }>`
      insert into case_number_counters (prefix, last)
      select ${prefix}, 1 from (select set_config('synchronous_commit', 'off', true)) as async_commit
      on conflict (prefix) do update set last = case_number_counters.last + 1
      returning last`.execute(this.db);
    return Number(r.rows[0]!.last);
  }

  /** The next number of a counter inside the caller's transaction (a document's serial, say). */
  async nextNumber(prefix: string, trx: Kysely<DB>): Promise<number> {
    const row = await trx
      .insertInto("case_number_counters")
      .values({ prefix, last: 1 })
      .onConflict((oc) => oc.column("prefix").doUpdateSet({ last: sql<number>`case_number_counters.last + 1` }))
      .returning("last")
      .executeTakeFirstOrThrow();
    return row.last;
  }
}
