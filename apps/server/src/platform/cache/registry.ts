import { type Kysely, type RawBuilder, sql } from "kysely";
import { Counter, Gauge, type Registry } from "prom-client";
import { afterCommit } from "../db/connection-guard.js";
import type { DB } from "../db/schema.js";

/** The PostgreSQL notification channel every process listens on (one for all kinds: payloads name them). */
export const CACHE_CHANNEL = "yiwang_cache";

/**
 * PostgreSQL refuses a notification payload of 8,000 bytes or more; a key that long (none is today) is
 * sent without it, which drops the whole kind — correct, only less precise.
 */
const MAX_PAYLOAD = 7_900;

/** What a notification carries: the kind (a cache name or a dotted prefix of names, `*` = all) and maybe a key. */
export interface Invalidation {
  kind: string;
  key?: string;
}

/**
 * A notification's payload → what to drop. `{"kind":"org","key":"…"}` is what `invalidate` sends; a bare
 * word is a kind, so an operator can flush by hand after an edit made with SQL:
 * `select pg_notify('yiwang_cache', '*')`. Anything unreadable drops everything (never keep a value we
 * were told, however garbled, is out of date).
 */
export function parseInvalidation(payload: string): Invalidation {
  const text = payload.trim();
  if (!text.startsWith("{")) return { kind: text || "*" };
  try {
    const v = JSON.parse(text) as { kind?: unknown; key?: unknown };
    if (typeof v.kind !== "string" || v.kind === "") return { kind: "*" };
    return typeof v.key === "string" ? { kind: v.kind, key: v.key } : { kind: v.kind };
  } catch {
    return { kind: "*" };
  }
}

/** Does an invalidation of `kind` cover the cache `name`? A kind is a name or a dotted prefix of names. */
export function covers(kind: string, name: string): boolean {
  return kind === "*" || kind === name || (name.startsWith(kind) && name.charCodeAt(kind.length) === 46); // "."
}

/**
 * Tells every process to drop every cache when `trx` commits — for bulk writes that bypass the services
 * (seeding), which do not know each kind they touch.
 */
export async function invalidateAllCaches(trx: Kysely<DB>): Promise<void> {
  await sql`select pg_notify(${CACHE_CHANNEL}, ${JSON.stringify({ kind: "*" })})`.execute(trx);
}

const NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

/**
 * One process's caches of read-mostly data (departments, the work calendar, license types, catalog pages
 * and guides), kept correct across processes by PostgreSQL LISTEN/NOTIFY:
 *
 * - A write calls `invalidate(trx, kind, key?)` inside its own transaction. That sends `pg_notify`, which
 *   PostgreSQL (and PGlite) deliver to every listening session only when the transaction commits, and
 *   never when it rolls back; every process (this one included) then drops the entries. This process also
 *   drops them right after the commit itself (`afterCommit`), so a writer reads its own write even if its
 *   notification has not come back yet.
 * - Each process holds one listening connection (`CacheListener`). While it is not listening, nothing is
 *   served from or stored in any cache (a notification could be missed), and every (re)connection clears
 *   everything — so a lost notification can never leave a stale value behind.
 * - A read that started before an invalidation does not store what it read (a generation count per cache).
 *
 * There is no time-to-live: every write path of a cached kind invalidates it, and the listener's own
 * failure clears everything. An edit made outside the application (SQL by hand) is followed by
 * `select pg_notify('yiwang_cache', '*')` (README.md, "Using a real PostgreSQL").
 */
