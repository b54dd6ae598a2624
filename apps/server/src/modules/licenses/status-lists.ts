/**
 * The published Bitstring Status Lists: per issuing department, one list for revocation and one for
 * suspension, each a BitstringStatusListCredential signed (VC-JWT) with the department's seal key. A list
 * is rebuilt from the register when a status changes in this process, and at most every
 * `maxAgeSeconds` otherwise (other processes' changes), so verifiers see a change within that time.
 */
import type { LicenseDeps } from "./context.js";
import { encodeStatusList, type StatusPurpose, statusListCredential } from "./credential.js";
import { issuerUrl, statusListUrl } from "./issuance.service.js";
import { JWS_ALG, signCompactJws } from "./jws.js";

const STATUS_OF: Record<StatusPurpose, "revoked" | "suspended"> = { revocation: "revoked", suspension: "suspended" };

export class StatusLists {
  readonly #cache = new Map<string, { jwt: string; builtAt: number }>();

  constructor(
    private readonly deps: LicenseDeps,
    private readonly maxAgeSeconds = 60,
  ) {}

  invalidate(departmentId: string) {
    for (const purpose of Object.keys(STATUS_OF)) this.#cache.delete(`${departmentId}/${purpose}`);
  }

  /** The signed list for a department (by USCC code) and purpose (its issuing seal is created if need be). */
  async get(departmentCode: string, purpose: StatusPurpose): Promise<string> {
    const department = await this.deps.departments.getByCode(departmentCode);
    const key = `${department.id}/${purpose}`;
    const cached = this.#cache.get(key);
    const now = this.deps.clock.now();
    if (cached && now.getTime() - cached.builtAt < this.maxAgeSeconds * 1000) return cached.jwt;
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
    this.#cache.set(key, { jwt, builtAt: now.getTime() });
    return jwt;
  }
}
