/**
 * The administrators' side (notify.manage): templates (versioned; a save adds a version and is audited),
 * previews, the delivery log and its dead letters (re-send), and department group webhooks.
 */

import { randomUUID } from "node:crypto";
import type {
  NoticeDelivery,
  NoticeDeliveryList,
  NoticeDeliveryQuery,
  NoticePreview,
  NoticePreviewRequest,
  NoticeQueued,
  NoticeTemplate,
  NoticeTemplateInput,
  NoticeTemplateList,
  NoticeWebhook,
  NoticeWebhookInput,
  NoticeWebhookList,
} from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { Principal } from "../../platform/auth/permissions.js";
import type { Clock } from "../../platform/clock/clock.js";
import type { SecretBox } from "../../platform/crypto/secret-box.js";
import type { DB } from "../../platform/db/schema.js";
import type { AuditLog } from "../../platform/ports.js";
import { webhookAllowed } from "./channels/webhook.js";
import type { DeliveryRepository, DeliveryRow } from "./deliveries.repository.js";
import type { DeliveryQueue } from "./delivery.js";
import { NotifyErrors } from "./errors.js";
import type { NoticeRouter } from "./router.js";
import { allowedVariables, checkTemplate, render, variablesIn } from "./templates.js";
import type { TemplateRepository, TemplateRow } from "./templates.repository.js";

export interface AdminDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditLog;
  box: SecretBox;
  templates: TemplateRepository;
  deliveries: DeliveryRepository;
  queue: DeliveryQueue;
  router: NoticeRouter;
  webhookHosts: readonly string[];
}

const actor = (p: Principal) => `staff:${p.id}`;

export function toTemplate(r: TemplateRow): NoticeTemplate {
  return {
    id: r.id,
    eventType: r.event_type as NoticeTemplate["eventType"],
    language: r.language as NoticeTemplate["language"],
    version: r.version,
    title: r.title,
    body: r.body,
    smsText: r.sms_text,
    smsSign: r.sms_sign,
    smsTemplateId: r.sms_template_id,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
  };
}

export function toDelivery(r: DeliveryRow): NoticeDelivery {
  return {
    id: r.id,
    channel: r.channel,
    eventType: r.event_type,
    subject: r.subject,
    recipient: r.recipient_account_id ?? r.webhook_id,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    legal: r.legal,
    createdAt: r.created_at.toISOString(),
    nextAttemptAt: r.next_attempt_at?.toISOString() ?? null,
    sentAt: r.sent_at?.toISOString() ?? null,
  };
}

export class NotifyAdminService {
  constructor(private readonly d: AdminDeps) {}

  async templates(): Promise<NoticeTemplateList> {
    return { items: (await this.d.templates.list(this.d.db)).map(toTemplate) };
  }

  async saveTemplate(p: Principal, input: NoticeTemplateInput): Promise<NoticeTemplate> {
    checkTemplate(input);
    return this.d.db.transaction().execute(async (trx) => {
      const row = await this.d.templates.insertNext(trx, {
        event_type: input.eventType,
        language: input.language,
        title: input.title,
        body: input.body,
        sms_text: input.smsText || null,
        sms_sign: input.smsSign || null,
        sms_template_id: input.smsTemplateId || null,
        created_by: p.id,
        created_at: this.d.clock.now(),
      });
      await this.d.audit.append(
        {
          type: "notify.template.saved",
          actor: actor(p),
          subject: `notify-template:${row.event_type}/${row.language}`,
          payload: { version: row.version, title: row.title, body: row.body, smsText: row.sms_text },
        },
        trx,
      );
      return toTemplate(row);
    });
  }

  /** Renders a draft with sample values (each variable's own name in brackets unless given). */
  preview(input: NoticePreviewRequest): NoticePreview {
    checkTemplate(input);
    const variables = Object.fromEntries(allowedVariables(input.eventType).map((v) => [v, `[${v}]`]));
    Object.assign(variables, input.variables ?? {});
    return {
      title: render(input.title, variables),
      body: render(input.body, variables),
      smsText: input.smsText ? `${input.smsSign ?? ""}${render(input.smsText, variables)}` : null,
      variables: variablesIn(input.title, input.body, input.smsText),
    };
  }

