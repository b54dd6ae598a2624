import "reflect-metadata";
import { randomUUID } from "node:crypto";
import type { JsonName } from "@peculiar/x509";
import { beforeAll, describe, expect, it } from "vitest";
import { generateSm2KeyPair, sm2Sign } from "../../platform/crypto/sm2.js";
import type { SealAlgorithm } from "../../platform/crypto/suite.js";
import { chinesePdf } from "../../platform/pdf/cjk.js";
import { poppler } from "../../test-support/poppler.js";
import { createCaCertificate, issueSealCertificate } from "./certificates.js";
import type { SealKeyStore } from "./key-store.js";
import { stampAndSign } from "./pdf-sign.js";
import { verifyPdfSignature } from "./pdf-verify.js";

/**
 * The PDF verifier on SM2/SM3 seals (CRYPTO_SUITE=national): the platform's certificate and CMS code
 * over an in-memory SM2 key store (the SealKeyStore seam), so that foreign CAs, expired certificates and
 * altered bytes can be made at will. The reason codes are the same as for ECDSA seals.
 */

const SIGNED_AT = new Date("2026-06-01T02:00:00Z");
const NOW = new Date("2026-06-01T03:00:00Z");
const DAY = 86_400_000;

/** The SealKeyStore contract over SM2 keys in memory. */
class MemorySm2Store implements SealKeyStore {
  readonly keys = new Map<string, ReturnType<typeof generateSm2KeyPair>>();
  async createKey(_algorithm: SealAlgorithm) {
    const pair = generateSm2KeyPair();
    const keyId = randomUUID();
    this.keys.set(keyId, pair);
    return { keyId, publicKey: pair.spki };
  }
  async publicKey(keyId: string) {
    return (this.keys.get(keyId) as ReturnType<typeof generateSm2KeyPair>).spki;
  }
  async sign(keyId: string, data: Uint8Array, encoding: "der" | "ieee-p1363") {
    const pair = this.keys.get(keyId) as ReturnType<typeof generateSm2KeyPair>;
    return sm2Sign(pair.privateKey, data, encoding, pair.publicKey);
  }
}

const store = new MemorySm2Store();
const name = (cn: string): JsonName => [{ C: ["CN"] }, { O: ["一网通办平台 Yiwang"] }, { CN: [cn] }];

async function pki(caName: string, sealValidity: { from: Date; to: Date }) {
  const caKey = await store.createKey("SM2");
  const ca = await createCaCertificate(
    store,
    { ...caKey, algorithm: "SM2" },
    name(caName),
    new Date(NOW.getTime() - 365 * DAY),
    20,
  );
  const sealKey = await store.createKey("SM2");
  const seal = await issueSealCertificate(
    store,
    { keyId: caKey.keyId, certificatePem: ca.pem, algorithm: "SM2" },
    sealKey.publicKey,
    [{ C: ["CN"] }, { O: ["示例市市场监督管理局"] }, { CN: ["示例市市场监督管理局电子证照专用章"] }],
    sealValidity.from,
    sealValidity.to,
  );
  return { ca, seal, sealKey };
}

