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

  constructor(
    db: Kysely<DB>,
    private readonly clock: Clock,
  ) {
    this.#repo = new NotificationRepository(db);
  }

  /** One notification per distinct recipient, in the caller's transaction; returns their ids. */
  async send(trx: Kysely<DB>, input: NotificationSend): Promise<string[]> {
    const n = NotificationSend.parse(input);
    const now = this.clock.now();
    return this.#repo.insert(
      trx,
      [...new Set(n.recipients)].map((recipient) => ({
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
