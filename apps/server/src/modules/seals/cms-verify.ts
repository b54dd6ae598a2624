import { createHash } from "node:crypto";
import * as pkijs from "pkijs";
import { SM2_OID, sm2Verify } from "../../platform/crypto/sm2.js";

/**
 * The CMS half of a PAdES check, with pkijs: the /Contents holds one detached SignedData with one
 * signer whose certificate is in the structure; its messageDigest is the digest of the signed bytes, its
 * signature over the signed attributes verifies with that certificate, and its ESS
 * signing-certificate-v2 names that very certificate (so no other certificate with the same key or
 * serial can be substituted). What the certificate is worth is `cert-trust.ts`'s question.
 *
 * Two algorithm pairs are accepted, whatever CRYPTO_SUITE is now: SHA-256 with ECDSA (pkijs checks the
 * signature with WebCrypto) and SM3 with SM2 (GM/T 0006 OIDs; WebCrypto has neither, so pkijs only parses
 * and node:crypto checks the SM2 signature with the GM/T 0009 default ID, platform/crypto/sm2.ts).
 */

export type CmsFailure = "BAD_SIGNATURE" | "DIGEST_MISMATCH";

export interface VerifiedCms {
  signer: pkijs.Certificate;
  /** The other certificates the signer shipped (candidates for the chain; none is trusted for it). */
  others: pkijs.Certificate[];
  /** The CMS signing-time attribute, if the signer put one in (PAdES B-B puts the time in /M instead). */
  signingTime: Date | null;
  /** SHA-256 of the signed bytes (whatever the signature's digest). */
  digest: Buffer;
}

const OID = {
  sha256: "2.16.840.1.101.3.4.2.1",
  sm3: SM2_OID.sm3,
  sm2WithSm3: SM2_OID.sm2WithSm3,
  /** GM/T 0010's name for the SM2 signature in a SignerInfo. */
  sm2Sign: "1.2.156.10197.1.301.1",
  data: "1.2.840.113549.1.7.1",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
};

/** `der` is the /Contents' bytes (zero-padded); `signed` the byte ranges the signature covers. */
export async function verifyCms(contents: Buffer, signed: readonly Buffer[]): Promise<VerifiedCms | CmsFailure> {
  let signedData: pkijs.SignedData;
  try {
    const der = derPrefix(contents);
    // The rest of the gap is the placeholder's padding: zeros, nothing hidden after the structure.
    if (contents.subarray(der.length).some((b) => b !== 0)) return "BAD_SIGNATURE";
    const info = pkijs.ContentInfo.fromBER(new Uint8Array(der));
    if (info.contentType !== pkijs.ContentInfo.SIGNED_DATA) return "BAD_SIGNATURE";
    signedData = new pkijs.SignedData({ schema: info.content });
  } catch {
    return "BAD_SIGNATURE";
  }
  const signerInfo = signedData.signerInfos[0];
  if (
    signedData.signerInfos.length !== 1 ||
    signedData.encapContentInfo.eContent ||
    signedData.encapContentInfo.eContentType !== OID.data ||
    !signerInfo.signedAttrs
  )
    return "BAD_SIGNATURE";
  const sm2 = isSm2Signer(signerInfo);
  if (!sm2 && signerInfo.digestAlgorithm.algorithmId !== OID.sha256) return "BAD_SIGNATURE";
  const attributes = signerInfo.signedAttrs.attributes;
  const attribute = (type: string) => attributes.filter((a) => a.type === type);

  const digestOf = (algorithm: "sha256" | "sm3") => {
    const hash = createHash(algorithm);
    for (const part of signed) hash.update(part);
    return hash.digest();
  };
  const digest = digestOf("sha256");
  const messageDigest = attribute(OID.messageDigest);
  if (messageDigest.length !== 1) return "BAD_SIGNATURE";
  if (!(sm2 ? digestOf("sm3") : digest).equals(octets(messageDigest[0].values[0]))) return "DIGEST_MISMATCH";

  let signer: pkijs.Certificate;
  if (sm2) {
    const found = verifySm2Signer(signedData, signerInfo);
    if (!found) return "BAD_SIGNATURE";
    signer = found;
  } else {
    try {
      const data = Buffer.concat(signed);
      const result = await signedData.verify({
        signer: 0,
        data: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
        extendedMode: true,
        checkChain: false,
      });
      if (result.signatureVerified !== true || !result.signerCertificate) return "BAD_SIGNATURE";
      signer = result.signerCertificate;
    } catch {
      // pkijs throws for a signer certificate that is not in the structure, an unknown algorithm, …
      return "BAD_SIGNATURE";
    }
  }

  const signerDer = Buffer.from(signer.toSchema().toBER());
  const essCerts = attribute(OID.signingCertificateV2);
  if (essCerts.length !== 1 || !namesCertificate(essCerts[0].values[0], signerDer)) return "BAD_SIGNATURE";

  const times = attribute(OID.signingTime);
  if (times.length > 1) return "BAD_SIGNATURE";
  const signingTime = times.length === 1 ? timeOf(times[0].values[0]) : null;
  if (times.length === 1 && !signingTime) return "BAD_SIGNATURE";

  const others = (signedData.certificates ?? []).filter(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate && c !== signer,
  );
  return { signer, others, signingTime, digest };
}

