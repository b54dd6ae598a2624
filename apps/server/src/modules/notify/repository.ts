import type { Insertable, Kysely, Selectable } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { NotificationsTable } from "./db.js";

export type NotificationRow = Selectable<NotificationsTable>;

export class NotificationRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Inserts the notices; returns each one's id by recipient. */
  async insert(trx: Kysely<DB>, rows: Insertable<NotificationsTable>[]): Promise<Map<string, string>> {
    if (rows.length === 0) return new Map();
    const ids = await trx.insertInto("notifications").values(rows).returning(["id", "recipient_account_id"]).execute();
    return new Map(ids.map((r) => [r.recipient_account_id, r.id]));
  }

  async list(
    recipient: string,
    options: { unreadOnly: boolean; limit: number; offset: number },
  ): Promise<{ rows: NotificationRow[]; total: number; unread: number }> {
    let q = this.db.selectFrom("notifications").where("recipient_account_id", "=", recipient);
    if (options.unreadOnly) q = q.where("read_at", "is", null);
    const rows = await q
      .selectAll()
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(options.limit)
      .offset(options.offset)
      .execute();
    const counts = await this.db
      .selectFrom("notifications")
      .where("recipient_account_id", "=", recipient)
      .select((eb) => [
        eb.fn.countAll<number>().as("all"),
        eb.fn.countAll<number>().filterWhere("read_at", "is", null).as("unread"),
      ])
      .executeTakeFirstOrThrow();
    const unread = Number(counts.unread);
    return { rows, total: options.unreadOnly ? unread : Number(counts.all), unread };
  }

  /** Marks one of the recipient's notifications read (keeping the first read time); null if not theirs. */
  async markRead(recipient: string, id: string, at: Date): Promise<NotificationRow | null> {
    const row = await this.db
      .updateTable("notifications")
      .set((eb) => ({ read_at: eb.fn.coalesce("read_at", eb.val(at)) }))
      .where("id", "=", id)
      .where("recipient_account_id", "=", recipient)
      .returningAll()
      .executeTakeFirst();
    return row ?? null;
  }

  async markAllRead(recipient: string, at: Date): Promise<number> {
    const r = await this.db
      .updateTable("notifications")
      .set({ read_at: at })
      .where("recipient_account_id", "=", recipient)
      .where("read_at", "is", null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async unreadCount(recipient: string): Promise<number> {
    const r = await this.db
      .selectFrom("notifications")
      .where("recipient_account_id", "=", recipient)
      .where("read_at", "is", null)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
