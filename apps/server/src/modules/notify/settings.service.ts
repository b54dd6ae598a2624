import { NOTICE_EVENT_TYPES, NOTICE_EVENTS, type NoticeSettings, type NoticeSettingsUpdate } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { Clock } from "../../platform/clock/clock.js";
import type { DB } from "../../platform/db/schema.js";
import type { PhoneDirectory } from "../../platform/ports.js";
import { NotifyErrors } from "./errors.js";
import { defaultChannels } from "./router.js";
import type { SettingsRepository } from "./settings.repository.js";

/**
 * A person's own notice settings: email address, quiet hours, channels per event type. Each person reads and
 * changes only their own (routes pass the signed-in account). A legally required notice needs a channel.
 */
export class SettingsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly repo: SettingsRepository,
    private readonly phones: () => PhoneDirectory | undefined,
  ) {}

  async get(accountId: string, db: Kysely<DB> = this.db): Promise<NoticeSettings> {
    const s = await this.repo.settings(db, accountId);
    const chosen = await this.repo.preferences(db, accountId);
    const phone = await this.phones()?.phoneOf(accountId, db);
    return {
      email: s?.email ?? null,
      phoneOnFile: Boolean(phone),
      quietHours:
        s && s.quiet_start !== null && s.quiet_end !== null ? { start: s.quiet_start, end: s.quiet_end } : null,
      preferences: NOTICE_EVENT_TYPES.map((eventType) => ({
        eventType,
        channels: (chosen.get(eventType) ??
          defaultChannels(eventType)) as NoticeSettings["preferences"][number]["channels"],
        legal: NOTICE_EVENTS[eventType].legal,
      })),
    };
  }

  async update(accountId: string, input: NoticeSettingsUpdate): Promise<NoticeSettings> {
    for (const p of input.preferences ?? [])
      if (NOTICE_EVENTS[p.eventType].legal && p.channels.length === 0)
        throw NotifyErrors.NOTIFY_LEGAL_NOTICE_REQUIRED({ eventType: p.eventType });
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      if (input.email !== undefined || input.quietHours !== undefined) {
        const s = await this.repo.settings(trx, accountId);
        const quiet =
          input.quietHours !== undefined
            ? input.quietHours
            : s && s.quiet_start !== null && s.quiet_end !== null
              ? { start: s.quiet_start, end: s.quiet_end }
              : null;
        await this.repo.saveSettings(trx, {
          account_id: accountId,
          email: input.email !== undefined ? input.email : (s?.email ?? null),
          quiet_start: quiet?.start ?? null,
          quiet_end: quiet?.end ?? null,
          updated_at: now,
        });
      }
      for (const p of input.preferences ?? [])
        await this.repo.savePreference(trx, accountId, p.eventType, [...new Set(p.channels)], now);
      return this.get(accountId, trx);
    });
  }
}
