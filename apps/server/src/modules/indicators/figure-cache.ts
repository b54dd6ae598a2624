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
import type { Kysely, RawBuilder } from "kysely";
import { type Cache, type CacheRegistry, covers } from "../../platform/cache/registry.js";
import { afterCommit } from "../../platform/db/connection-guard.js";
import type { DB } from "../../platform/db/schema.js";

/** What a rollup change drops: every cached sum and computed figure (any range may hold the changed day). */
export const FIGURES = "indicators.figures";
export const SUMS_CACHE = `${FIGURES}.sums`;
export const VALUES_CACHE = `${FIGURES}.values`;
export const REGISTRY_CACHE = "indicators.registry";
/** What a registry edit drops: the definitions and every figure computed from them. */
export const ALL_INDICATORS = "indicators";

const instances = new WeakMap<CacheRegistry, Set<FigureCache<unknown>>>();

/**
 * Drops `kind` (a dotted prefix: FIGURES, ALL_INDICATORS) on every node when `trx` commits; this
 * process's loads in flight are not joined afterwards.
 */
export async function invalidateFigures(registry: CacheRegistry, trx: Kysely<DB>, kind: string): Promise<void> {
  await registry.invalidate(trx, kind);
  bumpAfterCommit(registry, trx, kind);
}

/** `invalidateFigures` as an expression for a statement of `trx` (see CacheRegistry.invalidation). */
export function figuresInvalidation(
  registry: CacheRegistry,
  trx: Kysely<DB>,
  kind: string,
): RawBuilder<unknown> | null {
  const notify = registry.invalidation(trx, kind);
  bumpAfterCommit(registry, trx, kind);
  return notify;
}

function bumpAfterCommit(registry: CacheRegistry, trx: Kysely<DB>, kind: string): void {
  afterCommit(trx, () => {
    for (const c of instances.get(registry) ?? []) if (covers(kind, c.name)) c.bump();
  });
}

export class FigureCache<V> {
  readonly #cache: Cache<V>;
  readonly #inflight = new Map<string, Promise<V>>();
  #epoch = 0;

  constructor(
    registry: CacheRegistry,
    readonly name: string,
    maxEntries: number,
  ) {
    this.#cache = registry.cache<V>(name, { maxEntries });
    registry.onReceive((i) => {
      if (covers(i.kind, name)) this.bump();
    });
    let set = instances.get(registry);
    if (!set) {
      set = new Set();
      instances.set(registry, set);
    }
    set.add(this as FigureCache<unknown>);
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

  /** A new epoch: loads in flight are no longer joined (the entries themselves the registry drops). */
  bump() {
    this.#epoch++;
    this.#inflight.clear();
  }
}
