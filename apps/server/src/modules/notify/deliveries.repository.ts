import type { Insertable, Kysely, Selectable } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { NotifyDeliveriesTable } from "./db.js";

export type DeliveryRow = Selectable<NotifyDeliveriesTable>;
export type NewDelivery = Insertable<NotifyDeliveriesTable>;

/** The delivery log, which is also the outbox of the channels that leave the platform. */
export class DeliveryRepository {
  /** Inserts the rows whose idempotency key is new; returns those inserted (a repeat returns nothing). */
  async insert(trx: Kysely<DB>, rows: NewDelivery[]): Promise<DeliveryRow[]> {
    if (rows.length === 0) return [];
    return trx
      .insertInto("notify_deliveries")
      .values(rows)
      .onConflict((oc) => oc.column("idempotency_key").doNothing())
      .returningAll()
      .execute();
  }

  /** The row, locked for this transaction (a second process waits, then sees the outcome). */
  async lock(trx: Kysely<DB>, id: string): Promise<DeliveryRow | undefined> {
    return trx.selectFrom("notify_deliveries").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
  }

  async get(db: Kysely<DB>, id: string): Promise<DeliveryRow | undefined> {
    return db.selectFrom("notify_deliveries").selectAll().where("id", "=", id).executeTakeFirst();
  }

  async update(trx: Kysely<DB>, id: string, set: Partial<Omit<DeliveryRow, "id" | "content">>): Promise<void> {
    await trx.updateTable("notify_deliveries").set(set).where("id", "=", id).execute();
  }

  /** SMS sent to the person since `since` (the daily cap). */
  async smsSentSince(trx: Kysely<DB>, accountId: string, since: Date): Promise<number> {
    const r = await trx
      .selectFrom("notify_deliveries")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("recipient_account_id", "=", accountId)
      .where("channel", "=", "sms")
      .where("status", "in", ["sent", "delivered"])
      .where("sent_at", ">=", since)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async list(
    db: Kysely<DB>,
    q: { status?: string; channel?: string; limit: number; offset: number },
  ): Promise<{ rows: DeliveryRow[]; total: number }> {
    let base = db.selectFrom("notify_deliveries");
    if (q.status) base = base.where("status", "=", q.status as DeliveryRow["status"]);
    if (q.channel) base = base.where("channel", "=", q.channel as DeliveryRow["channel"]);
    const rows = await base
      .selectAll()
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(q.limit)
      .offset(q.offset)
      .execute();
    const total = await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    return { rows, total: Number(total.n) };
  }
}
