import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { assertCan } from "../../platform/auth/guard.js";
import type { Principal } from "../../platform/auth/permissions.js";
import type { Clock } from "../../platform/clock/clock.js";
import type { DB } from "../../platform/db/schema.js";
import type { AuditLog } from "../../platform/ports.js";
import type { DepartmentService } from "../org/index.js";
import type { SealCa } from "./ca.service.js";
import { pemToDer } from "./certificates.js";
import { SealErrors } from "./errors.js";
import type { SealKeyStore } from "./key-store.js";
import { stampAndSign } from "./pdf-sign.js";
import { type PdfSignatureCheck, verifyPdfSignature } from "./pdf-verify.js";
import type { SealRepository, SealRow } from "./repository.js";
import type { SealImages } from "./seal-images.service.js";
import { actor } from "./seal-mapping.js";

/**
 * Using a seal: stamping and PAdES-signing a PDF (an approver's act, or the platform's when it issues a
 * document in a department's name), signing bytes for credentials and tokens, and checking a sealed PDF.
 * Every use of a seal on a document is audited in the transaction that counts it.
 */
export class SealSigner {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repo: SealRepository,
    private readonly audit: AuditLog,
    private readonly keys: SealKeyStore,
    private readonly departments: DepartmentService,
    private readonly clock: Clock,
    private readonly ca: SealCa,
    private readonly images: SealImages,
  ) {}

  /** Signs bytes with a seal's key (JWS signing input for credentials, QR tokens and status lists). */
  signBytes(seal: SealRow, data: Uint8Array, trx?: Kysely<DB>): Promise<Buffer> {
    return this.keys.sign(seal.key_id, data, "ieee-p1363", trx);
  }

  /** Checks a PDF's last signature against the seal CAs (both suites') and names the seal that made it. */
  async verifyPdf(pdf: Buffer, trx?: Kysely<DB>): Promise<{ check: PdfSignatureCheck; seal: SealRow | null }> {
    const check = await verifyPdfSignature(pdf, await this.ca.certificatePems(trx), this.clock.now());
    if (check.status === "forged") return { check, seal: null };
    const seal = await this.repo.findBySerial(check.signerSerial, trx);
    return { check, seal: seal ?? null };
  }

  /**
   * Applies the seal: stamps its image on the last page and adds a PAdES signature with its key and
   * certificate chain. Only the approvers of the seal's department (`seal.use`); the use is audited.
   */
  async signPdf(principal: Principal, sealId: string, pdf: Uint8Array, reason: string): Promise<Buffer> {
    const seal = await this.repo.findById(sealId);
    if (!seal) throw SealErrors.SEAL_NOT_FOUND({ id: sealId });
    assertCan(principal, "seal.use", seal.department_id);
    if (Buffer.from(pdf.subarray(0, 5)).toString("latin1") !== "%PDF-") throw SealErrors.SEAL_PDF_INVALID();
    const signed = await this.#stamp(seal, pdf, reason);
    await this.db.transaction().execute(async (trx) => {
      // The seal may have been revoked meanwhile: re-check under the row lock before the use counts.
      const current = await this.repo.findById(sealId, trx, true);
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
    const ca = await this.repo.caById(seal.ca_id, trx);
    if (!ca) throw new Error(`seal ${seal.id} has no CA ${seal.ca_id}`);
    const department = await this.departments.get(seal.department_id, trx);
    const image = await this.images.forStamping(seal.image_file_id, trx);
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
          algorithm: seal.algorithm,
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
