import "reflect-metadata";
import { Seal, type VerifyResult } from "@yiwang/contracts";
import { treeHeadSignatureInput } from "@yiwang/merkle";
import type { FastifyInstance } from "fastify";
import * as pkijs from "pkijs";
import { sm2 as smCrypto, sm3 as smCryptoSm3 } from "sm-crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { demoHolders, seedDemo } from "../../seed/index.js";
import { testConfig } from "../../test-support/app.js";
import { openTestDatabase, type TestDatabase } from "../../test-support/database.js";
import { verifyLog } from "../audit/index.js";
import { toSeal } from "../seals/index.js";
import { type DemoHolders, issueDemoLicenses } from "./index.js";

/**
 * CRYPTO_SUITE switched on a running installation (issue 14, 商用密码): licenses, seals, tree heads and
 * personal data written under the international suite still verify and decrypt after a switch to the
 * national one, those written under the national one after a switch back — and the national artefacts
 * verify with an independent SM2/SM3 implementation (sm-crypto, pure JavaScript), not only with ours:
 * the PDF's CMS signature and its certificate chain, the VC-JWT and a signed tree head.
 */

type Suite = "international" | "national";

interface Issued {
  suite: Suite;
  identifier: string;
  credential: string;
  qrToken: string;
  pdf: Buffer;
  holderIdEnc: Buffer | null;
  sealAlgorithm: string;
}

