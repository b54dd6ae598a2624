/**
 * The published Bitstring Status Lists: per issuing department, one list for revocation and one for
 * suspension, each a BitstringStatusListCredential signed (VC-JWT) with the department's seal key. A list
 * is kept signed in the platform cache and rebuilt from the register after a status change on any
 * process: `changeStatus` invalidates the lists in its transaction, every process drops them on commit
 * (before: rebuilt at most every 60 s, so another node served the old bits for up to a minute).
 */
import type { Cache } from "../../platform/cache/index.js";
import type { LicenseDeps } from "./context.js";
import { encodeStatusList, type StatusPurpose, statusListCredential } from "./credential.js";
import { issuerUrl, statusListUrl } from "./issuance.service.js";
import { JWS_ALG, signCompactJws } from "./jws.js";

const STATUS_OF: Record<StatusPurpose, "revoked" | "suspended"> = { revocation: "revoked", suspension: "suspended" };

/** The cache kind of the signed lists (a status change invalidates them all: a few per department). */
export const STATUS_LISTS_CACHE = "licenses.status_lists";

export class StatusLists {
  readonly #cache: Cache<string>;

  constructor(private readonly deps: LicenseDeps) {
    this.#cache = deps.cache.cache(STATUS_LISTS_CACHE, { maxEntries: 1_000 });
  }

  /** The signed list for a department (by USCC code) and purpose (its issuing seal is created if need be). */
  async get(departmentCode: string, purpose: StatusPurpose): Promise<string> {
    const department = await this.deps.departments.getByCode(departmentCode);
    return this.#cache.read(`${department.id}/${purpose}`, () => this.#build(department, purpose));
  }

  async #build(department: { id: string; code: string; name: string }, purpose: StatusPurpose): Promise<string> {
    const now = this.deps.clock.now();
    const seal = await this.deps.db.transaction().execute((trx) => this.deps.seals.issuingSeal(department.id, trx));
    const indexes = await this.deps.repo.statusIndexes(department.id, STATUS_OF[purpose]);
    const url = statusListUrl(this.deps.publicUrl, department.code, purpose);
    const jwt = await signCompactJws(
      { alg: JWS_ALG[seal.algorithm], kid: seal.id, typ: "vc+jwt", cty: "vc" },
      statusListCredential({
        url,
        issuer: { url: issuerUrl(this.deps.publicUrl, department.code), name: department.name },
        purpose,
        encodedList: encodeStatusList(indexes),
        issuedAt: now,
      }),
      (data) => this.deps.seals.signBytes(seal, data),
    );
    return jwt;
  }
}
