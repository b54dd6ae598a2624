import type { Listen, NotificationConnection } from "../db/database.js";
import { CACHE_CHANNEL, type CacheRegistry } from "./registry.js";

export interface ListenerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * Keeps one listening connection per process for cache invalidations and tells the registry whether it
 * is listening. When the connection is lost (server restart, failover, a terminated backend, a missed
 * heartbeat) the registry stops serving at once; the listener reconnects with exponential backoff
 * (`retry.initialMs` doubling up to `retry.maxMs`), and each new connection clears every cache before
 * caching resumes, so a notification missed while away costs a re-read, never a stale answer.
 */
export class CacheListener {
  #attempt = 0;
  #connection?: NotificationConnection;
  #timer?: NodeJS.Timeout;
  #delay: number;
  #stopped = false;
  readonly #states = new Set<(listening: boolean) => void>();

  constructor(
    private readonly registry: CacheRegistry,
    private readonly listen: Listen,
    private readonly options: { log?: ListenerLog; retry?: { initialMs: number; maxMs: number } } = {},
  ) {
    this.#delay = this.#retry.initialMs;
  }

  get #retry() {
    return this.options.retry ?? { initialMs: 100, maxMs: 5_000 };
  }

  /** Connects (the first attempt is awaited; a failure only schedules the next one). */
  async start(): Promise<void> {
    this.#stopped = false;
    await this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#attempt++;
    clearTimeout(this.#timer);
    const connection = this.#connection;
    this.#connection = undefined;
    this.registry.disconnected();
    await connection?.close().catch(() => {});
  }

  /** Told on every change: true once (re)connected and cleared, false when the connection is lost. */
  onStateChange(listener: (listening: boolean) => void): () => void {
    this.#states.add(listener);
    return () => this.#states.delete(listener);
  }

  #emit(listening: boolean) {
    for (const listener of this.#states) listener(listening);
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    const attempt = ++this.#attempt;
    try {
      const connection = await this.listen(CACHE_CHANNEL, {
        notify: (payload) => {
          if (attempt === this.#attempt) this.registry.receive(payload);
        },
        lost: (error) => this.lost(attempt, error),
      });
      if (attempt !== this.#attempt) {
        await connection.close().catch(() => {});
        return;
      }
      this.#connection = connection;
      this.#delay = this.#retry.initialMs;
      this.registry.connected();
      this.options.log?.info({ channel: CACHE_CHANNEL }, "cache: listening for invalidations");
      this.#emit(true);
    } catch (error) {
      if (attempt !== this.#attempt) return;
      this.options.log?.warn({ err: error, retryInMs: this.#delay }, "cache: cannot listen for invalidations");
      this.#schedule();
    }
  }

  /**
   * The connection of `attempt` is gone (the driver calls this; a test may too). Ignored for a connection
   * already replaced.
   */
  lost(attempt: number = this.#attempt, error?: Error): void {
    if (attempt !== this.#attempt || this.#stopped) return;
    this.#attempt++;
    const connection = this.#connection;
    this.#connection = undefined;
    this.registry.disconnected();
    connection?.close().catch(() => {});
    this.options.log?.warn({ err: error, retryInMs: this.#delay }, "cache: invalidation listener lost; caches off");
    this.#emit(false);
    this.#schedule();
  }

  #schedule() {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#connect(), this.#delay);
    this.#timer.unref();
    this.#delay = Math.min(this.#delay * 2, this.#retry.maxMs);
  }
}