describe("crypto suite switch (international ⇄ national)", () => {
  let database: TestDatabase;
  let app: FastifyInstance | undefined;
  const issued: Issued[] = [];
  const holders = demoHolders();

  async function start(suite: Suite) {
    await app?.close();
    app = await buildApp(testConfig({ CRYPTO_SUITE: suite }), { database });
    await app.ready();
    return app;
  }

  /** Issues the licenses of `slice` (one person, maybe one enterprise) and reads back what was written. */
  async function issue(a: FastifyInstance, suite: Suite, slice: DemoHolders) {
    const before = new Set(issued.map((i) => i.identifier));
    expect(await issueDemoLicenses(a.licenses, slice)).toBeGreaterThan(0);
    const rows = await database.db
      .selectFrom("licenses")
      .innerJoin("seals", "seals.id", "licenses.seal_id")
      .select([
        "licenses.identifier",
        "licenses.credential",
        "licenses.qr_token",
        "licenses.pdf_file_id",
        "licenses.holder_id_enc",
        "seals.algorithm",
      ])
      .execute();
    for (const r of rows.filter((r) => !before.has(r.identifier))) {
      const { bytes } = await a.platform.files.get(r.pdf_file_id as string);
      issued.push({
        suite,
        identifier: r.identifier,
        credential: r.credential,
        qrToken: r.qr_token,
        pdf: bytes,
        holderIdEnc: r.holder_id_enc ? Buffer.from(r.holder_id_enc) : null,
        sealAlgorithm: r.algorithm,
      });
    }
    await a.auditLog.signTreeHead();
  }

  async function verifyAll(a: FastifyInstance) {
    for (const l of issued) {
      for (const payload of [{ token: l.qrToken }, { credential: l.credential }]) {
        const res = await a.inject({ method: "POST", url: "/api/licenses/verify", payload });
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json() as VerifyResult;
        expect(body, `${l.suite} ${Object.keys(payload)[0]}`).toMatchObject({ result: "valid", reason: null });
        expect(body.license?.identifier).toBe(l.identifier);
      }
      const pdf = await a.inject({
        method: "POST",
        url: "/api/licenses/verify/pdf",
        headers: { "content-type": "application/pdf" },
        payload: l.pdf,
      });
      expect(pdf.json(), `${l.suite} pdf`).toMatchObject({ result: "valid", pdfSignature: { status: "valid" } });
    }
    const report = await verifyLog(a.auditLog);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  }

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it("international: ES256 credentials, ECDSA seals and CA, Ed25519 heads, AES-256-GCM personal data", async () => {
    const a = await start("international");
    await seedDemo(database.db, testConfig({ CRYPTO_SUITE: "international" }));
    await issue(a, "international", {
      people: holders.people.slice(0, 1),
      enterprises: holders.enterprises.slice(0, 1),
    });
    expect(issued.map((i) => i.sealAlgorithm)).toEqual(["ECDSA-P256", "ECDSA-P256"]);
    expect(peekAlg(issued[0].credential)).toBe("ES256");
    expect(issued.find((i) => i.holderIdEnc)?.holderIdEnc?.[0]).toBe(0x02); // AES-256-GCM envelope
    await verifyAll(a);
  });

  it("switched to national: new licenses are SM2/SM3 and SM4-GCM, and everything from before still verifies", async () => {
    const a = await start("national");
    await issue(a, "national", { people: holders.people.slice(1, 2), enterprises: holders.enterprises.slice(1, 2) });
    const national = issued.filter((i) => i.suite === "national");
    expect(national.map((i) => i.sealAlgorithm)).toEqual(["SM2", "SM2"]);
    expect(national.map((i) => peekAlg(i.credential))).toEqual(["SM2", "SM2"]);
    expect(national.find((i) => i.holderIdEnc)?.holderIdEnc?.[0]).toBe(0x03); // SM4-GCM envelope
    // One CA per algorithm; the heads are signed by an Ed25519 key (retired) and then an SM2 key.
    const cas = await database.db.selectFrom("seal_cas").select(["algorithm", "active"]).execute();
    expect(cas.map((c) => c.algorithm).sort()).toEqual(["ECDSA-P256", "SM2"]);
    const keys = await a.auditLog.publicKeys();
    expect(keys.map((k) => [k.jwk.crv, k.retiredAt === null])).toEqual([
      ["Ed25519", false],
      ["SM2", true],
    ]);
    // The seals' API answers name each seal's algorithm (through the contract).
    const seals = await database.db.selectFrom("seals").selectAll().orderBy("created_at").execute();
    expect(seals.map((r) => Seal.parse(toSeal(r)).algorithm)).toEqual(["ECDSA-P256", "ECDSA-P256", "SM2", "SM2"]);
    // The JWKS publishes both kinds of seal key, each with its own alg.
    const jwks = (await a.inject({ method: "GET", url: "/api/licenses/jwks.json" })).json() as {
      keys: { alg: string; crv: string }[];
    };
    expect(new Set(jwks.keys.map((k) => `${k.alg}/${k.crv}`))).toEqual(new Set(["ES256/P-256", "SM2/SM2"]));
    await verifyAll(a);
  });

  it("the national artefacts verify with sm-crypto: the PDF's CMS and certificate chain, the VC-JWT, a tree head", async () => {
    const a = app as FastifyInstance;
    const license = issued.find((i) => i.suite === "national") as Issued;

    // PDF: the CMS SignedData in the last signature's /Contents, found by its /ByteRange.
    const { signedAttributes, signature, messageDigest, signer, ca, signedBytes } = cmsOf(license.pdf);
    expect(messageDigest).toBe(smCryptoSm3([...signedBytes]));
    expect(smCrypto.doVerifySignature([...signedAttributes], signature, pointOf(signer), { der: true })).toBe(true);
    // The seal certificate is signed by the SM2 root, the root by itself (SM2-with-SM3, default ID).
    for (const [cert, issuer] of [
      [signer, ca],
      [ca, ca],
    ] as const) {
      expect(cert.signatureAlgorithm.algorithmId).toBe("1.2.156.10197.1.501");
      const sig = Buffer.from(cert.signatureValue.valueBlock.valueHexView).toString("hex");
      expect(smCrypto.doVerifySignature([...cert.tbsView], sig, pointOf(issuer), { der: true })).toBe(true);
    }
    // A changed attribute does not verify (the check above can fail).
    const tampered = Buffer.from(signedAttributes);
    tampered[tampered.length - 1] ^= 1;
    expect(smCrypto.doVerifySignature([...tampered], signature, pointOf(signer), { der: true })).toBe(false);

    // VC-JWT: SM2 over the signing input, r‖s, with the key published in the JWKS.
    const [h, p, s] = license.credential.split(".");
    const kid = JSON.parse(Buffer.from(h, "base64url").toString()).kid as string;
    const jwks = (await a.inject({ method: "GET", url: "/api/licenses/jwks.json" })).json() as {
      keys: { kid: string; x: string; y: string }[];
    };
    const jwk = jwks.keys.find((k) => k.kid === kid) as { x: string; y: string };
    const input = [...Buffer.from(`${h}.${p}`, "ascii")];
    const raw = Buffer.from(s, "base64url").toString("hex");
    expect(smCrypto.doVerifySignature(input, raw, jwkPoint(jwk))).toBe(true);
    expect(
      smCrypto.doVerifySignature(
        input,
        raw.replace(/^./, (c) => (c === "0" ? "1" : "0")),
        jwkPoint(jwk),
      ),
    ).toBe(false);

    // Tree head: SM2 (DER) over RFC 6962's TreeHeadSignature bytes, with the published SM2 key.
    const head = await a.auditLog.signTreeHead();
    const key = (await a.auditLog.publicKeys()).find((k) => k.kid === head.keyId);
    expect(key?.jwk).toMatchObject({ kty: "EC", crv: "SM2", alg: "SM2" });
    const bytes = [...treeHeadSignatureInput(head.timestampMs, head.treeSize, head.rootHash)];
    expect(
      smCrypto.doVerifySignature(bytes, head.signature.toString("hex"), jwkPoint(key?.jwk ?? {}), { der: true }),
    ).toBe(true);
  });

  it("switched back to international: the SM2 licenses and heads still verify, new ones are ECDSA again", async () => {
    const a = await start("international");
    await issue(a, "international", { people: holders.people.slice(2, 3), enterprises: [] });
    expect(issued.at(-1)?.sealAlgorithm).toBe("ECDSA-P256");
    expect(issued.at(-1)?.holderIdEnc?.[0]).toBe(0x02);
    const keys = await a.auditLog.publicKeys();
    expect(keys.map((k) => k.jwk.crv)).toEqual(["Ed25519", "SM2", "Ed25519"]);
    await verifyAll(a);
    // The person licenses' holders decrypt under this configuration, whichever cipher sealed them.
    for (const l of issued.filter((i) => i.holderIdEnc))
      expect(a.platform.pii.decrypt("id_number", l.holderIdEnc as Buffer)).toMatch(/^\d{17}[\dX]$/);
  });

  it("a credential whose header claims the other algorithm than its key's is refused, not verified", async () => {
    const a = app as FastifyInstance;
    for (const l of issued.filter((i) => i.suite === "national").slice(0, 1)) {
      const [h, p, s] = l.credential.split(".");
      const header = { ...JSON.parse(Buffer.from(h, "base64url").toString()), alg: "ES256" };
      const forged = `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${p}.${s}`;
      const res = await a.inject({ method: "POST", url: "/api/licenses/verify", payload: { credential: forged } });
      expect(res.json()).toMatchObject({ result: "forged", reason: "UNKNOWN_KEY" });
    }
  });
});

