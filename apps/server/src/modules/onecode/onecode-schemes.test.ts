import "reflect-metadata";
import type { OnecodeIssued, OnecodeKeyList, OnecodeVerifyResult } from "@yiwang/contracts";
import { es256, KeySet, verifyCode } from "@yiwang/onecode-verifier";
import { sm2 } from "@yiwang/onecode-verifier/sm2";
import { sm2 as smCrypto } from "sm-crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import type { Headers } from "../../test-support/identity.js";
import { staffOf } from "../cases/testing.js";
import { decodePngDataUrl, holderWithLicenses } from "./testing.js";

/**
 * The SM2 signing scheme (CRYPTO_SUITE=national) and extension fields (扩展域). Codes and the key list are
 * signed by the server through node:crypto (platform/crypto/sm2.ts); they are judged here by sm-crypto
 * called directly (an independent SM2 implementation, GM/T 0009 default ID) and by the verifier package
 * with its SM2 scheme — plus the server's own HTTP verification.
 */

const json = (s: string) => JSON.parse(Buffer.from(s, "base64url").toString("utf8"));

/** sm-crypto on a compact JWS with an SM2 JWK: the signature r‖s over the ASCII signing input. */
function smCryptoVerifies(jws: string, jwk: { x: string; y: string }): boolean {
  const [h, p, s] = jws.split(".") as [string, string, string];
  const point = `04${Buffer.from(jwk.x, "base64url").toString("hex")}${Buffer.from(jwk.y, "base64url").toString("hex")}`;
  const signature = Buffer.from(s, "base64url").toString("hex");
  return smCrypto.doVerifySignature([...Buffer.from(`${h}.${p}`)], signature, point, { hash: true, der: false });
}

describe("一码通 signed with SM2 (national suite), with extension fields", () => {
  const clock = new TestClock("2026-03-02T02:00:00Z");
  let t: TestApp;
  let zhang: Headers;
  let idCard: string;
  let ssc: string;
  let psbClerk: Headers;

  const get = (url: string, headers?: Headers) => t.app.inject({ method: "GET", url, headers });
  const verify = async (code: string) => {
    const res = await t.app.inject({ method: "POST", url: "/api/onecode/verify", payload: { code } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as OnecodeVerifyResult;
  };

  beforeAll(async () => {
    t = await createTestApp({ clock, env: { CRYPTO_SUITE: "national" } });
    ({ headers: zhang, idCard, ssc } = await holderWithLicenses(t));
    psbClerk = await staffOf(t, "window_clerk", "psb");
  });
  afterAll(async () => t?.close());

  it("codes and the key list are SM2; sm-crypto and the verifier package agree with the server", async () => {
    const res = await get("/api/onecode/code", zhang);
    expect(res.statusCode, res.body).toBe(200);
    const issued = res.json() as OnecodeIssued;
    expect(decodePngDataUrl(issued.png)).toBe(issued.code);
    const [h] = issued.code.slice(4).split(".") as [string];
    expect(json(h)).toMatchObject({ alg: "SM2", kid: issued.kid, typ: "onecode+jwt" });

    const keys = (await get("/api/onecode/keys")).json() as OnecodeKeyList;
    expect(keys.listKey).toMatchObject({ crv: "SM2", alg: "SM2" });
    // Independent: sm-crypto checks the list with the pinned key, then the code with the listed key.
    expect(smCryptoVerifies(keys.list, keys.listKey)).toBe(true);
    const listed = json(keys.list.split(".")[1] as string).keys as { kid: string; x: string; y: string; alg: string }[];
    const jwk = listed.find((k) => k.kid === issued.kid);
    expect(jwk?.alg).toBe("SM2");
    expect(smCryptoVerifies(issued.code.slice(4), jwk as { x: string; y: string })).toBe(true);
    const flipped = `${issued.code.slice(0, -3)}${issued.code.at(-3) === "A" ? "B" : "A"}${issued.code.slice(-2)}`;
    expect(smCryptoVerifies(flipped.slice(4), jwk as { x: string; y: string })).toBe(false);

    // The verifier package with its SM2 scheme; without it the SM2 list is refused, not misread.
    const keySet = await KeySet.fromList(keys.list, keys.listKey, clock.now(), [es256, sm2]);
    expect((await verifyCode(issued.code, keySet, clock.now())).result).toBe("valid");
    expect((await verifyCode(flipped, keySet, clock.now())).result).toBe("bad_signature");
    await expect(KeySet.fromList(keys.list, keys.listKey, clock.now())).rejects.toThrow("unsupported_alg");

    // The server: valid, then a one-bit change and expiry refused.
    expect(await verify(issued.code)).toMatchObject({ result: "valid", kid: issued.kid, extensions: [] });
    expect((await verify(flipped)).result).toBe("bad_signature");
    clock.advance(61_000);
    expect((await verify(issued.code)).result).toBe("expired");
    expect((await verifyCode(issued.code, keySet, clock.now())).result).toBe("expired");
  });

  it("the holder attaches the social security card: the code carries it signed, verifiers show it", async () => {
    const res = await get(`/api/onecode/code?attach=${ssc}`, zhang);
    expect(res.statusCode, res.body).toBe(200);
    const issued = res.json() as OnecodeIssued;
    const ext = [{ type: "ssc", fields: { no: "SSC0001" }, known: true }];
    expect(issued.extensions).toEqual(ext);
    // Standard field + extension field (x) + security check field (the signature).
    const claims = json(issued.code.slice(4).split(".")[1] as string);
    expect(Object.keys(claims).sort()).toEqual(["exp", "iat", "n", "sub", "t", "v", "x"]);
    expect(claims.x).toEqual({ ssc: { no: "SSC0001" } });
    expect(decodePngDataUrl(issued.png)).toBe(issued.code);

    expect(await verify(issued.code)).toMatchObject({ result: "valid", extensions: ext });
    const keys = (await get("/api/onecode/keys")).json() as OnecodeKeyList;
    const keySet = await KeySet.fromList(keys.list, keys.listKey, clock.now(), [es256, sm2]);
    expect((await verifyCode(issued.code, keySet, clock.now())).extensions).toEqual(ext);
    // The window's scan path takes it like any code.
    const scan = await t.app.inject({
      method: "POST",
      url: "/api/onecode/scans",
      payload: { code: issued.code },
      headers: psbClerk,
    });
    expect(scan.statusCode, scan.body).toBe(201);
  });

  it("only a registered type of the holder's own license attaches; anything else is a clear 400", async () => {
    const idAttach = await get(`/api/onecode/code?attach=${idCard}`, zhang);
    expect([idAttach.statusCode, idAttach.json().code]).toEqual([400, "ONECODE_EXTENSION_UNSUPPORTED"]);
    const none = await get("/api/onecode/code?attach=00000000-0000-4000-8000-000000000000", zhang);
    expect([none.statusCode, none.json().code]).toEqual([400, "ONECODE_LICENSE_NOT_HELD"]);
    const bad = await get("/api/onecode/code?attach=not-a-uuid", zhang);
    expect(bad.statusCode).toBe(400);
  });
});
