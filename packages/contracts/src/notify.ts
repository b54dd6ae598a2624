import { z } from "zod";
import { uuid } from "./common.js";
import {
  DELIVERY_STATUSES,
  NOTICE_CHANNELS,
  NOTICE_EVENT_TYPES,
  NOTICE_LANGUAGES,
  type NoticeEventType as NoticeEventTypeName,
  PERSONAL_CHANNELS,
} from "./notify-events.js";

/** Text in both languages: Chinese first, English for the English interface. */
export const BilingualText = z.object({ zh: z.string(), en: z.string() }).meta({ id: "BilingualText" });
export type BilingualText = z.infer<typeof BilingualText>;

/** An in-app notification (站内消息) to one account. */
export const Notification = z
  .object({
    id: uuid,
    kind: z.string().describe("What happened, e.g. case.accepted"),
    title: BilingualText,
    body: BilingualText,
    link: z.string().nullable().describe("Where the web app should go, e.g. /cases/…"),
    subject: z.string().describe("What it is about, e.g. case:<id>"),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({ id: "Notification" });
export type Notification = z.infer<typeof Notification>;

export const NotificationListQuery = z.object({
  /** true: only unread ones. */
  unread: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
export type NotificationListQuery = z.infer<typeof NotificationListQuery>;

export const NotificationList = z
  .object({
    items: z.array(Notification),
    /** How many match the query (for paging). */
    total: z.number().int(),
    /** How many of mine are unread (for the badge), whatever the query. */
    unread: z.number().int(),
  })
  .meta({ id: "NotificationList" });
export type NotificationList = z.infer<typeof NotificationList>;

/** Answer of read-all: how many were marked now, and how many remain unread (0). */
export const NotificationReadAllResult = z.object({ marked: z.number().int(), unread: z.number().int() });
export type NotificationReadAllResult = z.infer<typeof NotificationReadAllResult>;

/** What a module sends (server side: `app.platform.notify.send(trx, …)`). */
export const NotificationSend = z.object({
  recipients: z.array(uuid).max(1000),
  kind: z.string().min(1).max(100),
  title: z.object({ zh: z.string().min(1).max(200), en: z.string().min(1).max(200) }),
  body: z.object({ zh: z.string().max(2000), en: z.string().max(2000) }),
  link: z.string().max(500).optional(),
  subject: z.string().min(1).max(200),
  /** Values for the event type's templates (other channels than in-app), e.g. { caseNumber: "…" }. */
  variables: z.record(z.string().max(64), z.string().max(500)).optional(),
});
export type NotificationSend = z.infer<typeof NotificationSend>;

// ── Channels, templates, preferences, delivery (issue 18) ──

export {
  COMMON_NOTICE_VARIABLES,
  DELIVERY_STATUSES,
  NOTICE_CHANNELS,
  NOTICE_EVENT_TYPES,
  NOTICE_EVENTS,
  NOTICE_LANGUAGES,
  PERSONAL_CHANNELS,
} from "./notify-events.js";

export const NoticeChannel = z.enum(NOTICE_CHANNELS);
export type NoticeChannel = z.infer<typeof NoticeChannel>;
export const NoticeLanguage = z.enum(NOTICE_LANGUAGES);
export type NoticeLanguage = z.infer<typeof NoticeLanguage>;
export type NoticeEventType = NoticeEventTypeName;
export const NoticeEventType = z.enum(NOTICE_EVENT_TYPES as [NoticeEventTypeName, ...NoticeEventTypeName[]]);

const minuteOfDay = z.number().int().min(0).max(1439);

/** One event type's choice of channels. */
export const NoticePreference = z
  .object({
    eventType: NoticeEventType,
    channels: z.array(z.enum(PERSONAL_CHANNELS)).max(PERSONAL_CHANNELS.length),
    legal: z.boolean(),
  })
  .meta({ id: "NoticePreference" });
export type NoticePreference = z.infer<typeof NoticePreference>;

/** A person's notice settings: email address, quiet hours (local minutes of day), and per-event channels. */
export const NoticeSettings = z
  .object({
    email: z.string().nullable(),
    phoneOnFile: z.boolean(),
    quietHours: z.object({ start: minuteOfDay, end: minuteOfDay }).nullable(),
    preferences: z.array(NoticePreference),
  })
  .meta({ id: "NoticeSettings" });
export type NoticeSettings = z.infer<typeof NoticeSettings>;

export const NoticeSettingsUpdate = z.object({
  email: z.email().max(254).nullable().optional(),
  quietHours: z.object({ start: minuteOfDay, end: minuteOfDay }).nullable().optional(),
  preferences: z
    .array(
      z.object({
        eventType: NoticeEventType,
        channels: z.array(z.enum(PERSONAL_CHANNELS)).max(PERSONAL_CHANNELS.length),
      }),
    )
    .max(50)
    .optional(),
});
export type NoticeSettingsUpdate = z.infer<typeof NoticeSettingsUpdate>;

/** A template version for one event type and language. `{{name}}` inserts a variable. */
export const NoticeTemplate = z
  .object({
    id: uuid,
    eventType: NoticeEventType,
    language: NoticeLanguage,
    version: z.number().int(),
    title: z.string(),
    body: z.string(),
    smsText: z.string().nullable(),
    smsSign: z.string().nullable().describe("短信签名, e.g. 【一网通办】"),
    smsTemplateId: z.string().nullable().describe("The SMS platform's approved template id (模板 ID)"),
    createdAt: z.string(),
    createdBy: z.string().nullable(),
  })
  .meta({ id: "NoticeTemplate" });
export type NoticeTemplate = z.infer<typeof NoticeTemplate>;

export const NoticeTemplateInput = z.object({
  eventType: NoticeEventType,
  language: NoticeLanguage,
  title: z.string().min(1).max(200),
  body: z.string().min(1).max(2000),
  smsText: z.string().min(1).max(300).nullable().optional(),
  smsSign: z
    .string()
    .regex(/^【[^【】]{2,12}】$/, "短信签名: 【2–12 characters】")
    .nullable()
    .optional(),
  smsTemplateId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .nullable()
    .optional(),
});
export type NoticeTemplateInput = z.infer<typeof NoticeTemplateInput>;

export const NoticeTemplateList = z.object({ items: z.array(NoticeTemplate) }).meta({ id: "NoticeTemplateList" });
export type NoticeTemplateList = z.infer<typeof NoticeTemplateList>;

export const NoticePreviewRequest = NoticeTemplateInput.extend({
  variables: z.record(z.string().max(64), z.string().max(500)).optional(),
});
export type NoticePreviewRequest = z.infer<typeof NoticePreviewRequest>;
export const NoticePreview = z
  .object({ title: z.string(), body: z.string(), smsText: z.string().nullable(), variables: z.array(z.string()) })
  .meta({ id: "NoticePreview" });
export type NoticePreview = z.infer<typeof NoticePreview>;

export const DeliveryStatus = z.enum(DELIVERY_STATUSES);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

/** One notice on one channel: the delivery log. No address in clear (the recipient is an account id). */
export const NoticeDelivery = z
  .object({
    id: uuid,
    channel: NoticeChannel,
    eventType: z.string(),
    subject: z.string(),
    recipient: z.string().nullable().describe("Account id, or the webhook's department"),
    status: DeliveryStatus,
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    legal: z.boolean(),
    createdAt: z.string(),
    nextAttemptAt: z.string().nullable(),
    sentAt: z.string().nullable(),
  })
  .meta({ id: "NoticeDelivery" });
export type NoticeDelivery = z.infer<typeof NoticeDelivery>;

export const NoticeDeliveryQuery = z.object({
  status: DeliveryStatus.optional(),
  channel: NoticeChannel.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type NoticeDeliveryQuery = z.infer<typeof NoticeDeliveryQuery>;

export const NoticeDeliveryList = z
  .object({ items: z.array(NoticeDelivery), total: z.number().int() })
  .meta({ id: "NoticeDeliveryList" });
export type NoticeDeliveryList = z.infer<typeof NoticeDeliveryList>;

/** A department group's robot webhook (企业微信/钉钉 群机器人). The URL's key is never shown again. */
export const NoticeWebhook = z
  .object({
    id: uuid,
    departmentId: uuid,
    kind: z.enum(["wecom", "dingtalk"]),
    host: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: "NoticeWebhook" });
export type NoticeWebhook = z.infer<typeof NoticeWebhook>;

export const NoticeWebhookInput = z.object({
  departmentId: uuid,
  kind: z.enum(["wecom", "dingtalk"]),
  url: z.url().max(1000),
});
export type NoticeWebhookInput = z.infer<typeof NoticeWebhookInput>;
export const NoticeWebhookList = z.object({ items: z.array(NoticeWebhook) }).meta({ id: "NoticeWebhookList" });
export type NoticeWebhookList = z.infer<typeof NoticeWebhookList>;

/** A message to a department group through its webhooks (queued per webhook). */
export const NoticeWebhookMessage = z.object({ text: z.string().min(1).max(2000) });
export type NoticeWebhookMessage = z.infer<typeof NoticeWebhookMessage>;
export const NoticeQueued = z.object({ queued: z.number().int() });
export type NoticeQueued = z.infer<typeof NoticeQueued>;

/** base64url of exactly `bytes` bytes (unpadded length ⌈4·bytes/3⌉, padding allowed). */
const base64url = (bytes: number) => {
  const chars = Math.ceil((bytes * 4) / 3);
  const pad = (4 - (chars % 4)) % 4;
  return z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${chars}}={0,${pad}}$`), `must be ${bytes} bytes, base64url`);
};

/** A browser's Web Push subscription (PushSubscription.toJSON()): the push service's endpoint and keys. */
export const PushSubscriptionInput = z.object({
  endpoint: z.string().min(1).max(2048),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    /** The browser's P-256 public key (uncompressed point, 65 bytes). */
    p256dh: base64url(65),
    /** The 16-byte authentication secret. */
    auth: base64url(16),
  }),
});
export type PushSubscriptionInput = z.infer<typeof PushSubscriptionInput>;

export const PushUnsubscribe = z.object({ endpoint: z.string().min(1).max(2048) });
export type PushUnsubscribe = z.infer<typeof PushUnsubscribe>;

/** A stored subscription as its owner sees it: only the push service's origin, never the endpoint or keys. */
export const PushSubscription = z
  .object({ id: uuid, origin: z.string(), createdAt: z.string() })
  .meta({ id: "PushSubscription" });
export type PushSubscription = z.infer<typeof PushSubscription>;

/** The VAPID public key browsers subscribe with (applicationServerKey), base64url. */
export const PushPublicKey = z.object({ publicKey: z.string() }).meta({ id: "PushPublicKey" });
export type PushPublicKey = z.infer<typeof PushPublicKey>;
