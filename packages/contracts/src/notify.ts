import { z } from "zod";
import { uuid } from "./common.js";

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
});
export type NotificationSend = z.infer<typeof NotificationSend>;
