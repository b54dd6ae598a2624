/**
 * The dashboards' rollup sums and the compiled registry, cached in each process (platform/cache): a
 * dashboard asks the same (grouping, range, department) over and over, and summing a year of rollup cells
 * for every request is what made the dashboard API slow (bench/indicators.ts: ≈ 0.03× bare Fastify at 50
 * connections on 1 M cases before, see docs/modules/indicators.md for the after). A rollup change
 * (rollups.ts) or a registry edit invalidates in its own transaction, so every node drops its entries when —
 * and only if — it commits; there is no time-to-live.
 *
 * Concurrent misses of one key share one load (single flight), else 50 connections arriving just after a
 * case event would all sum the same cells. A load shared that way belongs to one epoch: an invalidation (by
 * this process's commit or by a notification) starts a new epoch, so a request arriving afterwards never
 * joins a load that may have read before the change.
 */
import type { Kysely } from "kysely";
import { type Cache, type CacheRegistry, covers } from "../../platform/cache/registry.js";
import { afterCommit } from "../../platform/db/connection-guard.js";
import type { DB } from "../../platform/db/schema.js";

/** The cache kind a rollup change drops (every cached sum: any range may hold the changed day). */
export const SUMS_CACHE = "indicators.sums";
export const REGISTRY_CACHE = "indicators.registry";

export class FigureCache<V> {
  readonly #cache: Cache<V>;
  readonly #inflight = new Map<string, Promise<V>>();
  #epoch = 0;

  constructor(
    private readonly registry: CacheRegistry,
    readonly name: string,
    maxEntries: number,
  ) {
    this.#cache = registry.cache<V>(name, { maxEntries });
    registry.onReceive((i) => {
      if (covers(i.kind, name)) this.#bump();
    });
  }

  /** `load()`'s value for `key`, cached; inside a transaction (`trx`) always read afresh. */
  read(key: string, load: () => Promise<V>, trx?: Kysely<DB>): Promise<V> {
    if (trx) return load();
    return this.#cache.read(key, () => {
      const flight = `${this.#epoch}:${key}`;
      const running = this.#inflight.get(flight);
      if (running) return running;
      const p = load().finally(() => this.#inflight.delete(flight));
      this.#inflight.set(flight, p);
      return p;
    });
  }

  /** Drops every entry on every node when `trx` commits. */
  async invalidate(trx: Kysely<DB>): Promise<void> {
    await this.registry.invalidate(trx, this.name);
    afterCommit(trx, () => this.#bump());
  }

  #bump() {
    this.#epoch++;
    this.#inflight.clear();
  }
}
