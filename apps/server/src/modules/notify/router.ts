/**
 * Which channels a notice takes for each recipient, and what it says there. A person's choice for the event
 * type wins; without one, a notice goes in-app only — except legally required ones (NOTICE_EVENTS[…].legal),
 * which default to in-app + SMS and cannot be chosen away entirely (settings refuse an empty choice). Quiet
 * hours hold back the channels that ring (SMS, email, Web Push) until they end; in-app notices are silent and
 * legally required notices are never held back.
 */
import { NOTICE_EVENTS, type NoticeLanguage, type NotificationSend } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { Clock } from "../../platform/clock/clock.js";
import type { DB } from "../../platform/db/schema.js";
import type { DeliveryContent } from "./db.js";
import type { NewDelivery } from "./deliveries.repository.js";
import type { DeliveryQueue } from "./delivery.js";
import type { LocalTime } from "./local-time.js";
import type { SettingsRepository } from "./settings.repository.js";
import { defaultTemplate, isNoticeEvent, render, type TemplateText } from "./templates.js";
import type { TemplateRepository } from "./templates.repository.js";

export const LEGAL_DEFAULT_CHANNELS = ["inapp", "sms"];
export const DEFAULT_CHANNELS = ["inapp"];

export function defaultChannels(eventType: string): string[] {
  return isNoticeEvent(eventType) && NOTICE_EVENTS[eventType].legal ? LEGAL_DEFAULT_CHANNELS : DEFAULT_CHANNELS;
}

export interface RouterDeps {
  clock: Clock;
  settings: SettingsRepository;
  templates: TemplateRepository;
  queue: DeliveryQueue;
  local: LocalTime;
  publicUrl: string;
}

export class NoticeRouter {
  constructor(private readonly d: RouterDeps) {}

  /** The channels each recipient takes for this event type. */
  async channelsFor(trx: Kysely<DB>, recipients: string[], eventType: string): Promise<Map<string, string[]>> {
    const chosen = isNoticeEvent(eventType)
      ? await this.d.settings.channelsOf(trx, recipients, eventType)
      : new Map<string, string[]>();
    return new Map(recipients.map((r) => [r, chosen.get(r) ?? defaultChannels(eventType)]));
  }

  /** The template text in force (the newest saved version, else the built-in one). */
  async template(trx: Kysely<DB>, eventType: string, language: NoticeLanguage): Promise<TemplateText | null> {
    if (!isNoticeEvent(eventType)) return null;
    const row = await this.d.templates.current(trx, eventType, language);
    if (!row) return defaultTemplate(eventType, language);
    return {
      version: row.version,
      title: row.title,
      body: row.body,
      smsText: row.sms_text,
      smsSign: row.sms_sign,
      smsTemplateId: row.sms_template_id,
    };
  }

  absoluteLink(link: string | null | undefined): string {
    if (!link) return "";
    return /^https?:\/\//.test(link) ? link : `${this.d.publicUrl.replace(/\/$/, "")}${link}`;
  }

  /**
   * Logs the in-app notices (delivered as they were written) and queues the other channels, for a notice
   * sent through `notify.send`. `notifications` maps each recipient to the in-app notice written for them.
   */
  async route(
    trx: Kysely<DB>,
    n: NotificationSend,
    channels: Map<string, string[]>,
    notifications: Map<string, string>,
    keyOf: (recipient: string) => string,
  ): Promise<void> {
    const now = this.d.clock.now();
    const legal = isNoticeEvent(n.kind) && NOTICE_EVENTS[n.kind].legal;
    const recipients = [...channels.keys()];
    const outside = recipients.filter((r) => channels.get(r)?.some((c) => c !== "inapp"));
    const language: NoticeLanguage = "zh-CN";
    const template = outside.length > 0 ? await this.template(trx, n.kind, language) : null;
    const settings = await this.d.settings.settingsOf(trx, outside);
    const rows: NewDelivery[] = [];
    for (const recipient of recipients) {
      const notificationId = notifications.get(recipient) ?? null;
      for (const channel of channels.get(recipient) ?? []) {
        const common = {
          idempotency_key: `${keyOf(recipient)}:${channel}`,
          notification_id: notificationId,
          recipient_account_id: recipient,
          webhook_id: null,
          event_type: n.kind,
          subject: n.subject,
          legal,
          language,
          created_at: now,
        };
        if (channel === "inapp") {
          if (!notificationId) continue;
          const content: DeliveryContent = { title: n.title.zh, body: n.body.zh, link: n.link ?? null };
          rows.push({
            ...common,
            channel: "inapp",
            template_version: null,
            content: JSON.stringify(content),
            status: "delivered",
            attempts: 1,
            sent_at: now,
            next_attempt_at: null,
          });
          continue;
        }
        if (channel !== "sms" && channel !== "email" && channel !== "webpush") continue;
        const s = settings.get(recipient);
        const quiet =
          s && s.quiet_start !== null && s.quiet_end !== null ? { start: s.quiet_start, end: s.quiet_end } : null;
        const held = legal ? null : this.d.local.quietUntil(now, quiet);
        rows.push({
          ...common,
          channel,
          template_version: template?.version ?? null,
          content: JSON.stringify(this.content(n, template)),
          status: "queued",
          sent_at: null,
          next_attempt_at: held ?? now,
        });
      }
    }
    await this.d.queue.enqueue(trx, rows);
  }

  /** The rendered content of a notice for the channels outside the app. */
  content(
    n: { title: { zh: string }; body: { zh: string }; link?: string; variables?: Record<string, string> },
    template: TemplateText | null,
  ): DeliveryContent {
    const link = this.absoluteLink(n.link);
    const variables = { ...(n.variables ?? {}), title: n.title.zh, body: n.body.zh, link };
    const t = template ?? { title: "{{title}}", body: "{{body}}", smsText: null, smsSign: null, smsTemplateId: null };
    return {
      title: render(t.title, variables),
      body: render(t.body, variables),
      link,
      smsText: t.smsText ? render(t.smsText, variables) : null,
      smsSign: t.smsSign,
      smsTemplateId: t.smsTemplateId,
      smsParams: variables,
    };
  }
}
