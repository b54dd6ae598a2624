/**
 * Delivery of notices on the channels that leave the platform, at least once, from the outbox: a queued row
 * in `notify_deliveries` (the log) and a `notify.deliver` job (key = the row's id) written in the notice's
 * transaction. The job handler locks the row, sends, and records the outcome in the same transaction; a
 * failure is retried with exponential backoff (30 s doubling) until NOTIFY_MAX_ATTEMPTS, then the row is
 * `failed` — the dead-letter list, from which an administrator re-sends it. A row already sent is never sent
 * again (the job of a row that is not queued completes without sending), and the row's idempotency key (notice
 * + channel) goes to the provider, so a crash between the provider's success and our commit repeats a message
 * the provider can recognise — at least once, never twice by our own doing.
 */
import type { Kysely } from "kysely";
import type { SecretBox } from "../../platform/crypto/secret-box.js";
import type { DB } from "../../platform/db/schema.js";
import type { Job } from "../../platform/jobs/index.js";
import type { Clock, PhoneDirectory } from "../../platform/ports.js";
import type { Channel } from "./channels/channel.js";
import type { DeliveryRepository, DeliveryRow, NewDelivery } from "./deliveries.repository.js";
import type { LocalTime } from "./local-time.js";
import type { PushRepository } from "./push.repository.js";
import type { ChannelRate } from "./rate.js";
import type { SettingsRepository } from "./settings.repository.js";

export const DELIVER_JOB = "notify.deliver";
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 3_600_000;
/** A channel over its rate limit tries again this much later (not counted as an attempt). */
const RATE_RETRY_MS = 1000;

export interface JobScheduling {
  schedule(trx: Kysely<DB>, job: { kind: string; key: string; runAt: Date }): Promise<void>;
}

export interface DeliveryDeps {
  clock: Clock;
  jobs: JobScheduling;
  repo: DeliveryRepository;
  settings: SettingsRepository;
  local: LocalTime;
  rate: ChannelRate;
  box: SecretBox;
  maxAttempts: number;
  smsDailyCap: number;
  /** Set by app.ts once identity is registered (`connect`). */
  phones?: PhoneDirectory;
  channels: Map<string, Channel>;
  push: PushRepository;
}

export class DeliveryQueue {
  constructor(private readonly d: DeliveryDeps) {}

  /** Inserts the deliveries (repeats of a key are dropped) and schedules a job for each queued one. */
  async enqueue(trx: Kysely<DB>, rows: NewDelivery[]): Promise<DeliveryRow[]> {
    const inserted = await this.d.repo.insert(trx, rows);
    for (const r of inserted)
      if (r.status === "queued")
        await this.d.jobs.schedule(trx, { kind: DELIVER_JOB, key: r.id, runAt: r.next_attempt_at ?? r.created_at });
    return inserted;
  }

  /** The job: one attempt at one delivery, recorded in the job's transaction. */
  async run(job: Job, trx: Kysely<DB>): Promise<undefined | { reschedule: Date }> {
    const row = await this.d.repo.lock(trx, job.key);
    if (row?.status !== "queued") return;
    const now = this.d.clock.now();
    const channel = this.d.channels.get(row.channel);
    if (!channel) return this.#fail(trx, row, `channel ${row.channel} is not configured`, now);
    if (!this.d.rate.take(row.channel, now)) return { reschedule: new Date(now.getTime() + RATE_RETRY_MS) };
    if (row.channel === "sms" && !row.legal && row.recipient_account_id) {
      const sent = await this.d.repo.smsSentSince(trx, row.recipient_account_id, this.d.local.startOfDay(now));
      if (sent >= this.d.smsDailyCap) return this.#fail(trx, row, "SMS daily cap reached", now);
    }
    const address = await this.#address(trx, row);
    if (!address) return this.#fail(trx, row, `no ${row.channel} address`, now);
    try {
      const outcome = await channel.send({
        idempotencyKey: row.idempotency_key,
        address,
        content: row.content,
        gone: (id) => this.d.push.remove(trx, id),
      });
      await this.d.repo.update(trx, row.id, {
        status: outcome,
        attempts: row.attempts + 1,
        sent_at: now,
        next_attempt_at: null,
        last_error: null,
      });
      return;
    } catch (err) {
      const attempts = row.attempts + 1;
      const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
      if (attempts >= this.d.maxAttempts) return this.#fail(trx, row, message, now, attempts);
      const next = new Date(now.getTime() + Math.min(BACKOFF_BASE_MS * 2 ** (attempts - 1), BACKOFF_MAX_MS));
      await this.d.repo.update(trx, row.id, { attempts, last_error: message, next_attempt_at: next });
      return { reschedule: next };
    }
  }

  async #fail(trx: Kysely<DB>, row: DeliveryRow, error: string, now: Date, attempts = row.attempts) {
    await this.d.repo.update(trx, row.id, {
      status: "failed",
      attempts,
      last_error: error,
      failed_at: now,
      next_attempt_at: null,
    });
    return undefined;
  }

  async #address(trx: Kysely<DB>, row: DeliveryRow): Promise<string | null> {
    if (row.channel === "sms" && row.recipient_account_id)
      return (await this.d.phones?.phoneOf(row.recipient_account_id, trx)) ?? null;
    if (row.channel === "email" && row.recipient_account_id)
      return (await this.d.settings.settings(trx, row.recipient_account_id))?.email ?? null;
    if (row.channel === "webpush" && row.recipient_account_id) {
      const targets = await this.d.push.targets(trx, row.recipient_account_id);
      return targets.length > 0 ? JSON.stringify(targets) : null;
    }
    if (row.channel === "webhook" && row.webhook_id) {
      const hook = await trx
        .selectFrom("notify_webhooks")
        .select("url_sealed")
        .where("id", "=", row.webhook_id)
        .executeTakeFirst();
      return hook ? this.d.box.open(hook.url_sealed, `notify.webhook:${row.webhook_id}`).toString("utf8") : null;
    }
    return null;
  }

  /** Re-sends a failed delivery (dead letter): queued again with a fresh attempt count. */
  async resend(trx: Kysely<DB>, row: DeliveryRow): Promise<void> {
    const now = this.d.clock.now();
    await this.d.repo.update(trx, row.id, {
      status: "queued",
      attempts: 0,
      last_error: null,
      failed_at: null,
      next_attempt_at: now,
    });
    await this.d.jobs.schedule(trx, { kind: DELIVER_JOB, key: row.id, runAt: now });
  }
}