  async deliveries(q: NoticeDeliveryQuery): Promise<NoticeDeliveryList> {
    const r = await this.d.deliveries.list(this.d.db, q);
    return { items: r.rows.map(toDelivery), total: r.total };
  }

  async resend(p: Principal, id: string): Promise<NoticeDelivery> {
    return this.d.db.transaction().execute(async (trx) => {
      const row = await this.d.deliveries.lock(trx, id);
      if (!row) throw NotifyErrors.NOTIFY_DELIVERY_NOT_FOUND({ id });
      if (row.status !== "failed") throw NotifyErrors.NOTIFY_DELIVERY_NOT_FAILED({ status: row.status });
      await this.d.queue.resend(trx, row);
      await this.d.audit.append(
        {
          type: "notify.delivery.resent",
          actor: actor(p),
          subject: `notify-delivery:${id}`,
          payload: { channel: row.channel },
        },
        trx,
      );
      return toDelivery((await this.d.deliveries.get(trx, id)) as DeliveryRow);
    });
  }

  async webhooks(): Promise<NoticeWebhookList> {
    const rows = await this.d.db.selectFrom("notify_webhooks").selectAll().orderBy("created_at").execute();
    return {
      items: rows.map((r) => ({
        id: r.id,
        departmentId: r.department_id,
        kind: r.kind,
        host: r.host,
        createdAt: r.created_at.toISOString(),
      })),
    };
  }

  /** A department group's webhook: https on an allowed host only; the URL (its key) is stored sealed. */
  async addWebhook(p: Principal, input: NoticeWebhookInput): Promise<NoticeWebhook> {
    const url = webhookAllowed(input.url, this.d.webhookHosts);
    if (!url) throw NotifyErrors.NOTIFY_WEBHOOK_NOT_ALLOWED({ allowedHosts: this.d.webhookHosts });
    const id = randomUUID();
    const now = this.d.clock.now();
    return this.d.db.transaction().execute(async (trx) => {
      await trx
        .insertInto("notify_webhooks")
        .values({
          id,
          department_id: input.departmentId,
          kind: input.kind,
          url_sealed: this.d.box.seal(Buffer.from(url.href), `notify.webhook:${id}`),
          host: url.hostname,
          created_by: p.id,
          created_at: now,
        })
        .execute();
      await this.d.audit.append(
        {
          type: "notify.webhook.added",
          actor: actor(p),
          subject: `department:${input.departmentId}`,
          payload: { id, kind: input.kind, host: url.hostname },
        },
        trx,
      );
      return {
        id,
        departmentId: input.departmentId,
        kind: input.kind,
        host: url.hostname,
        createdAt: now.toISOString(),
      };
    });
  }

  /** Queues a message to each of a department's group webhooks. */
  async sendToDepartment(p: Principal, departmentId: string, text: string): Promise<NoticeQueued> {
    return this.d.db.transaction().execute(async (trx) => {
      const hooks = await trx
        .selectFrom("notify_webhooks")
        .select("id")
        .where("department_id", "=", departmentId)
        .execute();
      if (hooks.length === 0) throw NotifyErrors.NOTIFY_WEBHOOK_NONE({ departmentId });
      const now = this.d.clock.now();
      const messageId = randomUUID();
      const rows = await this.d.queue.enqueue(
        trx,
        hooks.map((h) => ({
          idempotency_key: `group:${messageId}:${h.id}`,
          notification_id: null,
          recipient_account_id: null,
          webhook_id: h.id,
          channel: "webhook" as const,
          event_type: "notify.group_message",
          subject: `department:${departmentId}`,
          template_version: null,
          content: JSON.stringify({ title: "一网通办", body: text }),
          status: "queued" as const,
          created_at: now,
          sent_at: null,
          next_attempt_at: now,
        })),
      );
      await this.d.audit.append(
        {
          type: "notify.group_message.sent",
          actor: actor(p),
          subject: `department:${departmentId}`,
          payload: { text },
        },
        trx,
      );
      return { queued: rows.length };
    });
  }
}
