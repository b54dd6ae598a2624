/** SQL over the field-force tables (roster, position batches, positions); no rules here. */
import type { Insertable, Kysely, Selectable } from "kysely";
import type { DB } from "../../../platform/db/schema.js";
import type { HotlineFieldStaffTable, HotlinePositionsTable } from "../db.js";

export type FieldStaffRow = Selectable<HotlineFieldStaffTable>;
export type PositionRow = Selectable<HotlinePositionsTable>;
export interface LatestPosition {
  account_id: string;
  lat: number;
  long: number;
  at: Date;
}

export class FieldRepository {
  constructor(private readonly db: Kysely<DB>) {}

  staff(accountId: string, db: Kysely<DB> = this.db): Promise<FieldStaffRow | undefined> {
    return db.selectFrom("hotline_field_staff").selectAll().where("account_id", "=", accountId).executeTakeFirst();
  }

  roster(departmentId: string | undefined, db: Kysely<DB> = this.db): Promise<FieldStaffRow[]> {
    let q = db.selectFrom("hotline_field_staff").selectAll();
    if (departmentId) q = q.where("department_id", "=", departmentId);
    return q.orderBy("call_sign").orderBy("account_id").limit(1000).execute();
  }

  upsertStaff(trx: Kysely<DB>, v: Insertable<HotlineFieldStaffTable>): Promise<FieldStaffRow> {
    return trx
      .insertInto("hotline_field_staff")
      .values(v)
      .onConflict((oc) =>
        oc.column("account_id").doUpdateSet({
          department_id: v.department_id,
          kind: v.kind,
          call_sign: v.call_sign,
          name: v.name,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async removeStaff(trx: Kysely<DB>, accountId: string): Promise<boolean> {
    const r = await trx.deleteFrom("hotline_field_staff").where("account_id", "=", accountId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Stores a batch and its positions; returns the positions as stored (their hash goes to the audit log). */
  async insertBatch(
    trx: Kysely<DB>,
    accountId: string,
    receivedAt: Date,
    points: { at: Date; lat: number; long: number; accuracy: number | null }[],
  ): Promise<{ batchId: string; stored: PositionRow[] }> {
    const batch = await trx
      .insertInto("hotline_position_batches")
      .values({ account_id: accountId, received_at: receivedAt, points: points.length })
      .returning("id")
      .executeTakeFirstOrThrow();
    const stored = await trx
      .insertInto("hotline_positions")
      .values(points.map((p) => ({ batch_id: batch.id, account_id: accountId, ...p })))
      .returningAll()
      .execute();
    return { batchId: batch.id, stored: stored.sort((a, b) => a.id - b.id) };
  }

  /** Each rostered person's newest position (one index probe per person). */
  async latest(accountIds: string[], db: Kysely<DB> = this.db): Promise<Map<string, LatestPosition>> {
    if (accountIds.length === 0) return new Map();
    const rows = await db
      .selectFrom("hotline_positions")
      .select(["account_id", "lat", "long", "at"])
      .distinctOn("account_id")
      .where("account_id", "in", accountIds)
      .orderBy("account_id")
      .orderBy("at", "desc")
      .orderBy("id", "desc")
      .execute();
    return new Map(rows.map((r) => [r.account_id, r]));
  }

  track(accountId: string, since: Date, db: Kysely<DB> = this.db) {
    return db
      .selectFrom("hotline_positions")
      .select(["at", "lat", "long"])
      .where("account_id", "=", accountId)
      .where("at", ">=", since)
      .orderBy("at")
      .orderBy("id")
      .limit(5000)
      .execute();
  }

  batchesSince(since: Date, limit: number, db: Kysely<DB> = this.db) {
    return db
      .selectFrom("hotline_position_batches")
      .selectAll()
      .where("received_at", ">=", since)
      .orderBy("received_at")
      .orderBy("id")
      .limit(limit)
      .execute();
  }

  batchPositions(batchId: string, db: Kysely<DB> = this.db): Promise<PositionRow[]> {
    return db.selectFrom("hotline_positions").selectAll().where("batch_id", "=", batchId).orderBy("id").execute();
  }

  /** Open field reports with a position (the events on the command map). */
  openFieldEvents(departmentId: string | undefined, db: Kysely<DB> = this.db) {
    let q = db
      .selectFrom("hotline_requests")
      .select(["id", "number", "category_code", "status", "lat", "long", "created_at"])
      .where("channel", "=", "field")
      .where("status", "in", ["dispatching", "assigned", "answered"])
      .where("lat", "is not", null)
      .where("long", "is not", null);
    if (departmentId) q = q.where("department_id", "=", departmentId);
    return q.orderBy("created_at", "desc").limit(500).execute();
  }

  reportsBy(accountId: string, limit: number, db: Kysely<DB> = this.db) {
    return (
      db
        .selectFrom("hotline_requests")
        .selectAll()
        .where("field_reporter_id", "=", accountId)
        .orderBy("created_at", "desc")
        // Numbers are sequential: the newer of two filed in the same instant comes first.
        .orderBy("number", "desc")
        .limit(limit)
        .execute()
    );
  }
}
