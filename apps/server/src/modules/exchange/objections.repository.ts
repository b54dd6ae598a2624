import type { Insertable, Kysely, Selectable, Updateable } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { ExchangeObjectionsTable } from "./db.js";

export type ObjectionRow = Selectable<ExchangeObjectionsTable>;

/** SQL of data quality objections (and the call they refer to). */
export class ObjectionRepository {
  constructor(private readonly db: Kysely<DB>) {}

  findCall(id: string) {
    return this.db.selectFrom("exchange_calls").selectAll().where("id", "=", id).executeTakeFirst();
  }

  insert(values: Insertable<ExchangeObjectionsTable>, db: Kysely<DB> = this.db): Promise<ObjectionRow> {
    return db.insertInto("exchange_objections").values(values).returningAll().executeTakeFirstOrThrow();
  }

  find(id: string, db: Kysely<DB> = this.db, lock = false): Promise<ObjectionRow | undefined> {
    let q = db.selectFrom("exchange_objections").selectAll().where("id", "=", id);
    if (lock) q = q.forUpdate();
    return q.executeTakeFirst();
  }

  update(id: string, values: Updateable<ExchangeObjectionsTable>, db: Kysely<DB> = this.db): Promise<ObjectionRow> {
    return db
      .updateTable("exchange_objections")
      .set(values)
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Objections where the department is the consumer or the provider, newest first. */
  async list(f: { departmentId: string; status?: "open" | "answered"; limit: number; offset: number }) {
    let q = this.db
      .selectFrom("exchange_objections")
      .where((eb) =>
        eb.or([eb("consumer_department_id", "=", f.departmentId), eb("provider_department_id", "=", f.departmentId)]),
      );
    if (f.status) q = q.where("status", "=", f.status);
    const rows = await q
      .selectAll()
      .orderBy("raised_at", "desc")
      .orderBy("id")
      .limit(f.limit)
      .offset(f.offset)
      .execute();
    const { n } = await q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    return { rows, total: Number(n) };
  }
}