/** SM3 with SM2 (either OID of the signature); a mixed pair (SM3 with ECDSA, SHA-256 with SM2) is neither. */
function isSm2Signer(signerInfo: pkijs.SignerInfo): boolean {
  const signature = signerInfo.signatureAlgorithm.algorithmId;
  return (
    signerInfo.digestAlgorithm.algorithmId === OID.sm3 && (signature === OID.sm2WithSm3 || signature === OID.sm2Sign)
  );
}

/**
 * The signer's certificate (by issuer and serial, among the certificates shipped) if its SM2 key verifies
 * the signature over the DER of the signed attributes (as a SET, RFC 5652 §5.4), else null.
 */
function verifySm2Signer(signedData: pkijs.SignedData, signerInfo: pkijs.SignerInfo): pkijs.Certificate | null {
  const sid = signerInfo.sid;
  if (!(sid instanceof pkijs.IssuerAndSerialNumber) || !signerInfo.signedAttrs) return null;
  const cert = (signedData.certificates ?? []).find(
    (c): c is pkijs.Certificate =>
      c instanceof pkijs.Certificate && c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber),
  );
  if (!cert) return null;
  const encoded = signerInfo.signedAttrs.encodedValue;
  const attributes = Buffer.from(
    encoded.byteLength > 0 ? new Uint8Array(encoded) : new Uint8Array(signerInfo.signedAttrs.toSchema().toBER()),
  );
  attributes[0] = 0x31; // [0] IMPLICIT → SET OF (a copy: pkijs keeps the original)
  const spki = Buffer.from(cert.subjectPublicKeyInfo.toSchema().toBER());
  const signature = signerInfo.signature.valueBlock.valueHexView;
  return sm2Verify(spki, attributes, signature, "der") ? cert : null;
}

/** The /Contents hex is zero-padded: keep exactly the DER element its header announces. */
function derPrefix(bytes: Buffer): Buffer {
  if (bytes[0] !== 0x30) throw new Error("not a DER sequence");
  const first = bytes[1];
  if (first < 0x80) return bytes.subarray(0, 2 + first);
  const n = first & 0x7f;
  if (n < 1 || n > 4) throw new Error("unsupported DER length");
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + bytes[2 + i];
  const end = 2 + n + len;
  if (end > bytes.length) throw new Error("DER longer than the gap");
  return bytes.subarray(0, end);
}

// asn1js values (pkijs keeps attribute values as asn1js objects)
interface Asn1Node {
  valueBlock: { value?: Asn1Node[]; valueHexView?: Uint8Array };
  idBlock: { tagClass: number; tagNumber: number };
  toDate?: () => Date;
}

function octets(value: Asn1Node | undefined): Buffer {
  const view = value?.valueBlock.valueHexView;
  return view ? Buffer.from(view) : Buffer.alloc(0);
}

/**
 * SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, … }; the first ESSCertIDv2 is the
 * signer's: { hashAlgorithm DEFAULT sha256, certHash OCTET STRING, issuerSerial OPTIONAL }.
 */
function namesCertificate(value: Asn1Node | undefined, certificateDer: Buffer): boolean {
  const first = value?.valueBlock.value?.[0]?.valueBlock.value?.[0];
  const parts = first?.valueBlock.value ?? [];
  let hashAlgorithm: string = OID.sha256;
  let i = 0;
  if (parts[0]?.idBlock.tagNumber === 16) {
    // An explicit AlgorithmIdentifier: SHA-256 or SM3 is accepted.
    const algorithm = parts[0].valueBlock.value?.[0] as unknown as { valueBlock: { toString(): string } } | undefined;
    hashAlgorithm = algorithm?.valueBlock.toString() ?? "";
    i = 1;
  }
  const hash = hashAlgorithm === OID.sha256 ? "sha256" : hashAlgorithm === OID.sm3 ? "sm3" : null;
  if (!hash || parts[i]?.idBlock.tagNumber !== 4) return false;
  return octets(parts[i]).equals(createHash(hash).update(certificateDer).digest());
}

function timeOf(value: Asn1Node | undefined): Date | null {
  try {
    const date = value?.toDate?.();
    return date && !Number.isNaN(date.getTime()) ? date : null;
  } catch {
    return null;
  }
}