export class CacheRegistry {
  readonly #caches: Cache<unknown>[] = [];
  readonly #receivers = new Set<(invalidation: Invalidation) => void>();
  #listening = false;
  readonly #sent = new WeakMap<object, Set<string>>();
  readonly lookups: Counter<"cache" | "result"> = new Counter({
    name: "cache_lookups_total",
    help: "Reads of an in-process cache: hit, miss, or bypass (not listening for invalidations, or inside a transaction)",
    labelNames: ["cache", "result"] as const,
    registers: [],
    // Counted in plain numbers by each cache and added here when scraped: a prom-client increment hashes
    // its labels every time, which was ~1 % of a license verification's CPU (three lookups per request).
    collect: (): void => {
      for (const c of this.#caches) c.reportLookups(this.lookups);
    },
  });
  readonly invalidations = new Counter({
    name: "cache_invalidations_total",
    help: "Invalidations applied to an in-process cache (from notifications, this process's commits, and (re)connections)",
    labelNames: ["cache", "source"] as const,
    registers: [],
  });
  readonly #entries: Gauge<"cache"> = new Gauge({
    name: "cache_entries",
    help: "Entries held by an in-process cache",
    labelNames: ["cache"] as const,
    registers: [],
    collect: (): void => {
      for (const c of this.#caches) this.#entries.set({ cache: c.name }, c.size);
    },
  });
  readonly #up: Gauge = new Gauge({
    name: "cache_listener_up",
    help: "1 while this process listens for cache invalidations (caches serve only then)",
    registers: [],
    collect: (): void => this.#up.set(this.#listening ? 1 : 0),
  });

  /** Adds the cache metrics to an app's /metrics registry. */
  registerMetrics(registry: Registry): void {
    for (const m of [this.lookups, this.invalidations, this.#entries, this.#up]) registry.registerMetric(m);
  }

  /** A named cache (e.g. "org.departments.list"); `invalidate(trx, "org")` drops it with its siblings. */
  cache<V>(name: string, options: { maxEntries: number }): Cache<V> {
    if (!NAME.test(name)) throw new Error(`cache name "${name}": lower-case words separated by dots`);
    if (this.#caches.some((c) => c.name === name)) throw new Error(`cache "${name}" is defined twice`);
    const cache = new Cache<V>(this, name, options.maxEntries);
    this.#caches.push(cache as Cache<unknown>);
    return cache;
  }

  /** True while the listener is connected: only then do caches answer and store. */
  get listening(): boolean {
    return this.#listening;
  }

  /**
   * Tells every process that `kind` (a cache name or a dotted prefix; with `key`, only that entry) changed.
   * Call it inside the change's transaction: the notification is delivered on commit, not on rollback.
   * Sending the same invalidation twice in one transaction costs one statement.
   */
  async invalidate(trx: Kysely<DB>, kind: string, key?: string): Promise<void> {
    const payload = this.#unsent(trx, kind, key);
    if (payload === null) return;
    await sql`select pg_notify(${CACHE_CHANNEL}, ${payload})`.execute(trx);
    this.#markSent(trx, payload);
    afterCommit(trx, () => this.apply({ kind, key }, "commit"));
  }

  /**
   * `invalidate` as an expression for a statement of the caller's transaction (`select …, ${notification}`):
   * one round trip less. The caller must run it in `trx`; null when `trx` has sent the same one already.
   */
  invalidation(trx: Kysely<DB>, kind: string, key?: string): RawBuilder<unknown> | null {
    if (!trx.isTransaction) throw new Error("invalidation: inside a transaction only (else use invalidate)");
    const payload = this.#unsent(trx, kind, key);
    if (payload === null) return null;
    this.#markSent(trx, payload); // if the statement fails, so does the transaction: nothing is sent at all
    afterCommit(trx, () => this.apply({ kind, key }, "commit"));
    return sql`pg_notify(${CACHE_CHANNEL}, ${payload})`;
  }

  /** The notification's payload, or null when `trx` has sent it already. */
  #unsent(trx: Kysely<DB>, kind: string, key?: string): string | null {
    let payload = JSON.stringify(key === undefined ? { kind } : { kind, key });
    if (Buffer.byteLength(payload) > MAX_PAYLOAD) payload = JSON.stringify({ kind });
    return trx.isTransaction && this.#sent.get(trx)?.has(payload) ? null : payload;
  }

  #markSent(trx: Kysely<DB>, payload: string): void {
    if (!trx.isTransaction) return;
    let sent = this.#sent.get(trx);
    if (!sent) {
      sent = new Set();
      this.#sent.set(trx, sent);
    }
    sent.add(payload);
  }

  /** A notification arrived on the listening connection. */
  receive(payload: string): void {
    const invalidation = parseInvalidation(payload);
    this.apply(invalidation, "notification");
    for (const receiver of this.#receivers) receiver(invalidation);
  }

  /** Called for every notification received (after the entries are dropped); returns the unsubscribe. */
  onReceive(receiver: (invalidation: Invalidation) => void): () => void {
    this.#receivers.add(receiver);
    return () => this.#receivers.delete(receiver);
  }

  apply(invalidation: Invalidation, source: "notification" | "commit"): void {
    for (const c of this.#caches) if (covers(invalidation.kind, c.name)) c.drop(invalidation.key, source);
  }

  /** The listener (re)connected: whatever was missed while it was away is forgotten, then caching resumes. */
  connected(): void {
    this.clear("connect");
    this.#listening = true;
  }

  /** The listener lost its connection: stop serving and storing until it is back. */
  disconnected(): void {
    this.#listening = false;
    this.clear("disconnect");
  }

  clear(source: "connect" | "disconnect" | "notification" = "notification"): void {
    for (const c of this.#caches) c.drop(undefined, source);
  }
}

/**
 * One cache: at most `maxEntries` values by key, least recently used dropped first. Values are shared
 * by every reader, so they are frozen (shallowly) when stored; treat them as read-only.
 */
export class Cache<V> {
  readonly #entries = new Map<string, V>();
  #generation = 0;
  /** Lookups by result since the start, and what of them the metric has been told. */
  readonly #counts = { hit: 0, miss: 0, bypass: 0 };
  readonly #reported = { hit: 0, miss: 0, bypass: 0 };

  constructor(
    private readonly registry: CacheRegistry,
    readonly name: string,
    private readonly maxEntries: number,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  /** Adds the lookups since the last report to `counter` (`cache_lookups_total`, when scraped). */
  reportLookups(counter: Counter<"cache" | "result">): void {
    for (const result of ["hit", "miss", "bypass"] as const) {
      const delta = this.#counts[result] - this.#reported[result];
      if (delta > 0) counter.labels(this.name, result).inc(delta);
      this.#reported[result] = this.#counts[result];
    }
  }

  /**
   * The cached value for `key`, else `load()`'s (stored unless an invalidation came in meanwhile). With
   * `trx` (a read inside a transaction) the cache is bypassed: the transaction may see its own uncommitted
   * writes, which must not be shared, and on PGlite a load outside it would wait for it.
   */
  async read(key: string, load: () => Promise<V>, trx?: Kysely<DB>): Promise<V> {
    if (trx || !this.registry.listening) {
      this.#counts.bypass++;
      return load();
    }
    const hit = this.#entries.get(key);
    if (hit !== undefined || this.#entries.has(key)) {
      // Re-inserted (most recently used last) only once the cache is over half full: below that nothing is
      // evicted, so the order does not matter yet, and a hit costs one map lookup instead of three
      // (the delete and set were most of this method's 3 % of a license verification's CPU).
      if (this.#entries.size > this.maxEntries / 2) {
        this.#entries.delete(key);
        this.#entries.set(key, hit as V);
      }
      this.#counts.hit++;
      return hit as V;
    }
    this.#counts.miss++;
    const generation = this.#generation;
    const value = await load();
    if (generation === this.#generation && this.registry.listening) {
      if (value !== null && typeof value === "object") Object.freeze(value);
      this.#entries.set(key, value);
      if (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
    }
    return value;
  }

  /**
   * The cached value for `key` without loading it: undefined when absent or while not listening. For a
   * value the caller builds in the background (with `read`) rather than waits for — the catalog's
   * ranking index, which takes a moment to build and whose readers have another way to answer meanwhile.
   */
  peek(key: string): V | undefined {
    if (!this.registry.listening) {
      this.#counts.bypass++;
      return undefined;
    }
    const hit = this.#entries.get(key);
    this.#counts[hit === undefined ? "miss" : "hit"]++;
    return hit;
  }

  /** Drops one entry, or all of them; a load in flight will not store its (possibly older) value. */
  drop(key: string | undefined, source: string): void {
    this.#generation++;
    if (key === undefined) this.#entries.clear();
    else this.#entries.delete(key);
    this.registry.invalidations.labels(this.name, source).inc();
  }
}
