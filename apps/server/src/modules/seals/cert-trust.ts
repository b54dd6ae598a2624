import * as pkijs from "pkijs";
import { SM2_OID, sm2Verify } from "../../platform/crypto/sm2.js";

/**
 * Whether a signer's certificate is worth anything here: issued by one of the platform's seal CAs (the
 * only trust anchors — one per crypto suite, ECDSA P-256 and SM2; a certificate chaining to any other CA,
 * whatever its name, is UNKNOWN_CA), both certificates valid at the signing time, the seal certificate an
 * end-entity certificate for signing (digitalSignature or nonRepudiation, not a CA) and the CA one for
 * issuing (cA, keyCertSign). The seal CA issues seal certificates directly, so the path is always seal →
 * root; pkijs' chain engine runs last over the same inputs as a second opinion (critical extensions it
 * cannot read, name chaining, dates). The engine checks signatures with WebCrypto, which has no SM2: for
 * an SM2-signed certificate node:crypto checks the signature (GM/T 0009 default ID) and the unknown
 * critical extension check is done here instead.
 */

export type TrustFailure = "UNKNOWN_CA" | "CERT_NOT_YET_VALID_AT_SIGNING" | "CERT_EXPIRED_AT_SIGNING" | "KEY_USAGE";

const KEY_USAGE = "2.5.29.15";
const BASIC_CONSTRAINTS = "2.5.29.19";
/** First byte of the KeyUsage bit string (RFC 5280 §4.2.1.3). */
const KU = { digitalSignature: 0x80, nonRepudiation: 0x40, keyCertSign: 0x04 };

export async function checkTrust(
  signer: pkijs.Certificate,
  others: readonly pkijs.Certificate[],
  cas: readonly pkijs.Certificate[],
  at: Date,
): Promise<TrustFailure | null> {
  let ca: pkijs.Certificate | undefined;
  for (const candidate of cas)
    if (signer.issuer.isEqual(candidate.subject) && (await signedBy(signer, candidate))) ca = candidate;
  if (!ca) return "UNKNOWN_CA";

  for (const cert of [signer, ca]) {
    if (at < cert.notBefore.value) return "CERT_NOT_YET_VALID_AT_SIGNING";
    if (at > cert.notAfter.value) return "CERT_EXPIRED_AT_SIGNING";
  }

  const signerUsage = keyUsage(signer);
  if (isCa(signer) || signerUsage === null || (signerUsage & (KU.digitalSignature | KU.nonRepudiation)) === 0)
    return "KEY_USAGE";
  const caUsage = keyUsage(ca);
  if (!isCa(ca) || caUsage === null || (caUsage & KU.keyCertSign) === 0) return "KEY_USAGE";

  if (isSm2Signed(signer)) return [signer, ca].every(knowsCriticalExtensions) ? null : "UNKNOWN_CA";
  const engine = new pkijs.CertificateChainValidationEngine({
    trustedCerts: [ca],
    certs: [signer, ...others],
    checkDate: at,
  });
  const chain = await engine.verify().catch(() => ({ result: false }));
  return chain.result ? null : "UNKNOWN_CA";
}

function isSm2Signed(cert: pkijs.Certificate): boolean {
  return cert.signatureAlgorithm.algorithmId === SM2_OID.sm2WithSm3;
}

/** Whether `issuer`'s key signed `cert`: SM2 with node:crypto, anything else with pkijs (WebCrypto). */
async function signedBy(cert: pkijs.Certificate, issuer: pkijs.Certificate): Promise<boolean> {
  if (!isSm2Signed(cert)) return cert.verify(issuer).catch(() => false);
  const spki = Buffer.from(issuer.subjectPublicKeyInfo.toSchema().toBER());
  return sm2Verify(spki, cert.tbsView, cert.signatureValue.valueBlock.valueHexView, "der");
}

/** Every critical extension is one this check reads (what pkijs' engine refuses otherwise). */
function knowsCriticalExtensions(cert: pkijs.Certificate): boolean {
  const known = new Set([KEY_USAGE, BASIC_CONSTRAINTS]);
  return (cert.extensions ?? []).every((e) => !e.critical || known.has(e.extnID));
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
