import "reflect-metadata";
import { KeyObject, sign, webcrypto } from "node:crypto";

type CryptoKeyPair = webcrypto.CryptoKeyPair;

import * as x509 from "@peculiar/x509";
import { newSerial } from "./certificates.js";
import type { CmsSigner } from "./cms.js";
import { type StampOptions, stampAndSign } from "./pdf-sign.js";

/**
 * A throw-away PKI for tests of the PDF verifier: CAs and seal certificates with any validity period and
 * key usage (what the platform's own CA never issues), made with the same tooling (@peculiar/x509,
 * ECDSA P-256) and applied with the platform's own stamping and CMS code, so only the PKI differs.
 */

const EC = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const { KeyUsageFlags: KU } = x509;

export interface TestCert {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
}

export const YEAR_MS = 365 * 86_400_000;

export interface CertOptions {
  subject: string;
  notBefore: Date;
  notAfter: Date;
  keyUsage: number;
  ca?: boolean;
}

async function keyPair(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(EC, true, ["sign", "verify"]) as Promise<CryptoKeyPair>;
}

/** A self-signed root; `keyUsage` defaults to what a CA needs (keyCertSign + cRLSign). */
export async function testCa(
  subject: string,
  options: Partial<Omit<CertOptions, "subject">> = {},
  now = new Date(),
): Promise<TestCert> {
  const keys = await keyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: newSerial(),
    name: subject,
    notBefore: options.notBefore ?? new Date(now.getTime() - YEAR_MS),
    notAfter: options.notAfter ?? new Date(now.getTime() + 20 * YEAR_MS),
    keys,
    signingAlgorithm: EC,
    extensions: [
      new x509.BasicConstraintsExtension(options.ca ?? true, 0, true),
      new x509.KeyUsagesExtension(options.keyUsage ?? KU.keyCertSign | KU.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, keys };
}

/** A certificate issued by `issuer`: by default a seal certificate like the platform's (digitalSignature + nonRepudiation). */
export async function testSealCert(issuer: TestCert, options: Partial<CertOptions> = {}, now = new Date()) {
  const keys = await keyPair();
  const ski = issuer.cert.getExtension(x509.SubjectKeyIdentifierExtension);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: newSerial(),
    subject: options.subject ?? "C=CN, O=示例市市场监督管理局, CN=示例市市场监督管理局电子证照专用章",
    issuer: issuer.cert.subject,
    notBefore: options.notBefore ?? new Date(now.getTime() - 86_400_000),
    notAfter: options.notAfter ?? new Date(now.getTime() + 3 * YEAR_MS),
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: EC,
    extensions: [
      new x509.BasicConstraintsExtension(options.ca ?? false, undefined, true),
      new x509.KeyUsagesExtension(options.keyUsage ?? KU.digitalSignature | KU.nonRepudiation, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ...(ski ? [new x509.AuthorityKeyIdentifierExtension(ski.keyId)] : []),
    ],
  });
  return { cert, keys };
}

/** What `SealService` hands `stampAndSign`: the signer's certificate, the chain, and a DER ECDSA signature. */
export function cmsSigner(signer: TestCert, chain: readonly TestCert[]): CmsSigner {
  const key = KeyObject.from(signer.keys.privateKey);
  return {
    algorithm: "ECDSA-P256",
    certificate: new Uint8Array(signer.cert.rawData),
    chain: chain.map((c) => new Uint8Array(c.cert.rawData)),
    sign: async (data) => sign("sha256", data, { key, dsaEncoding: "der" }),
  };
}

/** Stamps and signs `pdf` with `signer` at `signingTime`, exactly as the platform does. */
export function sealWith(
  pdf: Uint8Array,
  signer: TestCert,
  chain: readonly TestCert[],
  signingTime: Date,
  options: Partial<StampOptions> = {},
): Promise<Buffer> {
  return stampAndSign(
    pdf,
    { arcText: "示例市市场监督管理局", signerName: "测试章", reason: "测试 test", signingTime, ...options },
    cmsSigner(signer, chain),
  );
}
