import type { Kysely } from "kysely";
import type { Clock } from "../../platform/clock/clock.js";
import type { DB } from "../../platform/db/schema.js";
import type { SmsNotifier } from "../../platform/ports.js";
import type { DeliveryQueue } from "./delivery.js";
import type { LocalTime } from "./local-time.js";
import type { NoticeRouter } from "./router.js";
import type { SettingsRepository } from "./settings.repository.js";

/**
 * The `SmsNotifier` port: an SMS for an event type from its template, queued in the caller's transaction.
 * It honours a person's explicit choice of channels for the event type (no SMS if they chose without it),
 * quiet hours, the daily cap and the retries of every delivery; an SMS of the same event type, subject and
 * recipient already queued (e.g. by the person's own choice through `notify.send`) is not queued again.
 */
export class SmsNotices implements SmsNotifier {
  constructor(
    private readonly clock: Clock,
    private readonly router: NoticeRouter,
    private readonly queue: DeliveryQueue,
    private readonly settings: SettingsRepository,
    private readonly local: LocalTime,
  ) {}

  async sms(
    trx: Kysely<DB>,
    n: { recipient: string; eventType: string; subject: string; variables: Record<string, string> },
  ): Promise<boolean> {
    const chosen = (await this.settings.channelsOf(trx, [n.recipient], n.eventType)).get(n.recipient);
    if (chosen && !chosen.includes("sms")) return false;
    const already = await trx
      .selectFrom("notify_deliveries")
      .select("id")
      .where("recipient_account_id", "=", n.recipient)
      .where("channel", "=", "sms")
      .where("event_type", "=", n.eventType)
      .where("subject", "=", n.subject)
      .executeTakeFirst();
    if (already) return false;
    const template = await this.router.template(trx, n.eventType, "zh-CN");
    const title = n.variables.title ?? "";
    const body = n.variables.body ?? "";
    const content = this.router.content(
      { title: { zh: title }, body: { zh: body }, link: n.variables.link, variables: n.variables },
      template,
    );
    const s = await this.settings.settings(trx, n.recipient);
    const now = this.clock.now();
    const quiet =
      s && s.quiet_start !== null && s.quiet_end !== null ? { start: s.quiet_start, end: s.quiet_end } : null;
    const rows = await this.queue.enqueue(trx, [
      {
        idempotency_key: `${n.eventType}:${n.subject}:${n.recipient}:sms`,
        notification_id: null,
        recipient_account_id: n.recipient,
        webhook_id: null,
        channel: "sms",
        event_type: n.eventType,
        subject: n.subject,
        template_version: template?.version ?? null,
        content: JSON.stringify(content),
        status: "queued",
        created_at: now,
        sent_at: null,
        next_attempt_at: this.local.quietUntil(now, quiet) ?? now,
      },
    ]);
    return rows.length > 0;
  }
}
