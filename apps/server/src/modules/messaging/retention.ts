/**
 * Retention (保存期限): each thread with messages has one job (`messaging.retention`, key = thread id), armed
 * by the first post after the thread had none, due when its oldest message reaches MESSAGING_RETENTION_DAYS.
 * It deletes the thread's messages older than that, audits the deletion (how many, which sequence numbers,
 * the cut-off) in the same transaction, tells the open clients, and re-arms itself for the next oldest
 * message — or stops when none is left (the next post arms it again).
 */
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { Job } from "../../platform/jobs/index.js";
import type { MessagingDeps } from "./context.js";
import { announce } from "./service.js";

const DAY_MS = 86_400_000;

export class MessageRetention {
  constructor(private readonly deps: MessagingDeps) {}

  async fire(job: Job, trx: Kysely<DB>): Promise<{ reschedule: Date } | undefined> {
    const threadId = job.key;
    const thread = await this.deps.repo.lockThread(threadId, trx);
    if (!thread) return undefined;
    const now = this.deps.clock.now();
    const keepMs = this.deps.config.retentionDays * DAY_MS;
    const cutoff = new Date(now.getTime() - keepMs);
    const deleted = await this.deps.repo.deleteBefore(threadId, cutoff, trx);
    if (deleted.count > 0) {
      await this.deps.audit.append(
        {
          type: "messaging.messages.expired",
          actor: "system",
          subject: `messaging-thread:${threadId}`,
          payload: {
            count: deleted.count,
            firstSeq: deleted.firstSeq,
            lastSeq: deleted.lastSeq,
            cutoff: cutoff.toISOString(),
            retentionDays: this.deps.config.retentionDays,
          },
          time: now,
        },
        trx,
      );
      await announce(trx, { k: "purged", t: threadId, upTo: deleted.lastSeq ?? 0 });
    }
    const oldest = await this.deps.repo.oldestMessageAt(threadId, trx);
    const next = oldest ? new Date(Math.max(oldest.getTime() + keepMs, now.getTime() + 1)) : null;
    await this.deps.repo.setPurgeAt(threadId, next, trx);
    return next ? { reschedule: next } : undefined;
  }
}
