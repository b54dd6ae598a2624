import type { LicenseSummary } from "@yiwang/contracts";
import type { Cache, CacheRegistry } from "../../platform/cache/index.js";
import type { PiiCipher } from "../../platform/crypto/pii.js";
import { holderOf } from "./mapping.js";
import type { LicenseRepository, VerificationRow } from "./repository.js";

/** The cache kind of verification entries; a status change invalidates its license's entry in its transaction. */
export const LICENSE_VERIFICATION_CACHE = "licenses.verification";

/** What a QR verification answers from: the register's row, with the holder already masked (no ciphertext kept). */
export type VerificationEntry = Omit<VerificationRow, "holder_id_enc"> & { holder: LicenseSummary["holder"] };

/** Thrown inside a load so that an unknown identifier is not stored (a license issued later must be found). */
const NOT_FOUND = Symbol("not found");

/**
 * The register's side of a QR verification, per license, in the platform cache: a verification is then the
 * signature check plus a map lookup, no database read and no SM4/AES decryption of the holder's ID number.
 * A status change (revoke, suspend, restore — the only update of a license row: `changeStatus`) invalidates
 * its entry inside its transaction, so every process drops it on commit and the very next verification,
 * on any node, reads the new status (platform/cache: nothing is served while a process is not listening).
 * Misses are not stored. 100,000 entries of about 0.5 kB: a city's licenses scanned in a peak, ~50 MB at most.
 */
export class VerificationCache {
  readonly #entries: Cache<VerificationEntry>;

  constructor(
    private readonly repo: LicenseRepository,
    private readonly pii: PiiCipher,
    cache: CacheRegistry,
  ) {
    this.#entries = cache.cache(LICENSE_VERIFICATION_CACHE, { maxEntries: 100_000 });
  }

  async get(identifier: string): Promise<VerificationEntry | undefined> {
    try {
      return await this.#entries.read(identifier, async () => {
        const row = await this.repo.verificationRow(identifier);
        if (!row) throw NOT_FOUND;
        const { holder_id_enc: _sealed, ...rest } = row;
        return { ...rest, holder: holderOf(row, this.pii) };
      });
    } catch (err) {
      if (err === NOT_FOUND) return undefined;
      throw err;
    }
  }
}
