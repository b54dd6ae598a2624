import { createHash, verify } from "node:crypto";
import { type Attribute, ContentInfo, id_messageDigest, SignedData } from "@peculiar/asn1-cms";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import * as x509 from "@peculiar/x509";
import { tlv } from "./cms.js";

/**
 * Checks the last PAdES signature of a PDF the way a relying party does (what `pdfsig` reports): the
 * byte range covers the whole file, the CMS messageDigest equals SHA-256 of that range, the signature
 * over the signed attributes verifies with the signer's certificate, and that certificate was issued by
 * the trusted seal CA. Only the CMS shape our seals produce (and any ECDSA/RSA SHA-256 signer) is read.
 */
export type PdfSignatureCheck =
  | { valid: true; signerSerial: string; signerSubject: string; signedSha256: string }
  | {
      valid: false;
      reason: "NO_SIGNATURE" | "MODIFIED_AFTER_SIGNING" | "DIGEST_MISMATCH" | "SIGNATURE_INVALID" | "UNTRUSTED_SIGNER";
    };

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;

export async function verifyPdfSignature(pdf: Buffer, trustedCaPem: string): Promise<PdfSignatureCheck> {
  const text = pdf.toString("latin1");
  const ranges = [...text.matchAll(BYTE_RANGE)];
  const last = ranges.at(-1);
  if (!last) return { valid: false, reason: "NO_SIGNATURE" };
  const [a, b, c, d] = last.slice(1, 5).map(Number);
  if (a !== 0 || c + d !== pdf.length || b >= c) return { valid: false, reason: "MODIFIED_AFTER_SIGNING" };

  const hex = text.slice(b + 1, c - 1).replace(/[^0-9a-fA-F]/g, "");
  let signedData: SignedData;
  try {
    const der = Buffer.from(hex, "hex");
    const info = AsnConvert.parse(derPrefix(der), ContentInfo);
    signedData = AsnConvert.parse(info.content, SignedData);
  } catch {
    return { valid: false, reason: "SIGNATURE_INVALID" };
  }
  const signer = signedData.signerInfos[0];
  if (!signer?.signedAttrs) return { valid: false, reason: "SIGNATURE_INVALID" };

  const digest = createHash("sha256")
    .update(pdf.subarray(a, a + b))
    .update(pdf.subarray(c, c + d))
    .digest();
  const md = signer.signedAttrs.find((attr) => attr.attrType === id_messageDigest)?.attrValues[0];
  if (!md || !Buffer.from(AsnConvert.parse(md, OctetString).buffer).equals(digest))
    return { valid: false, reason: "DIGEST_MISMATCH" };

  const certs = (signedData.certificates ?? [])
    .map((choice) => choice.certificate)
    .filter((cert) => cert !== undefined)
    .map((cert) => new x509.X509Certificate(AsnConvert.serialize(cert)));
  const sid = signer.sid.issuerAndSerialNumber;
  const serialHex = sid ? Buffer.from(sid.serialNumber).toString("hex") : null;
  const signerCert = certs.find(
    (cert) => serialHex !== null && normalizeSerial(cert.serialNumber) === normalizeSerial(serialHex),
  );
  if (!signerCert) return { valid: false, reason: "SIGNATURE_INVALID" };

  const attrs = signedAttributesDer(signer.signedAttrs, signer.signedAttrsRaw);
  const publicKey = Buffer.from(signerCert.publicKey.rawData);
  const ok = verify(
    "sha256",
    attrs,
    { key: publicKey, format: "der", type: "spki", dsaEncoding: "der" },
    Buffer.from(signer.signature.buffer),
  );
  if (!ok) return { valid: false, reason: "SIGNATURE_INVALID" };

  const ca = new x509.X509Certificate(trustedCaPem);
  const chained =
    signerCert.issuer === ca.subject &&
    (await signerCert.verify({ publicKey: ca.publicKey, signatureOnly: true }).catch(() => false));
  if (!chained) return { valid: false, reason: "UNTRUSTED_SIGNER" };
  return {
    valid: true,
    signerSerial: normalizeSerial(signerCert.serialNumber),
    signerSubject: signerCert.subject,
    signedSha256: digest.toString("hex"),
  };
}

/**
 * The signed attributes as they were signed: a DER SET OF (tag 0x31), not with their [0] IMPLICIT tag.
 * The received bytes when the parser kept them; otherwise re-encoded in DER order (what DER signers sign).
 */
function signedAttributesDer(attributes: readonly Attribute[], raw: ArrayBuffer | undefined): Buffer {
  if (raw && raw.byteLength > 0) {
    const bytes = Buffer.from(raw);
    bytes[0] = 0x31;
    return bytes;
  }
  return tlv(0x31, ...attributes.map((a) => Buffer.from(AsnConvert.serialize(a))).sort(Buffer.compare));
}

/** The /Contents hex is zero-padded: keep exactly the DER value its header announces. */
function derPrefix(der: Buffer): Buffer {
  if (der[0] !== 0x30) throw new Error("not a DER sequence");
  const first = der[1];
  if (first < 0x80) return der.subarray(0, 2 + first);
  const n = first & 0x7f;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + der[2 + i];
  return der.subarray(0, 2 + n + len);
}

function normalizeSerial(hex: string): string {
  return hex.toLowerCase().replace(/^0+/, "");
}
