import { type Kysely, sql } from "kysely";
import type { DB } from "./db/schema.js";
import "./db/rate-limit-db.js";
import { PlatformErrors } from "./errors.js";

export interface HitOptions {
  /**
   * Commit without waiting for the WAL flush (`synchronous_commit = off`) — a crash may forget the last few
   * hits, which a limiter can afford, and a hot path saves a disk flush per call.
   */
  fast?: boolean;
  /**
   * Take hits from the shared counter in reservations of up to 1/1000 of the limit (at most
   * MAX_RESERVATION), counted out in this process: a busy key costs one statement per reservation instead
   * of one per hit. Below 2,000 per window a reservation is one hit, i.e. exactly the plain path. The limit
   * still holds across nodes — a reservation is only granted up to it — but a node's unused reservation
   * counts as used until the window ends, so other nodes may be refused up to (nodes × reservation) hits
   * early: at most 0.1 % of the limit per node.
   */
  reserve?: boolean;
}

/** The largest reservation: one counter statement per 100 hits is 1 % of the statements a busy key cost. */
const MAX_RESERVATION = 100;
/** Keys with a reservation kept per process; past it, those of ended windows are dropped. */
const MAX_RESERVED_KEYS = 10_000;

/** What this process holds of a key's current window. */
interface Reservation {
  windowStart: number;
  windowEnd: number;
  /** Hits reserved and not yet used. */
  left: number;
  /** The counter reached the limit: every hit until the window ends is refused without asking. */
  full: boolean;
  /** The reservation statement in flight, which concurrent hits wait for instead of sending their own. */
  pending?: Promise<void>;
}

/**
 * Fixed-window counters in PostgreSQL, shared by every server process (unlike @fastify/rate-limit's
 * in-process store): login paths must hold their limits however many nodes run. One upsert per hit, or
 * per reservation of hits (`reserve`).
 */
export class RateLimiter {
  #hits = 0;
  readonly #reserved = new Map<string, Reservation>();
  constructor(
    private readonly db: Kysely<DB>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a hit on `key`; throws 429 RATE_LIMITED (with retryAfterSeconds) past `limit` per window. */
  async hit(key: string, limit: number, windowSeconds: number, options: HitOptions = {}): Promise<void> {
    const windowMs = windowSeconds * 1000;
    const size = options.reserve ? Math.min(MAX_RESERVATION, Math.floor(limit / 1000)) : 1;
    if (size > 1) return this.#fromReservation(key, limit, windowMs, size, options.fast ?? false);
    const now = this.now();
    const start = Math.floor(now / windowMs) * windowMs;
    const count = await this.#add(key, start, 1, options.fast ?? false);
    if (count > limit) throw this.#limited(start, windowMs, now);
  }

  /** A hit counted out of this process's reservation for the key's current window, reserving more when it is used up. */
  async #fromReservation(key: string, limit: number, windowMs: number, size: number, fast: boolean): Promise<void> {
    for (;;) {
      const now = this.now();
      const start = Math.floor(now / windowMs) * windowMs;
      let r = this.#reserved.get(key);
      if (!r || r.windowStart !== start) {
        if (!r && this.#reserved.size >= MAX_RESERVED_KEYS) this.#dropEnded(now);
        r = { windowStart: start, windowEnd: start + windowMs, left: 0, full: false };
        this.#reserved.set(key, r);
      }
      if (r.left > 0) {
        r.left--;
        return;
      }
      if (r.full) throw this.#limited(start, windowMs, now);
      if (!r.pending) {
        const reservation = r;
        reservation.pending = this.#add(key, start, size, fast)
          .then((count) => {
            // Granted only up to the limit: the hits before this reservation took (count - size) of it.
            const granted = Math.max(0, Math.min(size, limit - (count - size)));
            reservation.left += granted;
            if (granted < size) reservation.full = true;
          })
          .finally(() => {
            reservation.pending = undefined;
          });
      }
      await r.pending; // then take from what it brought (or reserve again if others took it all)
    }
  }

  /** Adds `n` to the counter of `key`'s window starting at `start`; returns the new count. */
  async #add(key: string, start: number, n: number, fast: boolean): Promise<number> {
    // `fast` in the same single statement: set_config(…, true) lasts to the end of the statement's own
    // transaction, whose commit then does not wait for the flush. (A transaction with SET LOCAL took four
    // round trips.) The counter's row is one per key and window, so every hit on a busy key waits for the
    // previous one's commit: with the flush, one consumer's gateway calls queued behind each other's fsync.
    const windowStart = new Date(start);
    const row = fast
      ? sql`select ${key}, ${windowStart}, ${n}::int from (select set_config('synchronous_commit', 'off', true)) as async_commit`
      : sql`values (${key}, ${windowStart}, ${n}::int)`;
    const r = await sql<{ count: number }>`
      insert into rate_limit_counters (key, window_start, count) ${row}
      on conflict (key, window_start) do update set count = rate_limit_counters.count + excluded.count
      returning count`.execute(this.db);
    if (++this.#hits % 500 === 0) void this.prune();
    return r.rows[0]?.count ?? 0;
  }

  #limited(start: number, windowMs: number, now: number) {
    const retryAfterSeconds = Math.max(1, Math.ceil((start + windowMs - now) / 1000));
    return PlatformErrors.RATE_LIMITED({ retryAfterSeconds });
  }

  /** Forgets the reservations of ended windows (what was left of them can no longer be used). */
  #dropEnded(now: number): void {
    for (const [key, r] of this.#reserved) if (r.windowEnd <= now && !r.pending) this.#reserved.delete(key);
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
