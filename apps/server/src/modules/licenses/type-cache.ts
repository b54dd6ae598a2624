import type { Cache, CacheRegistry } from "../../platform/cache/index.js";
import type { LicenseRepository, LicenseTypeRow } from "./repository.js";

/** The cache kind of the license types; `updateType` invalidates it in its transaction. */
export const LICENSE_TYPES_CACHE = "licenses.types";

/**
 * The license types (a handful, edited rarely by platform admins) in the platform cache: public
 * verification names the type in every answer and the wallet in every summary, so neither reads the table.
 * An edit on any process shows on every process once it commits (before: up to 30 s on the others).
 */
export class LicenseTypeCache {
  readonly #all: Cache<ReadonlyMap<string, LicenseTypeRow>>;

  constructor(
    private readonly repo: LicenseRepository,
    cache: CacheRegistry,
  ) {
    this.#all = cache.cache(LICENSE_TYPES_CACHE, { maxEntries: 1 });
  }

  /** Every type by code (shared: do not modify). */
  all(): Promise<ReadonlyMap<string, LicenseTypeRow>> {
    return this.#all.read("all", async () => new Map((await this.repo.types()).map((t) => [t.code, t])));
  }

  async get(code: string): Promise<LicenseTypeRow | undefined> {
    return (await this.all()).get(code);
  }
}
