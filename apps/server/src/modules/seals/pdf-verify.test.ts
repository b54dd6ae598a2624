import "reflect-metadata";
import { KeyUsageFlags as KU } from "@peculiar/x509";
import { beforeAll, describe, expect, it } from "vitest";
import { chinesePdf } from "../../platform/pdf/cjk.js";
import { poppler } from "../../test-support/poppler.js";
import { verifyPdfSignature } from "./pdf-verify.js";
import { sealWith, type TestCert, testCa, testSealCert, YEAR_MS } from "./test-pki.js";

/**
 * The PDF verifier against documents a forger could hand a relying party. Each PDF is sealed with the
 * platform's own stamping and CMS code; only the PKI around it (test-pki.ts) or bytes after sealing
 * differ. Every case names the stable reason code it must get; the good document stays `valid` and
 * poppler's `pdfsig` agrees with the cryptography of each.
 */

const CA_NAME = "C=CN, O=一网通办平台 Yiwang, CN=一网电子印章根证书 Yiwang Seal Root CA";
const SIGNED_AT = new Date("2026-06-01T02:00:00Z");
const NOW = new Date("2026-06-01T03:00:00Z");
const DAY = 86_400_000;

const latin1 = (b: Uint8Array) => Buffer.from(b).toString("latin1");
function byteRange(pdf: Buffer): [number, number, number, number] {
  const m = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(latin1(pdf));
  if (!m) throw new Error("no /ByteRange");
  return [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
}

/**
 * A real incremental update (ISO 32000-1 §7.5.6), appended by hand: a new revision of the document
 * information dictionary, an xref section for it and a trailer chained to the previous one with /Prev.
 */
function appendIncrementalUpdate(pdf: Buffer): Buffer {
  const text = latin1(pdf);
  const trailer = text.slice(text.lastIndexOf("trailer"));
  const size = Number(/\/Size\s+(\d+)/.exec(trailer)?.[1]);
  const root = /\/Root\s+(\d+\s+\d+\s+R)/.exec(trailer)?.[1];
  const prev = Number(/startxref\s+(\d+)/.exec(trailer)?.[1]);
  const object = `\n${size} 0 obj\n<< /Title (changed after sealing) /Producer (forger) >>\nendobj\n`;
  const objectAt = pdf.length + 1;
  const xrefAt = pdf.length + object.length;
  const xref =
    `xref\n0 1\n0000000000 65535 f \n${size} 1\n${String(objectAt).padStart(10, "0")} 00000 n \n` +
    `trailer\n<< /Size ${size + 1} /Root ${root} /Info ${size} 0 R /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(object + xref, "latin1")]);
}

describe("PDF signature verification (pdf-verify.ts)", () => {
  let document: Uint8Array;
  let ca: TestCert;
  let caPem: string;
  let good: Buffer;
  const verify = (pdf: Buffer, now = NOW, trusted = caPem) => verifyPdfSignature(pdf, trusted, now);

  beforeAll(async () => {
    document = await chinesePdf(["食品经营许可证", "经营者名称：示例市李娜餐饮有限公司"], "食品经营许可证");
    ca = await testCa(CA_NAME, {}, NOW);
    caPem = ca.cert.toString("pem");
    good = await sealWith(document, await testSealCert(ca, {}, NOW), [ca], SIGNED_AT);
  });

  it("a document sealed under the trusted CA is valid, and pdfsig agrees", async () => {
    expect(await verify(good)).toMatchObject({
      status: "valid",
      reason: null,
      signingTime: SIGNED_AT.toISOString(),
    });
    const report = poppler("pdfsig", good, "verify-good.pdf");
    expect(report).toContain("Signature is Valid.");
    expect(report).toContain("Total document signed");
    // One end-of-line after the signed bytes is how many writers end a file: still the whole document.
    expect((await verify(Buffer.concat([good, Buffer.from("\r\n")]))).status).toBe("valid");
  });

  it("a seal certificate from a foreign CA with the very same name is forged: UNKNOWN_CA", async () => {
    const foreign = await testCa(CA_NAME, {}, NOW);
    const pdf = await sealWith(document, await testSealCert(foreign, {}, NOW), [foreign], SIGNED_AT);
    // The signature itself is mathematically fine (pdfsig says so); only the chain tells it apart.
    expect(poppler("pdfsig", pdf, "verify-foreign.pdf")).toContain("Signature is Valid.");
    expect(await verify(pdf)).toEqual({ status: "forged", reason: "UNKNOWN_CA" });
  });

  it("bytes other than hex in the /Contents gap are forged: GAP_NOT_HEX", async () => {
    const [, b, c] = byteRange(good);
    const injected = Buffer.from(good);
    // Into the zero padding after the CMS, where a reader that skips non-hex bytes never looks.
    injected.write(") /JS (app.alert(1)) (", c - 40, "latin1");
    expect(c - 40).toBeGreaterThan(b);
    expect(await verify(injected)).toEqual({ status: "forged", reason: "GAP_NOT_HEX" });
    const spaced = Buffer.from(good);
    spaced.write(" ", c - 10, "latin1");
    expect(await verify(spaced)).toEqual({ status: "forged", reason: "GAP_NOT_HEX" });
  });

  it("an appended incremental update is modified, not valid: INCREMENTAL_UPDATE (pdfsig: not total document)", async () => {
    const updated = appendIncrementalUpdate(good);
    const report = poppler("pdfsig", updated, "verify-updated.pdf");
    expect(report).toContain("Signature is Valid.");
    expect(report).not.toContain("Total document signed");
    expect(poppler("pdftotext", updated, "verify-updated-text.pdf")).toContain("食品经营许可证");
    expect(await verify(updated)).toMatchObject({ status: "modified", reason: "INCREMENTAL_UPDATE" });
    // Appended bytes do not launder a bad signature: a forged revision stays forged when updated.
    const foreign = await testCa(CA_NAME, {}, NOW);
    const forgedPdf = await sealWith(document, await testSealCert(foreign, {}, NOW), [foreign], SIGNED_AT);
    expect(await verify(appendIncrementalUpdate(forgedPdf))).toEqual({ status: "forged", reason: "UNKNOWN_CA" });
  });

  it("a seal certificate expired before the signing time is forged: CERT_EXPIRED_AT_SIGNING", async () => {
    const expired = await testSealCert(ca, {
      notBefore: new Date(SIGNED_AT.getTime() - 2 * YEAR_MS),
      notAfter: new Date(SIGNED_AT.getTime() - DAY),
    });
    const pdf = await sealWith(document, expired, [ca], SIGNED_AT);
    expect(await verify(pdf)).toEqual({ status: "forged", reason: "CERT_EXPIRED_AT_SIGNING" });

    const early = await testSealCert(ca, {
      notBefore: new Date(SIGNED_AT.getTime() + DAY),
      notAfter: new Date(SIGNED_AT.getTime() + YEAR_MS),
    });
    const before = await sealWith(document, early, [ca], SIGNED_AT);
    expect(await verify(before)).toEqual({ status: "forged", reason: "CERT_NOT_YET_VALID_AT_SIGNING" });
  });

  it("judges certificates at the signing time: valid after the seal certificate expired; a future time is refused", async () => {
    const shortLived = await testSealCert(ca, {
      notBefore: new Date(SIGNED_AT.getTime() - DAY),
      notAfter: new Date(SIGNED_AT.getTime() + DAY),
    });
    const pdf = await sealWith(document, shortLived, [ca], SIGNED_AT);
    expect((await verify(pdf, new Date(SIGNED_AT.getTime() + 2 * YEAR_MS))).status).toBe("valid");
    expect(await verify(pdf, new Date(SIGNED_AT.getTime() - DAY))).toEqual({
      status: "forged",
      reason: "SIGNING_TIME_IN_FUTURE",
    });
  });

  it("key usage: a seal certificate without digitalSignature/nonRepudiation, a CA-capable signer or a CA without keyCertSign is forged: KEY_USAGE", async () => {
    const encipherOnly = await testSealCert(ca, { keyUsage: KU.keyEncipherment }, NOW);
    expect(await verify(await sealWith(document, encipherOnly, [ca], SIGNED_AT))).toEqual({
      status: "forged",
      reason: "KEY_USAGE",
    });
    const caSigner = await testSealCert(ca, { keyUsage: KU.digitalSignature | KU.keyCertSign, ca: true }, NOW);
    expect(await verify(await sealWith(document, caSigner, [ca], SIGNED_AT))).toEqual({
      status: "forged",
      reason: "KEY_USAGE",
    });
    const weakCa = await testCa(CA_NAME, { keyUsage: KU.cRLSign | KU.digitalSignature }, NOW);
    const pdf = await sealWith(document, await testSealCert(weakCa, {}, NOW), [weakCa], SIGNED_AT);
    expect(await verify(pdf, NOW, weakCa.cert.toString("pem"))).toEqual({ status: "forged", reason: "KEY_USAGE" });
  });

  it("a truncated file is refused: TRUNCATED", async () => {
    const [, b, c] = byteRange(good);
    expect(await verify(good.subarray(0, good.length - 20))).toEqual({ status: "forged", reason: "TRUNCATED" });
    expect(await verify(good.subarray(0, Math.floor((b + c) / 2)))).toEqual({ status: "forged", reason: "TRUNCATED" });
  });

  it("a changed byte, a changed signature, a rewritten /ByteRange, no signature: DIGEST_MISMATCH, BAD_SIGNATURE, BYTE_RANGE, NO_SIGNATURE", async () => {
    const [, b] = byteRange(good);
    const tampered = Buffer.from(good);
    tampered[Math.floor(b / 2)] ^= 0x01;
    expect(await verify(tampered)).toEqual({ status: "forged", reason: "DIGEST_MISMATCH" });
    expect(poppler("pdfsig", tampered, "verify-tampered.pdf")).not.toContain("Signature is Valid.");

    // The ECDSA signature is the last element of the DER in the gap: change one of its hex digits.
    const derLength = 4 + Number.parseInt(latin1(good.subarray(b + 5, b + 9)), 16);
    const badSignature = Buffer.from(good);
    const at = b + 1 + 2 * (derLength - 4);
    badSignature[at] = badSignature[at] === 0x30 ? 0x31 : 0x30;
    expect(await verify(badSignature)).toEqual({ status: "forged", reason: "BAD_SIGNATURE" });

    const shifted = Buffer.from(
      latin1(good).replace(/\/ByteRange \[0 (\d)/, (_m, d) => `/ByteRange [1 ${d}`),
      "latin1",
    );
    expect(await verify(shifted)).toEqual({ status: "forged", reason: "BYTE_RANGE" });

    expect(await verify(Buffer.from(document))).toEqual({ status: "forged", reason: "NO_SIGNATURE" });
  });
});
