import type { KeyObject } from "node:crypto";
import type { JsonName } from "@peculiar/x509";
import type { Seal, SealCreate, SealListQuery } from "@yiwang/contracts";
import { exportJWK, type JWK } from "jose";
import type { Kysely } from "kysely";
import { assertCan } from "../../platform/auth/guard.js";
import { type Principal, permissionScope } from "../../platform/auth/permissions.js";
import type { Clock } from "../../platform/clock/clock.js";
import { sm2Jwk } from "../../platform/crypto/sm2.js";
import type { SealAlgorithm } from "../../platform/crypto/suite.js";
import type { DB } from "../../platform/db/schema.js";
import { PlatformErrors } from "../../platform/errors.js";
import type { FileStore } from "../../platform/files/index.js";
import type { AuditLog } from "../../platform/ports.js";
import type { DepartmentService } from "../org/index.js";
import { SealCa } from "./ca.service.js";
import { issueSealCertificate, pemToDer } from "./certificates.js";
import { SealErrors } from "./errors.js";
import { publicKeyObject, type SealKeyStore } from "./key-store.js";
import type { PdfSignatureCheck } from "./pdf-verify.js";
import { type SealCaRow, SealRepository, type SealRow } from "./repository.js";
import { SealImages } from "./seal-images.service.js";
import { actor, toSeal } from "./seal-mapping.js";
import { SealSigner } from "./signer.js";

const VERIFICATION_KEY_TTL_MS = 30_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A department's 电子证照专用章, created by the platform on first issuance. */
const ISSUING_SEAL_DAYS = 3 * 365;

/**
 * Department seals (电子签章): issuing and revoking seals (`seal.manage`, department-scoped) and their
 * public keys — and, as the module's one service, the front of its parts: the seal CAs (`ca.service.ts`),
 * uploaded seal images (`seal-images.service.ts`) and using a seal on documents (`signer.ts`). Every
 * change and every use is audited in the same transaction. New seals and their CA use the crypto suite's
 * algorithm (`algorithm`: ECDSA P-256 or SM2); a seal keeps its own for life.
 */