describe("PDF signature verification with SM2/SM3 seals", () => {
  let document: Uint8Array;
  let platform: Awaited<ReturnType<typeof pki>>;
  let good: Buffer;

  const seal = (p: Awaited<ReturnType<typeof pki>>, at = SIGNED_AT) =>
    stampAndSign(
      document,
      { arcText: "示例市市场监督管理局", signerName: "测试章", reason: "测试 test", signingTime: at },
      {
        algorithm: "SM2",
        certificate: p.seal.der,
        chain: [p.ca.der],
        sign: (data) => store.sign(p.sealKey.keyId, data, "der"),
      },
    );

  beforeAll(async () => {
    document = await chinesePdf(["食品经营许可证", "经营者名称：示例市李娜餐饮有限公司"], "食品经营许可证");
    platform = await pki("一网电子印章根证书（SM2）", {
      from: new Date(NOW.getTime() - DAY),
      to: new Date(NOW.getTime() + 3 * 365 * DAY),
    });
    good = await seal(platform);
  });

  it("a seal of the platform's SM2 CA is valid (SM3 digest, SM2-with-SM3 signature and certificates)", async () => {
    expect(await verifyPdfSignature(good, [platform.ca.pem], NOW)).toMatchObject({ status: "valid", reason: null });
    // With the ECDSA CA beside it among the trust anchors (both suites' CAs are trusted at once).
    const other = await pki("another name", { from: new Date(NOW.getTime() - DAY), to: new Date(NOW.getTime() + DAY) });
    expect(await verifyPdfSignature(good, [other.ca.pem, platform.ca.pem], NOW)).toMatchObject({ status: "valid" });
  });

  it("poppler's pdfsig (NSS) cannot check SM2 and says so; it does not call the document valid", () => {
    const out = poppler("pdfsig", good, "sm2.pdf");
    expect(out).not.toMatch(/Signature is Valid/);
  });

  it("a foreign SM2 CA with the platform's very name is UNKNOWN_CA", async () => {
    const forger = await pki("一网电子印章根证书（SM2）", {
      from: new Date(NOW.getTime() - DAY),
      to: new Date(NOW.getTime() + DAY),
    });
    expect(await verifyPdfSignature(await seal(forger), [platform.ca.pem], NOW)).toEqual({
      status: "forged",
      reason: "UNKNOWN_CA",
    });
  });

  it("a seal certificate expired at the signing time is CERT_EXPIRED_AT_SIGNING", async () => {
    const expired = await pki("一网电子印章根证书（SM2）", {
      from: new Date(SIGNED_AT.getTime() - 10 * DAY),
      to: new Date(SIGNED_AT.getTime() - DAY),
    });
    expect(await verifyPdfSignature(await seal(expired), [expired.ca.pem], NOW)).toEqual({
      status: "forged",
      reason: "CERT_EXPIRED_AT_SIGNING",
    });
  });

  it("a changed byte of the document is DIGEST_MISMATCH; bytes appended after it are INCREMENTAL_UPDATE", async () => {
    const text = good.toString("latin1");
    const at = text.indexOf("/Producer");
    const changed = Buffer.from(good);
    changed[at + 2] ^= 0x01;
    expect(await verifyPdfSignature(changed, [platform.ca.pem], NOW)).toEqual({
      status: "forged",
      reason: "DIGEST_MISMATCH",
    });
    const appended = Buffer.concat([good, Buffer.from("\n% appended\n")]);
    expect(await verifyPdfSignature(appended, [platform.ca.pem], NOW)).toMatchObject({
      status: "modified",
      reason: "INCREMENTAL_UPDATE",
    });
  });

  it("a signature by another SM2 key under the right certificate is BAD_SIGNATURE", async () => {
    const impostor = await store.createKey("SM2");
    const forged = await stampAndSign(
      document,
      { arcText: "示例市市场监督管理局", signerName: "测试章", reason: "测试 test", signingTime: SIGNED_AT },
      {
        algorithm: "SM2",
        certificate: platform.seal.der,
        chain: [platform.ca.der],
        sign: (data) => store.sign(impostor.keyId, data, "der"),
      },
    );
    expect(await verifyPdfSignature(forged, [platform.ca.pem], NOW)).toEqual({
      status: "forged",
      reason: "BAD_SIGNATURE",
    });
  });

  it("an ECDSA-labelled CMS over an SM2 signature (an algorithm mix-up) is BAD_SIGNATURE", async () => {
    const mixed = await stampAndSign(
      document,
      { arcText: "示例市市场监督管理局", signerName: "测试章", reason: "测试 test", signingTime: SIGNED_AT },
      {
        algorithm: "ECDSA-P256",
        certificate: platform.seal.der,
        chain: [platform.ca.der],
        sign: (data) => store.sign(platform.sealKey.keyId, data, "der"),
      },
    );
    expect(await verifyPdfSignature(mixed, [platform.ca.pem], NOW)).toEqual({
      status: "forged",
      reason: "BAD_SIGNATURE",
    });
  });
});
