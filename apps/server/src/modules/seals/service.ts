import { createHash, type KeyObject } from "node:crypto";
import type { JsonName } from "@peculiar/x509";
import type { Seal, SealCreate, SealListQuery } from "@yiwang/contracts";
import { exportJWK, type JWK } from "jose";
import type { Kysely } from "kysely";
import { assertCan } from "../../platform/auth/guard.js";
import { type Principal, permissionScope } from "../../platform/auth/permissions.js";
import type { Clock } from "../../platform/clock/clock.js";
import type { DB } from "../../platform/db/schema.js";
import { PlatformErrors } from "../../platform/errors.js";
import type { FileStore } from "../../platform/files/index.js";
import type { AuditLog } from "../../platform/ports.js";
import type { DepartmentService } from "../org/index.js";
import { createCaCertificate, issueSealCertificate, pemToDer } from "./certificates.js";
import { SealErrors } from "./errors.js";
import { publicKeyObject, type SealKeyStore } from "./key-store.js";
import { stampAndSign } from "./pdf-sign.js";
import { type PdfSignatureCheck, verifyPdfSignature } from "./pdf-verify.js";
import { type SealCaRow, SealRepository, type SealRow } from "./repository.js";

export const SEAL_CA_SUBJECT: JsonName = [
  { C: ["CN"] },
  { O: ["一网通办平台 Yiwang"] },
  { CN: ["一网电子印章根证书 Yiwang Seal Root CA"] },
];
const CA_YEARS = 20;
const VERIFICATION_KEY_TTL_MS = 30_000;
const SEAL_IMAGE_MAX_BYTES = 1024 * 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk; null for anything that is not a PNG. */
function pngSize(b: Buffer): { width: number; height: number } | null {
  if (b.length < 24 || !b.subarray(0, 8).equals(PNG_SIGNATURE) || b.toString("latin1", 12, 16) !== "IHDR") return null;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A department's 电子证照专用章, created by the platform on first issuance. */
const ISSUING_SEAL_DAYS = 3 * 365;

export function toSeal(r: SealRow): Seal {
  return {
    id: r.id,
    departmentId: r.department_id,
    name: r.name,
    algorithm: "ECDSA-P256",
    certificatePem: r.certificate_pem,
    serial: r.serial,
    validFrom: r.valid_from.toISOString(),
    validTo: r.valid_to.toISOString(),
    status: r.status,
    revokedAt: r.revoked_at?.toISOString() ?? null,
    revokedReason: r.revoked_reason,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    hasImage: r.image_file_id !== null,
  };
}

const actor = (p: Principal) => `${p.kind}:${p.id}`;

/**
 * Department seals (电子签章): the platform's seal CA (created on first use), issuing and revoking seals
 * (`seal.manage`, department-scoped), and applying a seal to a PDF (`seal.use`: the approvers of the seal's
 * department only). Every change and every use is audited in the same transaction.
 */
export class SealService {
  readonly #repo: SealRepository;
  readonly #verificationKeys = new Map<string, { value: { seal: SealRow; key: KeyObject } | null; at: number }>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly keys: SealKeyStore,
    private readonly departments: DepartmentService,
    private readonly clock: Clock,
    private readonly files: FileStore,
  ) {
    this.#repo = new SealRepository(db);
  }

  /** The active seal CA, created (key pair + self-signed certificate) on first use. */
  async ca(trx?: Kysely<DB>): Promise<SealCaRow> {
    const existing = await this.#repo.activeCa(trx);
    if (existing) return existing;
    const create = async (tx: Kysely<DB>) => {
      await this.#repo.lockCa(tx);
      const again = await this.#repo.activeCa(tx);
      if (again) return again;
      const key = await this.keys.createKey("ECDSA-P256", tx);
      const cert = await createCaCertificate(this.keys, key, SEAL_CA_SUBJECT, this.clock.now(), CA_YEARS, tx);
      const row = await this.#repo.insertCa(
        {
          key_id: key.keyId,
          subject: "CN=一网电子印章根证书 Yiwang Seal Root CA",
          certificate_pem: cert.pem,
          serial: cert.serial,
          valid_from: cert.notBefore,
          valid_to: cert.notAfter,
        },
        tx,
      );
      await this.audit.append(
        { type: "seal.ca.created", actor: "system", subject: `seal-ca:${row.id}`, payload: { serial: cert.serial } },
        tx,
      );
      return row;
    };
    return trx ? create(trx) : this.db.transaction().execute(create);
  }

  async caCertificatePem(): Promise<string> {
    return (await this.ca()).certificate_pem;
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
    const ca = await this.ca(trx);
    const key = await this.keys.createKey("ECDSA-P256", trx);
    const notBefore = this.clock.now();
    const notAfter = new Date(Math.min(notBefore.getTime() + validDays * 86_400_000, ca.valid_to.getTime()));
    const subject: JsonName = [{ C: ["CN"] }, { O: [department.name] }, { OU: [department.code] }, { CN: [name] }];
    const cert = await issueSealCertificate(
      this.keys,
      { keyId: ca.key_id, certificatePem: ca.certificate_pem },
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
        algorithm: "ECDSA-P256",
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
   * The seal a department issues e-licenses with: its newest active seal, or (the first time) a
   * 电子证照专用章 the platform creates for it, audited as the system's act.
   */
  async issuingSeal(departmentId: string, trx: Kysely<DB>): Promise<SealRow> {
    const now = this.clock.now();
    const existing = await this.#repo.activeForDepartment(departmentId, now, trx);
    if (existing) return existing;
    await this.#repo.lockCa(trx);
    const again = await this.#repo.activeForDepartment(departmentId, now, trx);
    if (again) return again;
    const department = await this.departments.get(departmentId, trx);
    return this.#issue(trx, department, `${department.name}电子证照专用章`, ISSUING_SEAL_DAYS, "system:licenses");
  }

  /** Signs bytes with a seal's key (JWS signing input for credentials, QR tokens and status lists). */
  signBytes(seal: SealRow, data: Uint8Array, trx?: Kysely<DB>): Promise<Buffer> {
    return this.keys.sign(seal.key_id, data, "ieee-p1363", trx);
  }

  /**
   * The public key a seal verifies with, and its row (for credentials and QR tokens naming it as `kid`).
   * Public verification is the platform's hottest path, so both are cached for VERIFICATION_KEY_TTL_MS:
   * keys never change, and a seal's revocation reaches verifiers within that time.
   */
  async verificationKey(sealId: string): Promise<{ seal: SealRow; key: KeyObject } | null> {
    if (!UUID.test(sealId)) return null;
    const now = Date.now();
    const cached = this.#verificationKeys.get(sealId);
    if (cached && now - cached.at < VERIFICATION_KEY_TTL_MS) return cached.value;
    const seal = await this.#repo.findById(sealId);
    const value = seal ? { seal, key: publicKeyObject(await this.keys.publicKey(seal.key_id)) } : null;
    // Unknown ids are cached too (so a flood of made-up kids costs one read each), within a bound.
    if (this.#verificationKeys.size >= 10_000) this.#verificationKeys.clear();
    this.#verificationKeys.set(sealId, { value, at: now });
    return value;
  }

  /** Checks a PDF's last signature against the seal CA and names the seal that made it. */
  async verifyPdf(pdf: Buffer): Promise<{ check: PdfSignatureCheck; seal: SealRow | null }> {
    const check = await verifyPdfSignature(pdf, await this.caCertificatePem());
    if (!check.valid) return { check, seal: null };
    const seal = await this.#repo.findBySerial(check.signerSerial);
    return { check, seal: seal ?? null };
  }

  /** Public keys of the active seals, as a JWKS (kid = seal id, with the certificate chain in x5c). */
  async jwks(): Promise<{ keys: JWK[] }> {
    const [rows, ca] = await Promise.all([this.#repo.activeWithKeys(), this.ca()]);
    const caDer = pemToDer(ca.certificate_pem).toString("base64");
    const keys = await Promise.all(
      rows.map(async (r) => ({
        ...(await exportJWK(publicKeyObject(r.public_key))),
        kid: r.id,
        alg: "ES256",
        use: "sig",
        x5c: [pemToDer(r.certificate_pem).toString("base64"), caDer],
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
  async setImage(principal: Principal, id: string, png: Buffer): Promise<Seal> {
    const row = await this.#repo.findById(id);
    if (!row) throw SealErrors.SEAL_NOT_FOUND({ id });
    assertCan(principal, "seal.manage", row.department_id);
    const size = pngSize(png);
    if (
      !size ||
      png.length > SEAL_IMAGE_MAX_BYTES ||
      Math.min(size.width, size.height) < 64 ||
      Math.max(size.width, size.height) > 2000
    )
      throw SealErrors.SEAL_IMAGE_INVALID({ size: png.length, ...size });
    return this.db.transaction().execute(async (trx) => {
      const stored = await this.files.put(
        png,
        { name: `seal-${id}.png`, contentType: "image/png", createdBy: actor(principal) },
        trx,
      );
      const updated = await this.#repo.setImage(id, stored.id, trx);
      if (!updated) throw SealErrors.SEAL_NOT_FOUND({ id });
      await this.audit.append(
        {
          type: "seal.image_set",
          actor: actor(principal),
          subject: `seal:${id}`,
          payload: { sha256: stored.sha256, ...size },
        },
        trx,
      );
      return toSeal(updated);
    });
  }

  /** The uploaded image of a seal, for anyone who may manage it. */
  async image(principal: Principal, id: string): Promise<Buffer> {
    const row = await this.#repo.findById(id);
    if (!row) throw SealErrors.SEAL_NOT_FOUND({ id });
    assertCan(principal, "seal.manage", row.department_id);
    if (!row.image_file_id) throw SealErrors.SEAL_IMAGE_NOT_FOUND({ id });
    return (await this.files.get(row.image_file_id)).bytes;
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

  /**
   * Applies the seal: stamps its image on the last page and adds a PAdES signature with its key and
   * certificate chain. Only the approvers of the seal's department (`seal.use`); the use is audited.
   */
  async signPdf(principal: Principal, sealId: string, pdf: Uint8Array, reason: string): Promise<Buffer> {
    const seal = await this.#repo.findById(sealId);
    if (!seal) throw SealErrors.SEAL_NOT_FOUND({ id: sealId });
    assertCan(principal, "seal.use", seal.department_id);
    if (Buffer.from(pdf.subarray(0, 5)).toString("latin1") !== "%PDF-") throw SealErrors.SEAL_PDF_INVALID();
    const signed = await this.#stamp(seal, pdf, reason);
    await this.db.transaction().execute(async (trx) => {
      // The seal may have been revoked meanwhile: re-check under the row lock before the use counts.
      const current = await this.#repo.findById(sealId, trx, true);
      if (current?.status !== "active") throw SealErrors.SEAL_REVOKED({ id: sealId });
      await this.#audited(trx, seal, pdf, signed, reason, actor(principal), null);
    });
    return signed;
  }

  /**
   * Seals a document the platform issues in a department's name (an e-license after an approver's
   * decision), inside the caller's transaction; the use is audited with the decision it rests on.
   */
  async sealDocument(
    trx: Kysely<DB>,
    seal: SealRow,
    pdf: Uint8Array,
    reason: string,
    onBehalfOf: string | null,
  ): Promise<Buffer> {
    const signed = await this.#stamp(seal, pdf, reason, trx);
    // The use is the approver's (whose decision it carries out) when there is one, else the platform's.
    await this.#audited(trx, seal, pdf, signed, reason, onBehalfOf ?? "system:licenses", onBehalfOf);
    return signed;
  }

  async #stamp(seal: SealRow, pdf: Uint8Array, reason: string, trx?: Kysely<DB>): Promise<Buffer> {
    if (seal.status === "revoked") throw SealErrors.SEAL_REVOKED({ id: seal.id });
    const now = this.clock.now();
    if (now < seal.valid_from || now > seal.valid_to) throw SealErrors.SEAL_NOT_VALID_NOW({ id: seal.id });
    const ca = await this.#repo.caById(seal.ca_id, trx);
    if (!ca) throw new Error(`seal ${seal.id} has no CA ${seal.ca_id}`);
    const department = await this.departments.get(seal.department_id, trx);
    const image = seal.image_file_id ? (await this.files.get(seal.image_file_id, trx)).bytes : undefined;
    try {
      return await stampAndSign(
        pdf,
        {
          arcText: department.name,
          bottomText: seal.name.startsWith(department.name) ? seal.name.slice(department.name.length) : undefined,
          signerName: seal.name,
          reason,
          signingTime: now,
          image,
        },
        {
          certificate: pemToDer(seal.certificate_pem),
          chain: [pemToDer(ca.certificate_pem)],
          sign: (data) => this.keys.sign(seal.key_id, data, "der", trx),
        },
      );
    } catch (err) {
      if (err instanceof Error && /PDF|parse|Failed to/i.test(err.message)) throw SealErrors.SEAL_PDF_INVALID();
      throw err;
    }
  }

  async #audited(
    trx: Kysely<DB>,
    seal: SealRow,
    pdf: Uint8Array,
    signed: Uint8Array,
    reason: string,
    by: string,
    onBehalfOf: string | null,
  ) {
    const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
    await this.audit.append(
      {
        type: "seal.used",
        actor: by,
        actingFor: null,
        subject: `seal:${seal.id}`,
        payload: {
          sealId: seal.id,
          departmentId: seal.department_id,
          documentSha256: sha256(pdf),
          signedSha256: sha256(signed),
          reason,
          ...(onBehalfOf ? { onBehalfOf } : {}),
        },
        time: this.clock.now(),
      },
      trx,
    );
  }
}
