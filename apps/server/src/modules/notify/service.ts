import { randomUUID } from "node:crypto";
import {
  type Notification,
  type NotificationList,
  type NotificationListQuery,
  type NotificationReadAllResult,
  NotificationSend,
} from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { Clock } from "../../platform/clock/clock.js";
import type { DB } from "../../platform/db/schema.js";
import type { Notifier } from "../../platform/ports.js";
import { NotifyErrors } from "./errors.js";
import { NotificationRepository, type NotificationRow } from "./repository.js";
import type { NoticeRouter } from "./router.js";
import "./db.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function toNotification(r: NotificationRow): Notification {
  return {
    id: r.id,
    kind: r.kind,
    title: { zh: r.title_zh, en: r.title_en },
    body: { zh: r.body_zh, en: r.body_en },
    link: r.link,
    subject: r.subject,
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at ? r.read_at.toISOString() : null,
  };
}

/**
 * In-app notifications (站内消息). Other modules send through `app.platform.notify.send(trx, …)` inside the
 * transaction of the change they report, so a notification exists exactly when the change committed. Each
 * account sees and marks only its own. Read marks are the reader's own display state and are not audited.
 */
export class NotificationService implements Notifier {
  readonly #repo: NotificationRepository;

  /**
   * Without a router (the CLI) notices are in-app only; with one (the server: channels.ts), each recipient's
   * chosen channels get a delivery in the log, queued in the same transaction.
   */
  constructor(
    db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly router?: NoticeRouter,
  ) {
    this.#repo = new NotificationRepository(db);
  }

  /**
   * One notification per distinct recipient who takes the in-app channel for this event type (everyone,
   * unless they chose otherwise), in the caller's transaction, and the other chosen channels queued;
   * returns the in-app notices' ids.
   */
  async send(trx: Kysely<DB>, input: NotificationSend): Promise<string[]> {
    const n = NotificationSend.parse(input);
    const now = this.clock.now();
    const recipients = [...new Set(n.recipients)];
    const channels = this.router ? await this.router.channelsFor(trx, recipients, n.kind) : null;
    const inApp = channels ? recipients.filter((r) => channels.get(r)?.includes("inapp")) : recipients;
    const ids = await this.#repo.insert(
      trx,
      inApp.map((recipient) => ({
        recipient_account_id: recipient,
        kind: n.kind,
        title_zh: n.title.zh,
        title_en: n.title.en,
        body_zh: n.body.zh,
        body_en: n.body.en,
        link: n.link ?? null,
        subject: n.subject,
        created_at: now,
      })),
    );
    if (this.router && channels)
      await this.router.route(trx, n, channels, ids, (r) => `notice:${ids.get(r) ?? randomUUID()}`);
    return [...ids.values()];
  }

  async list(accountId: string, query: NotificationListQuery): Promise<NotificationList> {
    const r = await this.#repo.list(accountId, {
      unreadOnly: query.unread === true,
      limit: query.limit,
      offset: query.offset,
    });
    return { items: r.rows.map(toNotification), total: r.total, unread: r.unread };
  }

  /** Marks one of the account's notifications read; NOTIFICATION_NOT_FOUND for anyone else's. */
  async markRead(accountId: string, id: string): Promise<Notification> {
    const row = UUID.test(id) ? await this.#repo.markRead(accountId, id, this.clock.now()) : null;
    if (!row) throw NotifyErrors.NOTIFICATION_NOT_FOUND({ id });
    return toNotification(row);
  }

  async markAllRead(accountId: string): Promise<NotificationReadAllResult> {
    const marked = await this.#repo.markAllRead(accountId, this.clock.now());
    return { marked, unread: await this.#repo.unreadCount(accountId) };
  }
}