function peekAlg(jws: string): string {
  return JSON.parse(Buffer.from(jws.split(".")[0], "base64url").toString()).alg;
}

/** 04‖x‖y hex from a certificate's SPKI (what sm-crypto takes as a public key). */
function pointOf(cert: pkijs.Certificate): string {
  return Buffer.from(cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).toString("hex");
}

function jwkPoint(jwk: { x?: string; y?: string }): string {
  return `04${Buffer.from(jwk.x ?? "", "base64url").toString("hex")}${Buffer.from(jwk.y ?? "", "base64url").toString("hex")}`;
}

/** The last signature of a PDF, read with a regular expression and pkijs only (none of the platform's code). */
function cmsOf(pdf: Buffer) {
  const ranges = [...pdf.toString("latin1").matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const [a, b, c, d] = (ranges.at(-1) as RegExpMatchArray).slice(1, 5).map(Number);
  const signedBytes = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
  const hex = pdf.subarray(a + b + 1, c - 1).toString("latin1");
  const gap = Buffer.from(hex, "hex");
  // The gap is zero-padded: keep the DER element its header announces (30 82 hi lo …).
  expect(gap.subarray(0, 2).toString("hex")).toBe("3082");
  const der = gap.subarray(0, 4 + gap.readUInt16BE(2));
  const info = pkijs.ContentInfo.fromBER(new Uint8Array(der));
  const signedData = new pkijs.SignedData({ schema: info.content });
  const signerInfo = signedData.signerInfos[0];
  expect(signerInfo.digestAlgorithm.algorithmId).toBe("1.2.156.10197.1.401"); // SM3
  expect(signerInfo.signatureAlgorithm.algorithmId).toBe("1.2.156.10197.1.501"); // SM2-with-SM3
  const signedAttributes = Buffer.from(signerInfo.signedAttrs?.encodedValue ?? new ArrayBuffer(0));
  signedAttributes[0] = 0x31; // [0] IMPLICIT → SET OF, what the signature covers (RFC 5652 §5.4)
  const digestAttribute = signerInfo.signedAttrs?.attributes.find((x) => x.type === "1.2.840.113549.1.9.4");
  const messageDigest = Buffer.from(digestAttribute?.values[0].valueBlock.valueHexView).toString("hex");
  const certs = (signedData.certificates ?? []) as pkijs.Certificate[];
  const [signer, ca] = certs;
  return {
    signedAttributes,
    signature: Buffer.from(signerInfo.signature.valueBlock.valueHexView).toString("hex"),
    messageDigest,
    signer,
    ca,
    signedBytes,
  };
}
