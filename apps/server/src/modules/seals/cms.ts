import { createHash } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate } from "@peculiar/asn1-x509";

/**
 * A detached CMS SignedData (RFC 5652) as PAdES wants it (ETSI.CAdES.detached, ETSI EN 319 142-1 B-B):
 * SHA-256, ECDSA, signed attributes contentType + messageDigest + ESS signing-certificate-v2 and no
 * signing time (the PDF's /M carries it). Encoded by hand in DER: the structure is small and fixed.
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

export interface CmsSigner {
  /** The signer's certificate (DER). */
  certificate: Uint8Array;
  /** Further certificates for the chain (DER), e.g. the seal CA. */
  chain: readonly Uint8Array[];
  /** ECDSA P-256 / SHA-256 over the DER signed attributes, DER-encoded signature. */
  sign(signedAttributes: Buffer): Promise<Uint8Array>;
}

export async function detachedSignedData(content: Uint8Array, signer: CmsSigner): Promise<Buffer> {
  const cert = AsnConvert.parse(signer.certificate, Certificate);
  const issuer = Buffer.from(AsnConvert.serialize(cert.tbsCertificate.issuer));
  const serial = tlv(0x02, new Uint8Array(cert.tbsCertificate.serialNumber));
  const sha256 = seq(oid(OID.sha256));

  const certHash = createHash("sha256").update(signer.certificate).digest();
  // SigningCertificateV2 { certs: [ ESSCertIDv2 { certHash, issuerSerial } ] } (hashAlgorithm = default SHA-256)
  const issuerSerial = seq(seq(tlv(0xa4, issuer)), serial);
  const essCertId = seq(octets(certHash), issuerSerial);
  const attributes = [
    seq(oid(OID.contentType), set(oid(OID.data))),
    seq(oid(OID.messageDigest), set(octets(createHash("sha256").update(content).digest()))),
    seq(oid(OID.signingCertificateV2), set(seq(seq(essCertId)))),
  ].sort(Buffer.compare); // DER: SET OF in ascending order of the encodings
  const signature = await signer.sign(set(...attributes));

  const signerInfo = seq(
    int(1),
    seq(issuer, serial),
    sha256,
    tlv(0xa0, ...attributes),
    seq(oid(OID.ecdsaWithSha256)),
    octets(signature),
  );
  const signedData = seq(
    int(1),
    set(sha256),
    seq(oid(OID.data)),
    tlv(0xa0, signer.certificate, ...signer.chain),
    set(signerInfo),
  );
  return seq(oid(OID.signedData), tlv(0xa0, signedData));
}
