/**
 * Public verification (no login): a QR token, a credential (VC-JWT) or a PDF is checked
 * cryptographically first — against the issuing seal's public key, or the PDF's PAdES signature against
 * the seal CA — and then against the register for the current status. The answer names the issuer and
 * the holder masked; anything that does not verify, or verifies but is not what was issued, is `forged`.
 */

import { createHash } from "node:crypto";
import type { PdfSignatureReason, VerifyResult } from "@yiwang/contracts";
import { jwtVerify } from "jose";
import { localDate } from "../../platform/clock/clock.js";
import type { LicenseDeps } from "./context.js";
import { JWS_ALG, peekJws, verifyCompactJws } from "./jws.js";
import { effectiveStatus, holderOf } from "./mapping.js";
import { QR_TOKEN_TYPE, type QrClaims } from "./qr.js";
import type { LicenseTypeRow } from "./repository.js";
import type { LicenseService } from "./service.js";
import type { VerificationEntry } from "./verification-cache.js";

export type ForgedReason =
  | "MALFORMED"
  | "UNKNOWN_KEY"
  | "SIGNATURE_INVALID"
  | "UNKNOWN_LICENSE"
  | "CONTENT_MISMATCH"
  | PdfSignatureReason;

type PdfSignatureAnswer = NonNullable<VerifyResult["pdfSignature"]>;

export class LicenseVerifier {
  constructor(
    private readonly deps: LicenseDeps,
    private readonly licenses: LicenseService,
  ) {}

  #forged(reason: ForgedReason, pdfSignature?: PdfSignatureAnswer): VerifyResult {
    return {
      result: "forged",
      reason,
      checkedAt: this.deps.clock.now().toISOString(),
      license: null,
      ...(pdfSignature ? { pdfSignature } : {}),
    };
  }

  #type(code: string): Promise<LicenseTypeRow | undefined> {
    return this.deps.types.get(code);
  }

  #today = { minute: Number.NaN, date: "" };

  /**
   * Today's date where the platform runs, computed once a minute (time zones' offsets today are whole
   * minutes, so a minute never spans two dates): Intl's format was 2.5 % of a cached QR verification's CPU.
   */
  #localToday(now: Date): string {
    const minute = Math.floor(now.getTime() / 60_000);
    if (minute !== this.#today.minute) this.#today = { minute, date: localDate(now, this.deps.timeZone) };
    return this.#today.date;
  }

  /** The answer for a license of the register (its holder already masked: a cached entry, or from the row). */
  async #answer(row: VerificationEntry, pdfSignature?: PdfSignatureAnswer): Promise<VerifyResult> {
    const now = this.deps.clock.now();
    const [type, issuer] = await Promise.all([this.#type(row.type_code), this.licenses.issuer(row.department_id)]);
    return {
      result: effectiveStatus(row, this.#localToday(now)),
      reason: row.status === "valid" ? null : row.status_reason,
      checkedAt: now.toISOString(),
      license: {
        identifier: row.identifier,
        typeCode: row.type_code,
        typeName: type?.name ?? row.type_code,
        typeNameEn: type?.name_en ?? null,
        issuer: { code: issuer.code, name: issuer.name },
        holder: row.holder,
        issuedAt: row.issued_at.toISOString(),
        validUntil: row.valid_until,
      },
      ...(pdfSignature ? { pdfSignature } : {}),
    };
  }

  /**
   * The seal key a peeked JWS names, with the JWS algorithm of that key (ES256 or SM2, whichever suite
   * made it); null for an unknown or malformed `kid`, or an `alg` that is not the key's.
   */
  async #key(peek: NonNullable<ReturnType<typeof peekJws>>, typ: string) {
    const { alg, kid } = peek.header;
    if ((alg !== "ES256" && alg !== "SM2") || peek.header.typ !== typ || typeof kid !== "string") return null;
    const found = await this.deps.seals.verificationKey(kid);
    const keyAlg = found && JWS_ALG[found.seal.algorithm];
    return found && keyAlg === alg ? { ...found, alg: keyAlg } : null;
  }

  async token(token: string): Promise<VerifyResult> {
    const peek = peekJws(token);
    if (!peek) return this.#forged("MALFORMED");
    const found = await this.#key(peek, QR_TOKEN_TYPE);
    if (!found) return this.#forged("UNKNOWN_KEY");
    // The hottest public path: node:crypto directly (about twice jose's rate for ES256, same check).
    if (!verifyCompactJws(token, found.key, found.alg)) return this.#forged("SIGNATURE_INVALID");
    const claims = peek.payload as Partial<QrClaims>;
    // The register's side from the verification cache (invalidated on every node by a status change).
    const row = typeof claims.id === "string" ? await this.deps.verification.get(claims.id) : undefined;
    if (!row) return this.#forged("UNKNOWN_LICENSE");
    if (row.seal_id !== found.seal.id || row.type_code !== claims.t) return this.#forged("CONTENT_MISMATCH");
    return this.#answer(row);
  }

  async credential(jwt: string): Promise<VerifyResult> {
    const peek = peekJws(jwt);
    if (!peek) return this.#forged("MALFORMED");
    const found = await this.#key(peek, "vc+jwt");
    if (!found) return this.#forged("UNKNOWN_KEY");
    let identifier: unknown;
    if (found.alg === "ES256") {
      try {
        const { payload } = await jwtVerify(jwt, found.key, { algorithms: ["ES256"], typ: "vc+jwt" });
        identifier = (payload.credentialSubject as { identifier?: unknown } | undefined)?.identifier;
      } catch {
        return this.#forged("SIGNATURE_INVALID");
      }
    } else {
      // jose has no SM2 (jws.ts): the signature with node:crypto, the claims as peeked (typ checked above).
      if (!verifyCompactJws(jwt, found.key, "SM2")) return this.#forged("SIGNATURE_INVALID");
      identifier = (peek.payload.credentialSubject as { identifier?: unknown } | undefined)?.identifier;
    }
    const row = typeof identifier === "string" ? await this.deps.repo.findByIdentifier(identifier) : undefined;
    if (!row) return this.#forged("UNKNOWN_LICENSE");
    if (row.seal_id !== found.seal.id || row.credential !== jwt) return this.#forged("CONTENT_MISMATCH");
    return this.#answer({ ...row, holder: holderOf(row, this.deps.pii) });
  }

  /**
   * A PDF: its signature first (a `modified` one — sealed, then changed by an incremental update — is
   * not the document issued, so it is answered `forged` with INCREMENTAL_UPDATE), then the register by
   * the file's SHA-256 and the seal that signed it.
   */
  async pdf(bytes: Buffer): Promise<VerifyResult> {
    const { check, seal } = await this.deps.seals.verifyPdf(bytes);
    const signature: PdfSignatureAnswer = {
      status: check.status,
      reason: check.reason,
      signingTime: check.status === "forged" ? null : check.signingTime,
    };
    if (check.status !== "valid") return this.#forged(check.reason, signature);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const row = await this.deps.repo.findByPdfSha256(sha256);
    if (!row) return this.#forged("UNKNOWN_LICENSE", signature);
    if (!seal || row.seal_id !== seal.id) return this.#forged("CONTENT_MISMATCH", signature);
    return this.#answer({ ...row, holder: holderOf(row, this.deps.pii) }, signature);
  }
}
