/**
 * The licenses module's closed code lists, without zod: the web's verify page words each reason and imports
 * this through `@yiwang/contracts/vocabularies` (importing the package root would bundle zod, whose
 * `new Function` probe the CSP refuses and reports).
 */

/** The stable reason codes of a PDF signature check (see the seals module's README). */
export const PDF_SIGNATURE_REASONS = [
  "NO_SIGNATURE",
  "BYTE_RANGE",
  "TRUNCATED",
  "GAP_NOT_HEX",
  "BAD_SIGNATURE",
  "DIGEST_MISMATCH",
  "SIGNING_TIME_IN_FUTURE",
  "UNKNOWN_CA",
  "CERT_NOT_YET_VALID_AT_SIGNING",
  "CERT_EXPIRED_AT_SIGNING",
  "KEY_USAGE",
  "INCREMENTAL_UPDATE",
] as const;
export type PdfSignatureReason = (typeof PDF_SIGNATURE_REASONS)[number];
