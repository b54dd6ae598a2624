import "reflect-metadata";
import { randomBytes, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { SealKeyStore } from "./key-store.js";

/**
 * X.509 certificates of the seal CA and the department seals (@peculiar/x509), signed through the
 * SealKeyStore: the generator's WebCrypto `sign` is routed to the store, so the CA key may sit in an HSM.
 */

type X509Crypto = NonNullable<Parameters<typeof x509.X509CertificateGenerator.create>[1]>;

const ALGORITHM = { name: "ECDSA", hash: "SHA-256", namedCurve: "P-256" };

/** A positive 16-byte serial number, hex. */
export function newSerial(): string {
  const b = randomBytes(16);
  b[0] = (b[0] & 0x7f) | 0x40;
  return b.toString("hex");
}

/** A WebCrypto facade whose `sign` is the key store's (r‖s encoding, as WebCrypto returns it). */
function storeCrypto(store: SealKeyStore, keyId: string, trx?: Kysely<DB>): X509Crypto {
  const subtle = {
    sign: async (_alg: unknown, _key: unknown, data: ArrayBuffer | ArrayBufferView) => {
      const bytes = ArrayBuffer.isView(data)
        ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
        : new Uint8Array(data);
      return new Uint8Array(await store.sign(keyId, bytes, "ieee-p1363", trx)).buffer;
    },
  };
  return { subtle, getRandomValues: webcrypto.getRandomValues.bind(webcrypto) } as unknown as X509Crypto;
}

const storeKey = { algorithm: { name: "ECDSA", namedCurve: "P-256" }, type: "private" } as never;

/** A copy as a plain ArrayBuffer (what @peculiar/x509 accepts as SPKI). */
const arrayBuffer = (b: Uint8Array): ArrayBuffer => new Uint8Array(b).buffer;

export interface IssuedCertificate {
  pem: string;
  der: Buffer;
  serial: string;
  notBefore: Date;
  notAfter: Date;
}

function issued(cert: x509.X509Certificate, serial: string): IssuedCertificate {
  return {
    pem: cert.toString("pem"),
    der: Buffer.from(cert.rawData),
    serial,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
  };
}

/** The platform's self-signed seal root CA certificate. */
export async function createCaCertificate(
  store: SealKeyStore,
  key: { keyId: string; publicKey: Buffer },
  subject: x509.JsonName,
  notBefore: Date,
  years: number,
  trx?: Kysely<DB>,
): Promise<IssuedCertificate> {
  const serial = newSerial();
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + years);
  const ski = await x509.SubjectKeyIdentifierExtension.create(arrayBuffer(key.publicKey));
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serial,
      subject,
      issuer: subject,
      notBefore,
      notAfter,
      publicKey: arrayBuffer(key.publicKey),
      signingKey: storeKey,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        ski,
        new x509.AuthorityKeyIdentifierExtension(ski.keyId),
      ],
    },
    storeCrypto(store, key.keyId, trx),
  );
  return issued(cert, serial);
}

/** A seal certificate issued by the CA: digital signature + non-repudiation, not a CA. */
export async function issueSealCertificate(
  store: SealKeyStore,
  ca: { keyId: string; certificatePem: string },
  sealPublicKey: Buffer,
  subject: x509.JsonName,
  notBefore: Date,
  notAfter: Date,
  trx?: Kysely<DB>,
): Promise<IssuedCertificate> {
  const caCert = new x509.X509Certificate(ca.certificatePem);
  const caSki = caCert.getExtension(x509.SubjectKeyIdentifierExtension);
  if (!caSki) throw new Error("seal CA certificate has no subject key identifier");
  const serial = newSerial();
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serial,
      subject,
      issuer: caCert.subjectName,
      notBefore,
      notAfter,
      publicKey: arrayBuffer(sealPublicKey),
      signingKey: storeKey,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
        await x509.SubjectKeyIdentifierExtension.create(arrayBuffer(sealPublicKey)),
        new x509.AuthorityKeyIdentifierExtension(caSki.keyId),
      ],
    },
    storeCrypto(store, ca.keyId, trx),
  );
  return issued(cert, serial);
}

export function pemToDer(pem: string): Buffer {
  return Buffer.from(new x509.X509Certificate(pem).rawData);
}
