import { type Kysely, sql } from "kysely";
import type { DB } from "./db/schema.js";
import "./db/rate-limit-db.js";
import { PlatformErrors } from "./errors.js";

/**
 * Fixed-window counters in PostgreSQL, shared by every server process (unlike @fastify/rate-limit's
 * in-process store): login paths must hold their limits however many nodes run. One upsert per hit.
 */
export class RateLimiter {
  #hits = 0;
  constructor(
    private readonly db: Kysely<DB>,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Counts a hit on `key`; throws 429 RATE_LIMITED (with retryAfterSeconds) past `limit` per window.
   * `fast`: commit without waiting for the WAL flush (`synchronous_commit = off`) — a crash may forget the
   * last few hits, which a limiter can afford, and a hot path saves a disk flush per call.
   */
  async hit(key: string, limit: number, windowSeconds: number, options: { fast?: boolean } = {}): Promise<void> {
    const windowMs = windowSeconds * 1000;
    const now = this.now();
    const start = new Date(Math.floor(now / windowMs) * windowMs);
    // `fast` in the same single statement: set_config(…, true) lasts to the end of the statement's own
    // transaction, whose commit then does not wait for the flush. (A transaction with SET LOCAL took four
    // round trips.) The counter's row is one per key and window, so every hit on a busy key waits for the
    // previous one's commit: with the flush, one consumer's gateway calls queued behind each other's fsync.
    const row = options.fast
      ? sql`select ${key}, ${start}, 1 from (select set_config('synchronous_commit', 'off', true)) as async_commit`
      : sql`values (${key}, ${start}, 1)`;
    const r = await sql<{ count: number }>`
      insert into rate_limit_counters (key, window_start, count) ${row}
      on conflict (key, window_start) do update set count = rate_limit_counters.count + 1
      returning count`.execute(this.db);
    if (++this.#hits % 500 === 0) void this.prune();
    const count = r.rows[0]?.count ?? 0;
    if (count > limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil((start.getTime() + windowMs - now) / 1000));
      throw PlatformErrors.RATE_LIMITED({ retryAfterSeconds });
    }
  }

  /** Drops windows older than a day (called now and then, and by tests). */
  async prune(): Promise<void> {
    await this.db
      .deleteFrom("rate_limit_counters")
      .where("window_start", "<", new Date(this.now() - 86_400_000))
      .execute()
      .catch(() => {});
  }
}
