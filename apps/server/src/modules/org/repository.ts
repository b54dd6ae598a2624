import { type Kysely, type Selectable, sql } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { DepartmentsTable } from "./db.js";

export type DepartmentRow = Selectable<DepartmentsTable>;

export interface DepartmentFilter {
  q?: string;
  regionCode?: string;
  parentId?: string;
  limit: number;
  offset: number;
}

export interface DepartmentValues {
  key: string;
  code: string;
  name: string;
  name_en: string | null;
  region_code: string;
  parent_id: string | null;
}

export class DepartmentRepository {
  constructor(private readonly db: Kysely<DB>) {}

  findById(id: string, db: Kysely<DB> = this.db): Promise<DepartmentRow | undefined> {
    return db.selectFrom("departments").selectAll().where("id", "=", id).executeTakeFirst();
  }

  findByKey(key: string, db: Kysely<DB> = this.db): Promise<DepartmentRow | undefined> {
    return db.selectFrom("departments").selectAll().where("key", "=", key).executeTakeFirst();
  }

  async list(f: DepartmentFilter): Promise<{ rows: DepartmentRow[]; total: number }> {
    let q = this.db.selectFrom("departments");
    const text = f.q;
    if (text) {
      const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) =>
        eb.or([
          eb("name", "ilike", like),
          eb("name_en", "ilike", like),
          eb("key", "ilike", like),
          eb("code", "=", text.toUpperCase()),
        ]),
      );
    }
    if (f.regionCode) q = q.where("region_code", "=", f.regionCode);
    if (f.parentId) q = q.where("parent_id", "=", f.parentId);
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy("region_code").orderBy("code").limit(f.limit).offset(f.offset).execute(),
      q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }

  insert(values: DepartmentValues, db: Kysely<DB> = this.db): Promise<DepartmentRow> {
    return db.insertInto("departments").values(values).returningAll().executeTakeFirstOrThrow();
  }

  /** Inserts departments whose code is not there yet; returns how many were new. */
  async insertMissing(values: DepartmentValues[], db: Kysely<DB> = this.db): Promise<number> {
    if (values.length === 0) return 0;
    const rows = await db
      .insertInto("departments")
      .values(values)
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .execute();
    return rows.length;
  }

  update(id: string, values: Partial<DepartmentValues>, db: Kysely<DB> = this.db): Promise<DepartmentRow | undefined> {
    return db
      .updateTable("departments")
      .set({ ...values, updated_at: sql`now()` })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst();
  }

  async delete(id: string, db: Kysely<DB> = this.db): Promise<boolean> {
    const r = await db.deleteFrom("departments").where("id", "=", id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async hasChildren(id: string, db: Kysely<DB> = this.db): Promise<boolean> {
    const r = await db.selectFrom("departments").select("id").where("parent_id", "=", id).limit(1).executeTakeFirst();
    return r !== undefined;
  }

  /** Ids of a department and all its ancestors, walking parent links upward. */
  async ancestorIds(id: string, db: Kysely<DB> = this.db): Promise<string[]> {
    const r = await sql<{ id: string }>`
      with recursive up(id, parent_id) as (
        select id, parent_id from departments where id = ${id}
        union
        select d.id, d.parent_id from departments d join up on d.id = up.parent_id
      )
      select id from up`.execute(db);
    return r.rows.map((x) => x.id);
  }
}