export class SealService {
  readonly #repo: SealRepository;
  readonly #ca: SealCa;
  readonly #images: SealImages;
  readonly #signer: SealSigner;
  readonly #verificationKeys = new Map<string, { value: { seal: SealRow; key: KeyObject } | null; at: number }>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly keys: SealKeyStore,
    private readonly departments: DepartmentService,
    private readonly clock: Clock,
    files: FileStore,
    /** The configured crypto suite's seal algorithm, for new seals and the CA that issues them. */
    private readonly algorithm: SealAlgorithm = "ECDSA-P256",
  ) {
    this.#repo = new SealRepository(db);
    this.#ca = new SealCa(db, this.#repo, audit, keys, clock, algorithm);
    this.#images = new SealImages(db, this.#repo, audit, files);
    this.#signer = new SealSigner(db, this.#repo, audit, keys, departments, clock, this.#ca, this.#images);
  }

  /** The configured suite's active seal CA, created (key pair + self-signed certificate) on first use. */
  ca(trx?: Kysely<DB>): Promise<SealCaRow> {
    return this.#ca.ca(trx);
  }

  caCertificatePem(): Promise<string> {
    return this.#ca.certificatePem();
  }

  async create(principal: Principal, input: SealCreate): Promise<Seal> {
    assertCan(principal, "seal.manage", input.departmentId);
    const department = await this.departments.get(input.departmentId);
    return this.db
      .transaction()
      .execute(async (trx) =>
        toSeal(await this.#issue(trx, department, input.name, input.validDays, actor(principal))),
      );
  }

  async #issue(
    trx: Kysely<DB>,
    department: { id: string; code: string; name: string },
    name: string,
    validDays: number,
    createdBy: string,
  ): Promise<SealRow> {
    const ca = await this.#ca.ca(trx);
    const key = await this.keys.createKey(ca.algorithm, trx);
    const notBefore = this.clock.now();
    const notAfter = new Date(Math.min(notBefore.getTime() + validDays * 86_400_000, ca.valid_to.getTime()));
    const subject: JsonName = [{ C: ["CN"] }, { O: [department.name] }, { OU: [department.code] }, { CN: [name] }];
    const cert = await issueSealCertificate(
      this.keys,
      { keyId: ca.key_id, certificatePem: ca.certificate_pem, algorithm: ca.algorithm },
      key.publicKey,
      subject,
      notBefore,
      notAfter,
      trx,
    );
    const row = await this.#repo.insert(
      {
        department_id: department.id,
        name,
        algorithm: ca.algorithm,
        key_id: key.keyId,
        ca_id: ca.id,
        certificate_pem: cert.pem,
        serial: cert.serial,
        valid_from: cert.notBefore,
        valid_to: cert.notAfter,
        revoked_at: null,
        revoked_reason: null,
        created_by: createdBy,
      },
      trx,
    );
    const { certificatePem: _pem, ...payload } = toSeal(row);
    await this.audit.append({ type: "seal.created", actor: createdBy, subject: `seal:${row.id}`, payload }, trx);
    return row;
  }

  /**
   * The seal a department issues e-licenses with: its newest active seal of the configured suite's
   * algorithm, or (the first time, and the first time after CRYPTO_SUITE changed) a 电子证照专用章 the
   * platform creates for it, audited as the system's act. Seals of the other algorithm stay valid for
   * what they sealed.
   */
  async issuingSeal(departmentId: string, trx: Kysely<DB>): Promise<SealRow> {
    const now = this.clock.now();
    const existing = await this.#repo.activeForDepartment(departmentId, this.algorithm, now, trx);
    if (existing) return existing;
    await this.#repo.lockCa(trx);
    const again = await this.#repo.activeForDepartment(departmentId, this.algorithm, now, trx);
    if (again) return again;
    const department = await this.departments.get(departmentId, trx);
    return this.#issue(trx, department, `${department.name}电子证照专用章`, ISSUING_SEAL_DAYS, "system:licenses");
  }

  /** Signs bytes with a seal's key (JWS signing input for credentials, QR tokens and status lists). */
  signBytes(seal: SealRow, data: Uint8Array, trx?: Kysely<DB>): Promise<Buffer> {
    return this.#signer.signBytes(seal, data, trx);
  }

  /**
   * The public key a seal verifies with, and its row (for credentials and QR tokens naming it as `kid`).
   * Public verification is the platform's hottest path, so both are cached for VERIFICATION_KEY_TTL_MS:
   * keys never change, and a seal's revocation reaches verifiers within that time.
   */
  async verificationKey(sealId: string, trx?: Kysely<DB>): Promise<{ seal: SealRow; key: KeyObject } | null> {
    if (!UUID.test(sealId)) return null;
    const now = Date.now();
    const cached = this.#verificationKeys.get(sealId);
    if (cached && now - cached.at < VERIFICATION_KEY_TTL_MS) return cached.value;
    const seal = await this.#repo.findById(sealId, trx);
    const value = seal ? { seal, key: publicKeyObject(await this.keys.publicKey(seal.key_id, trx)) } : null;
    // Unknown ids are cached too (so a flood of made-up kids costs one read each), within a bound.
    if (this.#verificationKeys.size >= 10_000) this.#verificationKeys.clear();
    this.#verificationKeys.set(sealId, { value, at: now });
    return value;
  }

  /** Checks a PDF's last signature against the seal CA and names the seal that made it (in `trx` if given). */
  verifyPdf(pdf: Buffer, trx?: Kysely<DB>): Promise<{ check: PdfSignatureCheck; seal: SealRow | null }> {
    return this.#signer.verifyPdf(pdf, trx);
  }

  /**
   * Public keys of the active seals, as a JWKS (kid = seal id, with the certificate chain in x5c). ES256
   * keys are P-256 JWKs; SM2 keys are `{ kty: "EC", crv: "SM2", x, y }` with `alg: "SM2"` (licenses/jws.ts
   * says why that name), which jose and WebCrypto do not know and skip.
   */
  async jwks(): Promise<{ keys: JWK[] }> {
    const rows = await this.#repo.activeWithKeys();
    const keys = await Promise.all(
      rows.map(async (r) => ({
        ...(r.algorithm === "SM2" ? sm2Jwk(r.public_key) : await exportJWK(publicKeyObject(r.public_key))),
        kid: r.id,
        alg: r.algorithm === "SM2" ? "SM2" : "ES256",
        use: "sig",
        x5c: [r.certificate_pem, r.ca_certificate_pem].map((pem) => pemToDer(pem).toString("base64")),
      })),
    );
    return { keys };
  }

  async list(principal: Principal, query: SealListQuery) {
    const scope = permissionScope(principal, "seal.manage");
    if (!scope) throw PlatformErrors.FORBIDDEN({ permission: "seal.manage" });
    let departmentId = query.departmentId;
    if (!scope.all) {
      if (departmentId && departmentId !== scope.departmentId) {
        throw PlatformErrors.FORBIDDEN({ permission: "seal.manage" });
      }
      departmentId = scope.departmentId;
    }
    const { rows, total } = await this.#repo.list({ ...query, departmentId });
    return { items: rows.map(toSeal), total };
  }

  async get(principal: Principal, id: string): Promise<Seal> {
    const row = await this.#repo.findById(id);
    if (!row) throw SealErrors.SEAL_NOT_FOUND({ id });
    assertCan(principal, "seal.manage", row.department_id);
    return toSeal(row);
  }

  /** Replaces the drawn seal with an uploaded PNG (a scan of the physical seal); `seal.manage`, audited. */
  setImage(principal: Principal, id: string, png: Buffer): Promise<Seal> {
    return this.#images.set(principal, id, png);
  }

  /** The uploaded image of a seal, for anyone who may manage it. */
  image(principal: Principal, id: string): Promise<Buffer> {
    return this.#images.get(principal, id);
  }

  async revoke(principal: Principal, id: string, reason: string): Promise<Seal> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.#repo.findById(id, trx, true);
      if (!row) throw SealErrors.SEAL_NOT_FOUND({ id });
      assertCan(principal, "seal.manage", row.department_id);
      if (row.status === "revoked") throw SealErrors.SEAL_REVOKED({ id });
      const revoked = await this.#repo.revoke(id, reason, this.clock.now(), trx);
      if (!revoked) throw SealErrors.SEAL_NOT_FOUND({ id });
      await this.audit.append(
        { type: "seal.revoked", actor: actor(principal), subject: `seal:${id}`, payload: { reason } },
        trx,
      );
      return toSeal(revoked);
    });
  }

  /** Stamps and signs a PDF as an approver of the seal's department (`seal.use`); audited. */
  signPdf(principal: Principal, sealId: string, pdf: Uint8Array, reason: string): Promise<Buffer> {
    return this.#signer.signPdf(principal, sealId, pdf, reason);
  }

  /** Seals a document the platform issues in a department's name, inside the caller's transaction. */
  sealDocument(
    trx: Kysely<DB>,
    seal: SealRow,
    pdf: Uint8Array,
    reason: string,
    onBehalfOf: string | null,
  ): Promise<Buffer> {
    return this.#signer.sealDocument(trx, seal, pdf, reason, onBehalfOf);
  }
}
