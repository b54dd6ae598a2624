import "reflect-metadata";
import { randomBytes } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import {
  AlgorithmIdentifier,
  Certificate,
  Extension,
  Extensions,
  Name,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from "@peculiar/asn1-x509";
import * as x509 from "@peculiar/x509";
import type { Kysely } from "kysely";
import { SM2_OID } from "../../platform/crypto/sm2.js";
import type { SealAlgorithm } from "../../platform/crypto/suite.js";
import type { DB } from "../../platform/db/schema.js";
import type { SealKeyStore } from "./key-store.js";

/**
 * X.509 certificates of the seal CAs and the department seals, assembled with @peculiar/asn1-x509 and
 * signed through the SealKeyStore (so the CA key may sit in an HSM): the TBSCertificate's DER goes to the
 * store, its DER signature into the certificate. The signature algorithm is the CA key's —
 * ecdsa-with-SHA256 (RFC 5758, no parameters) or SM2-with-SM3 (GM/T 0006 1.2.156.10197.1.501, GM/T 0015
 * certificates; Z over the CA's key and the GM/T 0009 default ID) — and the subject key may be ECDSA P-256
 * or SM2 (id-ecPublicKey with the SM2 curve 1.2.156.10197.1.301). Extensions are @peculiar/x509's classes.
 */

export const SIGNATURE_OID: Record<SealAlgorithm, string> = {
  "ECDSA-P256": "1.2.840.10045.4.3.2",
  SM2: SM2_OID.sm2WithSm3,
};

/** A positive 16-byte serial number, hex. */
export function newSerial(): string {
  const b = randomBytes(16);
  b[0] = (b[0] & 0x7f) | 0x40;
  return b.toString("hex");
}

/** A copy as a plain ArrayBuffer (what @peculiar/x509 accepts as SPKI). */
const arrayBuffer = (b: Uint8Array): ArrayBuffer => new Uint8Array(b).buffer;

export interface IssuedCertificate {
  pem: string;
  der: Buffer;
  serial: string;
  notBefore: Date;
  notAfter: Date;
}

interface Signing {
  store: SealKeyStore;
  keyId: string;
  algorithm: SealAlgorithm;
  trx?: Kysely<DB>;
}

async function build(
  fields: {
    serial: string;
    issuer: Name;
    subject: x509.JsonName;
    notBefore: Date;
    notAfter: Date;
    publicKey: Uint8Array;
    extensions: x509.Extension[];
  },
  signing: Signing,
): Promise<IssuedCertificate> {
  const signatureAlgorithm = new AlgorithmIdentifier({ algorithm: SIGNATURE_OID[signing.algorithm] });
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: arrayBuffer(Buffer.from(fields.serial, "hex")),
    signature: signatureAlgorithm,
    issuer: fields.issuer,
    validity: new Validity({ notBefore: fields.notBefore, notAfter: fields.notAfter }),
    subject: AsnConvert.parse(new x509.Name(fields.subject).toArrayBuffer(), Name),
    subjectPublicKeyInfo: AsnConvert.parse(fields.publicKey, SubjectPublicKeyInfo),
    extensions: new Extensions(fields.extensions.map((e) => AsnConvert.parse(e.rawData, Extension))),
  });
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const signature = await signing.store.sign(signing.keyId, tbsDer, "der", signing.trx);
  const der = Buffer.from(
    AsnConvert.serialize(
      new Certificate({ tbsCertificate: tbs, signatureAlgorithm, signatureValue: arrayBuffer(signature) }),
    ),
  );
  const cert = new x509.X509Certificate(der);
  return { pem: cert.toString("pem"), der, serial: fields.serial, notBefore: cert.notBefore, notAfter: cert.notAfter };
}

/** The platform's self-signed seal root CA certificate (its key's algorithm signs it). */
export async function createCaCertificate(
  store: SealKeyStore,
  key: { keyId: string; publicKey: Buffer; algorithm: SealAlgorithm },
  subject: x509.JsonName,
  notBefore: Date,
  years: number,
  trx?: Kysely<DB>,
): Promise<IssuedCertificate> {
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + years);
  const ski = await x509.SubjectKeyIdentifierExtension.create(arrayBuffer(key.publicKey));
  return build(
    {
      serial: newSerial(),
      issuer: AsnConvert.parse(new x509.Name(subject).toArrayBuffer(), Name),
      subject,
      notBefore,
      notAfter,
      publicKey: key.publicKey,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        ski,
        new x509.AuthorityKeyIdentifierExtension(ski.keyId),
      ],
    },
    { store, keyId: key.keyId, algorithm: key.algorithm, trx },
  );
}

/** A seal certificate issued by the CA: digital signature + non-repudiation, not a CA. */
export async function issueSealCertificate(
  store: SealKeyStore,
  ca: { keyId: string; certificatePem: string; algorithm: SealAlgorithm },
  sealPublicKey: Buffer,
  subject: x509.JsonName,
  notBefore: Date,
  notAfter: Date,
  trx?: Kysely<DB>,
): Promise<IssuedCertificate> {
  const caCert = new x509.X509Certificate(ca.certificatePem);
  const caSki = caCert.getExtension(x509.SubjectKeyIdentifierExtension);
  if (!caSki) throw new Error("seal CA certificate has no subject key identifier");
  return build(
    {
      serial: newSerial(),
      // The issuer is the CA's subject, byte for byte.
      issuer: AsnConvert.parse(caCert.rawData, Certificate).tbsCertificate.subject,
      subject,
      notBefore,
      notAfter,
      publicKey: sealPublicKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
        await x509.SubjectKeyIdentifierExtension.create(arrayBuffer(sealPublicKey)),
        new x509.AuthorityKeyIdentifierExtension(caSki.keyId),
      ],
    },
    { store, keyId: ca.keyId, algorithm: ca.algorithm, trx },
  );
}

export function pemToDer(pem: string): Buffer {
  return Buffer.from(new x509.X509Certificate(pem).rawData);
}
