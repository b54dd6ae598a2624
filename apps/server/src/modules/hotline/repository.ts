/** SQL over the hotline tables; no rules here (the services hold them). */
import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { HotlineActionsTable, HotlineRequestsTable } from "./db.js";

export type RequestRow = Selectable<HotlineRequestsTable>;
export type ActionRow = Selectable<HotlineActionsTable>;

export interface RequestFilter {
  departmentId?: string;
  callerAccountId?: string;
  status?: string;
  statuses?: string[];
  categoryCode?: string;
  since?: Date;
  until?: Date;
  limit: number;
  offset?: number;
}

export class HotlineRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async nextNumber(trx: Kysely<DB>, date: string): Promise<string> {
    const r = await sql<{ n: number }>`select nextval('hotline_request_numbers')::int as n`.execute(trx);
    return `12345-${date.replaceAll("-", "")}-${String(r.rows[0]?.n ?? 0).padStart(6, "0")}`;
  }

  insert(trx: Kysely<DB>, values: Insertable<HotlineRequestsTable>): Promise<RequestRow> {
    return trx.insertInto("hotline_requests").values(values).returningAll().executeTakeFirstOrThrow();
  }

  get(id: string, db: Kysely<DB> = this.db): Promise<RequestRow | undefined> {
    return db.selectFrom("hotline_requests").selectAll().where("id", "=", id).executeTakeFirst();
  }

  lock(id: string, trx: Kysely<DB>): Promise<RequestRow | undefined> {
    return trx.selectFrom("hotline_requests").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
  }

  byTokenHash(hash: Buffer, db: Kysely<DB> = this.db): Promise<RequestRow | undefined> {
    return db.selectFrom("hotline_requests").selectAll().where("token_hash", "=", hash).executeTakeFirst();
  }

  update(trx: Kysely<DB>, id: string, set: Updateable<HotlineRequestsTable>): Promise<RequestRow> {
    return trx
      .updateTable("hotline_requests")
      .set({ ...set, version: sql`version + 1` })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  list(f: RequestFilter, db: Kysely<DB> = this.db): Promise<RequestRow[]> {
    let q = db.selectFrom("hotline_requests").selectAll();
    if (f.departmentId) q = q.where("department_id", "=", f.departmentId);
    if (f.callerAccountId) q = q.where("caller_account_id", "=", f.callerAccountId);
    if (f.status) q = q.where("status", "=", f.status);
    if (f.statuses) q = q.where("status", "in", f.statuses);
    if (f.categoryCode) q = q.where("category_code", "=", f.categoryCode);
    if (f.since) q = q.where("created_at", ">=", f.since);
    if (f.until) q = q.where("created_at", "<=", f.until);
    return q
      .orderBy("created_at", "desc")
      .orderBy("id")
      .limit(f.limit)
      .offset(f.offset ?? 0)
      .execute();
  }

  /** Open requests of a category inside a lat/long box (the caller measures the exact distance). */
  openNear(
    categoryCode: string,
    box: { south: number; north: number; west: number; east: number },
    db: Kysely<DB> = this.db,
  ): Promise<RequestRow[]> {
    return db
      .selectFrom("hotline_requests")
      .selectAll()
      .where("category_code", "=", categoryCode)
      .where("status", "in", ["dispatching", "assigned"])
      .where("lat", ">=", box.south)
      .where("lat", "<=", box.north)
      .where("long", ">=", box.west)
      .where("long", "<=", box.east)
      .limit(50)
      .execute();
  }

  mergedInto(id: string, db: Kysely<DB> = this.db): Promise<RequestRow[]> {
    return db.selectFrom("hotline_requests").selectAll().where("merged_into", "=", id).execute();
  }

  appendAction(trx: Kysely<DB>, values: Insertable<HotlineActionsTable>): Promise<void> {
    return trx
      .insertInto("hotline_actions")
      .values(values)
      .execute()
      .then(() => undefined);
  }

  actions(requestId: string, db: Kysely<DB> = this.db): Promise<ActionRow[]> {
    return db.selectFrom("hotline_actions").selectAll().where("request_id", "=", requestId).orderBy("id").execute();
  }

  photos(requestId: string, db: Kysely<DB> = this.db) {
    return db.selectFrom("hotline_photos").select(["file_id", "name"]).where("request_id", "=", requestId).execute();
  }

  addPhoto(trx: Kysely<DB>, requestId: string, fileId: string, name: string): Promise<void> {
    return trx
      .insertInto("hotline_photos")
      .values({ request_id: requestId, file_id: fileId, name })
      .execute()
      .then(() => undefined);
  }

  insertKey(trx: Kysely<DB>, v: { name: string; key_hash: Buffer; created_by: string; created_at: Date }) {
    return trx.insertInto("hotline_open311_keys").values(v).returning(["id", "name"]).executeTakeFirstOrThrow();
  }

  activeKey(hash: Buffer, db: Kysely<DB> = this.db) {
    return db
      .selectFrom("hotline_open311_keys")
      .select(["id", "name"])
      .where("key_hash", "=", hash)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
  }
}
