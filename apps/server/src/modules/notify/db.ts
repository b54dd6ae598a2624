import type { ColumnType, Generated } from "kysely";

export interface NotificationsTable {
  id: Generated<string>;
  recipient_account_id: string;
  kind: string;
  title_zh: string;
  title_en: string;
  body_zh: string;
  body_en: string;
  link: string | null;
  subject: string;
  created_at: Date;
  read_at: Date | null;
}

export interface NotifyTemplatesTable {
  id: Generated<string>;
  event_type: string;
  language: string;
  version: number;
  title: string;
  body: string;
  sms_text: string | null;
  sms_sign: string | null;
  sms_template_id: string | null;
  created_by: string | null;
  created_at: Date;
}

export interface NotifySettingsTable {
  account_id: string;
  email: string | null;
  quiet_start: number | null;
  quiet_end: number | null;
  updated_at: Date;
}

export interface NotifyPreferencesTable {
  account_id: string;
  event_type: string;
  channels: string[];
  updated_at: Date;
}

export interface NotifyWebhooksTable {
  id: Generated<string>;
  department_id: string;
  kind: "wecom" | "dingtalk";
  url_sealed: Buffer;
  host: string;
  created_by: string | null;
  created_at: Date;
}

/** Rendered content of one delivery (what the channel sends). */
export interface DeliveryContent {
  title: string;
  body: string;
  link?: string | null;
  smsText?: string | null;
  smsSign?: string | null;
  smsTemplateId?: string | null;
  smsParams?: Record<string, string>;
}

export interface NotifyDeliveriesTable {
  id: Generated<string>;
  idempotency_key: string;
  notification_id: string | null;
  recipient_account_id: string | null;
  webhook_id: string | null;
  channel: "inapp" | "sms" | "email" | "webhook" | "webpush";
  event_type: string;
  subject: string;
  legal: Generated<boolean>;
  language: Generated<string>;
  template_version: number | null;
  content: ColumnType<DeliveryContent, string, string>;
  status: "queued" | "sent" | "delivered" | "failed";
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: Date | null;
  created_at: Date;
  sent_at: Date | null;
  failed_at: Date | null;
}

export interface NotifyPushSubscriptionsTable {
  id: Generated<string>;
  account_id: string;
  /** SHA-256 of the endpoint. */
  endpoint_hash: Buffer;
  /** JSON {endpoint, p256dh, auth}, sealed with associated data `notify.push:<id>`. */
  sealed: Buffer;
  origin: string;
  created_at: Date;
}

declare module "../../platform/db/schema.js" {
  interface DB {
    notifications: NotificationsTable;
    notify_templates: NotifyTemplatesTable;
    notify_settings: NotifySettingsTable;
    notify_preferences: NotifyPreferencesTable;
    notify_webhooks: NotifyWebhooksTable;
    notify_deliveries: NotifyDeliveriesTable;
    notify_push_subscriptions: NotifyPushSubscriptionsTable;
  }
}
