/**
 * A counter this process bumps after every committed catalog change, so caches (search results) drop
 * what they hold at once. Other processes see a change when their cache entries expire (a bounded delay).
 */
export class CatalogChanges {
  #epoch = 0;

  get epoch(): number {
    return this.#epoch;
  }

  bump(): void {
    this.#epoch++;
  }
}
