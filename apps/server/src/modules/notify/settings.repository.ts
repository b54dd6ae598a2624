import type { Kysely, Selectable } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { NotifySettingsTable } from "./db.js";

export type SettingsRow = Selectable<NotifySettingsTable>;

/** People's notice settings and per-event channel choices. */
export class SettingsRepository {
  async settings(db: Kysely<DB>, accountId: string): Promise<SettingsRow | undefined> {
    return db.selectFrom("notify_settings").selectAll().where("account_id", "=", accountId).executeTakeFirst();
  }

  async settingsOf(db: Kysely<DB>, accountIds: string[]): Promise<Map<string, SettingsRow>> {
    if (accountIds.length === 0) return new Map();
    const rows = await db.selectFrom("notify_settings").selectAll().where("account_id", "in", accountIds).execute();
    return new Map(rows.map((r) => [r.account_id, r]));
  }

  /** Channel choices of these accounts for one event type (accounts without a choice are absent). */
  async channelsOf(db: Kysely<DB>, accountIds: string[], eventType: string): Promise<Map<string, string[]>> {
    if (accountIds.length === 0) return new Map();
    const rows = await db
      .selectFrom("notify_preferences")
      .select(["account_id", "channels"])
      .where("account_id", "in", accountIds)
      .where("event_type", "=", eventType)
      .execute();
    return new Map(rows.map((r) => [r.account_id, r.channels]));
  }

  async preferences(db: Kysely<DB>, accountId: string): Promise<Map<string, string[]>> {
    const rows = await db
      .selectFrom("notify_preferences")
      .select(["event_type", "channels"])
      .where("account_id", "=", accountId)
      .execute();
    return new Map(rows.map((r) => [r.event_type, r.channels]));
  }

  async saveSettings(
    trx: Kysely<DB>,
    row: {
      account_id: string;
      email: string | null;
      quiet_start: number | null;
      quiet_end: number | null;
      updated_at: Date;
    },
  ): Promise<void> {
    await trx
      .insertInto("notify_settings")
      .values(row)
      .onConflict((oc) =>
        oc.column("account_id").doUpdateSet({
          email: row.email,
          quiet_start: row.quiet_start,
          quiet_end: row.quiet_end,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }

  async savePreference(trx: Kysely<DB>, accountId: string, eventType: string, channels: string[], at: Date) {
    await trx
      .insertInto("notify_preferences")
      .values({ account_id: accountId, event_type: eventType, channels, updated_at: at })
      .onConflict((oc) => oc.columns(["account_id", "event_type"]).doUpdateSet({ channels, updated_at: at }))
      .execute();
  }
}
