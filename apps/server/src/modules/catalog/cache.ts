import type { CatalogChanges } from "./changes.js";

/**
 * A bounded, time-limited cache of public catalog reads (search pages, guides). Least recently used
 * entries go first past `maxEntries`. A change committed through this process empties it at once (the
 * CatalogChanges epoch); one made through another process shows once the entry is `seconds` old.
 * `seconds` ≤ 0 disables it.
 */
export class CatalogCache<V> {
  readonly #entries = new Map<string, { value: V; at: number }>();
  #epoch = -1;

  constructor(
    private readonly changes: CatalogChanges,
    private readonly seconds: number,
    private readonly maxEntries: number,
  ) {}

  /** The cached value, or undefined when absent, expired, or the catalog changed here since. */
  get(key: string, now = Date.now()): V | undefined {
    if (this.#epoch !== this.changes.epoch) {
      this.#entries.clear();
      this.#epoch = this.changes.epoch;
    }
    const hit = this.#entries.get(key);
    if (!hit || now - hit.at > this.seconds * 1000) return undefined;
    this.#entries.delete(key); // re-insert: most recently used last
    this.#entries.set(key, hit);
    return hit.value;
  }

  /** `at`: when the value was read (before the read started, so the bound holds). */
  set(key: string, value: V, at: number): void {
    if (this.seconds <= 0 || this.#epoch !== this.changes.epoch) return;
    this.#entries.set(key, { value, at });
    if (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
  }
}
