import * as pkijs from "pkijs";

/**
 * Whether a signer's certificate is worth anything here: issued by the platform's seal CA (the only
 * trust anchor; a certificate chaining to any other CA, whatever its name, is UNKNOWN_CA), both
 * certificates valid at the signing time, the seal certificate an end-entity certificate for signing
 * (digitalSignature or nonRepudiation, not a CA) and the CA one for issuing (cA, keyCertSign). The seal
 * CA issues seal certificates directly, so the path is always seal → root; pkijs' chain engine runs last
 * over the same inputs as a second opinion (critical extensions it cannot read, name chaining, dates).
 */

export type TrustFailure = "UNKNOWN_CA" | "CERT_NOT_YET_VALID_AT_SIGNING" | "CERT_EXPIRED_AT_SIGNING" | "KEY_USAGE";

const KEY_USAGE = "2.5.29.15";
const BASIC_CONSTRAINTS = "2.5.29.19";
/** First byte of the KeyUsage bit string (RFC 5280 §4.2.1.3). */
const KU = { digitalSignature: 0x80, nonRepudiation: 0x40, keyCertSign: 0x04 };

export async function checkTrust(
  signer: pkijs.Certificate,
  others: readonly pkijs.Certificate[],
  ca: pkijs.Certificate,
  at: Date,
): Promise<TrustFailure | null> {
  if (!signer.issuer.isEqual(ca.subject) || !(await signer.verify(ca).catch(() => false))) return "UNKNOWN_CA";

  for (const cert of [signer, ca]) {
    if (at < cert.notBefore.value) return "CERT_NOT_YET_VALID_AT_SIGNING";
    if (at > cert.notAfter.value) return "CERT_EXPIRED_AT_SIGNING";
  }

  const signerUsage = keyUsage(signer);
  if (isCa(signer) || signerUsage === null || (signerUsage & (KU.digitalSignature | KU.nonRepudiation)) === 0)
    return "KEY_USAGE";
  const caUsage = keyUsage(ca);
  if (!isCa(ca) || caUsage === null || (caUsage & KU.keyCertSign) === 0) return "KEY_USAGE";

  const engine = new pkijs.CertificateChainValidationEngine({
    trustedCerts: [ca],
    certs: [signer, ...others],
    checkDate: at,
  });
  const chain = await engine.verify().catch(() => ({ result: false }));
  return chain.result ? null : "UNKNOWN_CA";
}

/** The first byte of the KeyUsage bits, or null when the certificate has no KeyUsage extension. */
function keyUsage(cert: pkijs.Certificate): number | null {
  const ext = cert.extensions?.find((e) => e.extnID === KEY_USAGE);
  const bits = (ext?.parsedValue as { valueBlock?: { valueHexView?: Uint8Array } } | undefined)?.valueBlock
    ?.valueHexView;
  return bits && bits.length > 0 ? bits[0] : null;
}

function isCa(cert: pkijs.Certificate): boolean {
  const ext = cert.extensions?.find((e) => e.extnID === BASIC_CONSTRAINTS);
  return (ext?.parsedValue as pkijs.BasicConstraints | undefined)?.cA === true;
}
