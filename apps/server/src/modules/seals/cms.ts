import { createHash } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate } from "@peculiar/asn1-x509";
import { SM2_OID } from "../../platform/crypto/sm2.js";
import type { SealAlgorithm } from "../../platform/crypto/suite.js";

/**
 * A detached CMS SignedData (RFC 5652) as PAdES wants it (ETSI.CAdES.detached, ETSI EN 319 142-1 B-B):
 * signed attributes contentType + messageDigest + ESS signing-certificate-v2 and no signing time (the
 * PDF's /M carries it). Encoded by hand in DER: the structure is small and fixed.
 *
 * The algorithms are the seal key's: SHA-256 with ECDSA P-256, or SM3 with SM2 (the national suite; GB/T
 * 38540 e-seals). For SM2 the digest and signature OIDs are GM/T 0006's (SM3 1.2.156.10197.1.401,
 * SM2-with-SM3 1.2.156.10197.1.501, as RFC 8998 and BouncyCastle's CMS write them; GM/T 0010's SM2-1
 * 1.2.156.10197.1.301.1 names the same signature), the ESS certificate hash is SM3 with its algorithm
 * written out (the field's default is SHA-256), and the content types stay PKCS #7's — a PDF signature's
 * /SubFilter ETSI.CAdES.detached is defined over them, where GM/T 0010's own content-type OIDs would make
 * the structure unreadable to PAdES tooling.
 */

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
/** One DER element: tag, definite length, content. */
function tlv(tag: number, ...content: Uint8Array[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}
const seq = (...c: Uint8Array[]) => tlv(0x30, ...c);
const set = (...c: Uint8Array[]) => tlv(0x31, ...c);
const octets = (b: Uint8Array) => tlv(0x04, b);
const int = (n: number) => tlv(0x02, Buffer.from([n]));

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split(".").map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const groups = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) groups.unshift((v & 0x7f) | 0x80);
    out.push(...groups);
  }
  return tlv(0x06, Buffer.from(out));
}

const OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  sha256: "2.16.840.1.101.3.4.2.1",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
};

/** Per seal algorithm: node's digest name and the OIDs of the digest and the signature. */
export const CMS_ALGORITHMS = {
  "ECDSA-P256": { digest: "sha256", digestOid: OID.sha256, signatureOid: OID.ecdsaWithSha256 },
  SM2: { digest: "sm3", digestOid: SM2_OID.sm3, signatureOid: SM2_OID.sm2WithSm3 },
} as const satisfies Record<SealAlgorithm, { digest: string; digestOid: string; signatureOid: string }>;

export interface CmsSigner {
  /** The signer's key algorithm (the certificate's). */
  algorithm: SealAlgorithm;
  /** The signer's certificate (DER). */
  certificate: Uint8Array;
  /** Further certificates for the chain (DER), e.g. the seal CA. */
  chain: readonly Uint8Array[];
  /** ECDSA P-256 / SHA-256 or SM2 / SM3 over the DER signed attributes, DER-encoded signature. */
  sign(signedAttributes: Buffer): Promise<Uint8Array>;
}

export async function detachedSignedData(content: Uint8Array, signer: CmsSigner): Promise<Buffer> {
  const cert = AsnConvert.parse(signer.certificate, Certificate);
  const issuer = Buffer.from(AsnConvert.serialize(cert.tbsCertificate.issuer));
  const serial = tlv(0x02, new Uint8Array(cert.tbsCertificate.serialNumber));
  const algorithms = CMS_ALGORITHMS[signer.algorithm];
  const digestAlgorithm = seq(oid(algorithms.digestOid));
  const digest = (b: Uint8Array) => createHash(algorithms.digest).update(b).digest();

  const certHash = digest(signer.certificate);
  // SigningCertificateV2 { certs: [ ESSCertIDv2 { hashAlgorithm, certHash, issuerSerial } ] }; DER leaves
  // out hashAlgorithm when it is the default, SHA-256.
  const issuerSerial = seq(seq(tlv(0xa4, issuer)), serial);
  const essCertId =
    signer.algorithm === "ECDSA-P256"
      ? seq(octets(certHash), issuerSerial)
      : seq(digestAlgorithm, octets(certHash), issuerSerial);
  const attributes = [
    seq(oid(OID.contentType), set(oid(OID.data))),
    seq(oid(OID.messageDigest), set(octets(digest(content)))),
    seq(oid(OID.signingCertificateV2), set(seq(seq(essCertId)))),
  ].sort(Buffer.compare); // DER: SET OF in ascending order of the encodings
  const signature = await signer.sign(set(...attributes));

  const signerInfo = seq(
    int(1),
    seq(issuer, serial),
    digestAlgorithm,
    tlv(0xa0, ...attributes),
    seq(oid(algorithms.signatureOid)),
    octets(signature),
  );
  const signedData = seq(
    int(1),
    set(digestAlgorithm),
    seq(oid(OID.data)),
    tlv(0xa0, signer.certificate, ...signer.chain),
    set(signerInfo),
  );
  return seq(oid(OID.signedData), tlv(0xa0, signedData));
}
