/** SQL over rectification tickets, appeals and exclusions; no rules here. */
import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { EvaluationAppealsTable, EvaluationExclusionsTable, EvaluationRectificationsTable } from "./db.js";

export type RectificationRow = Selectable<EvaluationRectificationsTable>;
export type AppealRow = Selectable<EvaluationAppealsTable>;

/** Department scope of a list: one department, or all (supervisors). */
export type Scope = { all: true } | { all: false; departmentId: string };

export class RectificationRepository {
  constructor(private readonly db: Kysely<DB>) {}

  insert(trx: Kysely<DB>, values: Insertable<EvaluationRectificationsTable>): Promise<RectificationRow> {
    return trx.insertInto("evaluation_rectifications").values(values).returningAll().executeTakeFirstOrThrow();
  }

  find(id: string, db: Kysely<DB> = this.db): Promise<RectificationRow | undefined> {
    return db.selectFrom("evaluation_rectifications").selectAll().where("id", "=", id).executeTakeFirst();
  }

  byEvaluation(evaluationId: string, db: Kysely<DB> = this.db): Promise<RectificationRow | undefined> {
    return db
      .selectFrom("evaluation_rectifications")
      .selectAll()
      .where("evaluation_id", "=", evaluationId)
      .executeTakeFirst();
  }

  byEvaluations(evaluationIds: string[], db: Kysely<DB> = this.db): Promise<RectificationRow[]> {
    if (evaluationIds.length === 0) return Promise.resolve([]);
    return db.selectFrom("evaluation_rectifications").selectAll().where("evaluation_id", "in", evaluationIds).execute();
  }

  lock(id: string, trx: Kysely<DB>): Promise<RectificationRow | undefined> {
    return trx.selectFrom("evaluation_rectifications").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
  }

  /** Applies a change under the held lock and bumps the version. */
  async update(
    trx: Kysely<DB>,
    row: RectificationRow,
    changes: Updateable<EvaluationRectificationsTable>,
    at: Date,
  ): Promise<RectificationRow> {
    const updated = await trx
      .updateTable("evaluation_rectifications")
      .set({ ...changes, version: row.version + 1, updated_at: at })
      .where("id", "=", row.id)
      .where("version", "=", row.version)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw new Error(`rectification ${row.id} changed under a held lock`);
    return updated;
  }

  async list(
    scope: Scope,
    filter: { status?: string; limit: number; offset: number },
  ): Promise<{ rows: RectificationRow[]; total: number }> {
    let q = this.db.selectFrom("evaluation_rectifications");
    if (!scope.all) q = q.where("department_id", "=", scope.departmentId);
    if (filter.status) q = q.where("status", "=", filter.status);
    const rows = await q
      .selectAll()
      // Open tickets by deadline first, then the rest newest first.
      .orderBy(sql`case when status in ('verifying', 'rectifying') then 0 else 1 end`)
      .orderBy("deadline_date")
      .orderBy("created_at", "desc")
      .orderBy("id")
      .limit(filter.limit)
      .offset(filter.offset)
      .execute();
    const { n } = await q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    return { rows, total: Number(n) };
  }

  // ── appeals and exclusions ──

  insertAppeal(trx: Kysely<DB>, values: Insertable<EvaluationAppealsTable>): Promise<AppealRow> {
    return trx.insertInto("evaluation_appeals").values(values).returningAll().executeTakeFirstOrThrow();
  }

  appealOf(evaluationId: string, db: Kysely<DB> = this.db): Promise<AppealRow | undefined> {
    return db.selectFrom("evaluation_appeals").selectAll().where("evaluation_id", "=", evaluationId).executeTakeFirst();
  }

  appealsOf(evaluationIds: string[], db: Kysely<DB> = this.db): Promise<AppealRow[]> {
    if (evaluationIds.length === 0) return Promise.resolve([]);
    return db.selectFrom("evaluation_appeals").selectAll().where("evaluation_id", "in", evaluationIds).execute();
  }

  lockAppeal(id: string, trx: Kysely<DB>): Promise<AppealRow | undefined> {
    return trx.selectFrom("evaluation_appeals").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
  }

  updateAppeal(trx: Kysely<DB>, id: string, changes: Updateable<EvaluationAppealsTable>): Promise<AppealRow> {
    return trx
      .updateTable("evaluation_appeals")
      .set(changes)
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async appeals(filter: { status?: string; limit: number; offset: number }): Promise<{
    rows: AppealRow[];
    total: number;
  }> {
    let q = this.db.selectFrom("evaluation_appeals");
    if (filter.status) q = q.where("status", "=", filter.status);
    const rows = await q
      .selectAll()
      .orderBy(sql`case when status = 'pending' then 0 else 1 end`)
      .orderBy("filed_at")
      .orderBy("id")
      .limit(filter.limit)
      .offset(filter.offset)
      .execute();
    const { n } = await q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    return { rows, total: Number(n) };
  }

  async insertExclusion(trx: Kysely<DB>, values: Insertable<EvaluationExclusionsTable>): Promise<void> {
    await trx.insertInto("evaluation_exclusions").values(values).execute();
  }
}
