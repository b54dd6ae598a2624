import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import type { PdfSignatureReason } from "@yiwang/contracts";
import * as pkijs from "pkijs";
import { checkTrust } from "./cert-trust.js";
import { verifyCms } from "./cms-verify.js";
import { locateSignature } from "./pdf-byte-range.js";

/**
 * Checks the last PAdES signature of a PDF the way a relying party does, and says why in a stable code:
 *
 * - `valid`: the signature covers the whole file (at most one end-of-line after it), its CMS verifies
 *   (SHA-256 with ECDSA or SM3 with SM2) and its certificate was issued by one of the platform's seal CAs,
 *   both valid at the signing time, with the right key usages;
 * - `modified` (`INCREMENTAL_UPDATE`): all of that holds for the signed revision, but bytes were appended
 *   after it — the document shown is not the document sealed;
 * - `forged`, with the first thing that fails, in this order: where the signature is (`NO_SIGNATURE`,
 *   `BYTE_RANGE`, `TRUNCATED`, `GAP_NOT_HEX`), the CMS (`BAD_SIGNATURE`, `DIGEST_MISMATCH`), the signing
 *   time (`SIGNING_TIME_IN_FUTURE`) and the certificate (`UNKNOWN_CA`, `CERT_NOT_YET_VALID_AT_SIGNING`,
 *   `CERT_EXPIRED_AT_SIGNING`, `KEY_USAGE`).
 *
 * The signing time is the signer's own claim — the CMS signing-time attribute if present, else the
 * signature dictionary's /M (PAdES B-B keeps it there) — which the signature covers, so only the holder
 * of the seal's key could have written it. Nothing independent attests it (no RFC 3161 timestamp), so it
 * is trusted only as far as the key store and the `seal.used` audit entries are; a claim later than the
 * verification time (beyond clock skew) is refused, and without any claim the verification time is used.
 * Certificates are judged at that time, not now: a license outlives the seal certificate it was sealed
 * with, and must still verify after the certificate has expired.
 */

/** The contract's codes (pages translate them); the locating, CMS and trust checks return a subset each. */
export type PdfForgedReason = Exclude<PdfSignatureReason, "INCREMENTAL_UPDATE">;

export interface PdfSigner {
  signerSerial: string;
  signerSubject: string;
  /** SHA-256 of the signed bytes (also when the signature is over SM3). */
  signedSha256: string;
  /** The time the certificates were judged at (see above). */
  signingTime: string;
}

export type PdfSignatureCheck =
  | ({ status: "valid"; reason: null } & PdfSigner)
  | ({ status: "modified"; reason: "INCREMENTAL_UPDATE" } & PdfSigner)
  | { status: "forged"; reason: PdfForgedReason };

/** Clocks of the signing and the verifying process may differ by this much. */
const CLOCK_SKEW_MS = 5 * 60_000;

const forged = (reason: PdfForgedReason): PdfSignatureCheck => ({ status: "forged", reason });

/** `trustedCaPems`: the platform's seal CAs (one per crypto suite); a seal issued by any of them verifies. */
export async function verifyPdfSignature(
  pdf: Buffer,
  trustedCaPems: string | readonly string[],
  now: Date,
): Promise<PdfSignatureCheck> {
  const located = await locateSignature(pdf);
  if ("failure" in located) return forged(located.failure);
  const [a, b, c, d] = located.range;

  const cms = await verifyCms(Buffer.from(located.hex, "hex"), [pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
  if (typeof cms === "string") return forged(cms);

  const at = cms.signingTime ?? located.claimedTime ?? now;
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) return forged("SIGNING_TIME_IN_FUTURE");

  const cas = (typeof trustedCaPems === "string" ? [trustedCaPems] : trustedCaPems).map((pem) =>
    pkijs.Certificate.fromBER(new x509.X509Certificate(pem).rawData),
  );
  const distrust = await checkTrust(cms.signer, cms.others, cas, at);
  if (distrust) return forged(distrust);

  const signerDer = cms.signer.toSchema().toBER();
  const signer: PdfSigner = {
    signerSerial: normalizeSerial(Buffer.from(cms.signer.serialNumber.valueBlock.valueHexView).toString("hex")),
    signerSubject: new x509.X509Certificate(signerDer).subject,
    signedSha256: cms.digest.toString("hex"),
    signingTime: at.toISOString(),
  };
  return located.appended
    ? { status: "modified", reason: "INCREMENTAL_UPDATE", ...signer }
    : { status: "valid", reason: null, ...signer };
}

function normalizeSerial(hex: string): string {
  return hex.toLowerCase().replace(/^0+/, "");
}
