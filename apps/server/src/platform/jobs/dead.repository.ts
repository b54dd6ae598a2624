import type { Kysely, Selectable } from "kysely";
import type { DB } from "../db/schema.js";
import type { JobsTable } from "./db.js";
import "./db.js";

export type JobRow = Selectable<JobsTable>;

/** SQL over dead jobs (`jobs` rows with `dead_at` set); the rules are in dead.service.ts. */
export class DeadJobRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async list(
    filter: { kind?: string; limit: number; offset: number },
    trx: Kysely<DB> = this.db,
  ): Promise<{ rows: JobRow[]; total: number }> {
    let q = trx.selectFrom("jobs").where("dead_at", "is not", null);
    if (filter.kind) q = q.where("kind", "=", filter.kind);
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy("dead_at", "desc").orderBy("id").limit(filter.limit).offset(filter.offset).execute(),
      q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }

  async countByKind(trx: Kysely<DB> = this.db): Promise<{ kind: string; count: number }[]> {
    const rows = await trx
      .selectFrom("jobs")
      .select(["kind", (eb) => eb.fn.countAll<number>().as("n")])
      .where("dead_at", "is not", null)
      .groupBy("kind")
      .orderBy("kind")
      .execute();
    return rows.map((r) => ({ kind: r.kind, count: Number(r.n) }));
  }

  /** The job, whatever its state, locked for the caller's transaction. */
  lock(id: string, trx: Kysely<DB>): Promise<JobRow | undefined> {
    return trx.selectFrom("jobs").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
  }

  /** Back to pending, due at `runAt`, with attempts and error cleared (the id stays). */
  async revive(id: string, runAt: Date, trx: Kysely<DB>): Promise<void> {
    await trx
      .updateTable("jobs")
      .set({ dead_at: null, attempts: 0, last_error: null, run_at: runAt, locked_until: null })
      .where("id", "=", id)
      .execute();
  }
}
