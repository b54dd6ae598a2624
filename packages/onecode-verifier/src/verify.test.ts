import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { sm2 as smCrypto } from "sm-crypto";
import { describe, expect, it } from "vitest";
import {
  CODE_PREFIX,
  CODE_TYPE,
  es256,
  KEY_LIST_TYPE,
  KeySet,
  MAX_CODE_LENGTH,
  MAX_EXTENSIONS_BYTES,
  verifyCode,
} from "./index.js";
import { sm2 } from "./sm2.js";

/**
 * The verifier package on its own (no server): keys, a signed list and codes made here with node:crypto,
 * judged by the package's WebCrypto code — every result code, and the list's own checks.
 */

const b64 = (v: unknown) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");
function jws(header: object, payload: object, key: KeyObject): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${sign("sha256", Buffer.from(input), { key, dsaEncoding: "ieee-p1363" }).toString("base64url")}`;
}
function keyPair(kid: string) {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const { x, y } = publicKey.export({ format: "jwk" }) as { x: string; y: string };
  return { privateKey, jwk: { kid, kty: "EC" as const, crv: "P-256" as const, x, y, alg: "ES256", use: "sig" } };
}

const NOW = new Date("2026-03-02T02:00:00Z");
const now = Math.floor(NOW.getTime() / 1000);
const list = keyPair("Llist");
const signer = keyPair("Ccode");
const other = keyPair("Cother");
const listJws = (keys: object[], exp = now + 3600) =>
  jws({ alg: "ES256", kid: "Llist", typ: KEY_LIST_TYPE }, { iat: now, exp, keys }, list.privateKey);
const code = (claims: Partial<Record<string, unknown>> = {}, key = signer) =>
  CODE_PREFIX +
  jws(
    { alg: "ES256", kid: key.jwk.kid, typ: CODE_TYPE },
    { v: 1, t: "p", sub: "opaque", iat: now, exp: now + 60, n: "nonce", ...claims },
    key.privateKey,
  );

describe("@yiwang/onecode-verifier", () => {
  it("answers every result code", async () => {
    const keys = await KeySet.fromList(listJws([signer.jwk]), list.jwk, NOW);
    const at = (s: number) => new Date((now + s) * 1000);
    expect((await verifyCode(code(), keys, NOW)).result).toBe("valid");
    expect((await verifyCode(code(), keys, at(60))).result).toBe("valid");
    expect((await verifyCode(code(), keys, at(61))).result).toBe("expired");
    expect((await verifyCode(code({ iat: now + 30 }), keys, NOW)).result).toBe("not_yet_valid");
    expect((await verifyCode(code({}, other), keys, NOW)).result).toBe("unknown_kid");
    const c = code();
    const flipped = `${c.slice(0, 30)}${c[30] === "A" ? "B" : "A"}${c.slice(31)}`;
    expect(["bad_signature", "malformed"]).toContain((await verifyCode(flipped, keys, NOW)).result);
    const sig = c.lastIndexOf(".") + 3;
    const badSig = `${c.slice(0, sig)}${c[sig] === "A" ? "B" : "A"}${c.slice(sig + 1)}`;
    expect((await verifyCode(badSig, keys, NOW)).result).toBe("bad_signature");
    expect((await verifyCode("garbage", keys, NOW)).result).toBe("malformed");
    expect((await verifyCode(`${CODE_PREFIX}a.b.c`, keys, NOW)).result).toBe("malformed");
    expect((await verifyCode(code({ v: 2 }), keys, NOW)).result).toBe("malformed");
    expect((await verifyCode("x".repeat(MAX_CODE_LENGTH + 1), keys, NOW)).result).toBe("oversize");
  });

  it("trusts a key list only when signed by the pinned key and current", async () => {
    await expect(KeySet.fromList(listJws([signer.jwk]), { ...other.jwk, kid: "Llist" }, NOW)).rejects.toThrow(
      "bad_signature",
    );
    await expect(KeySet.fromList(listJws([signer.jwk]), other.jwk, NOW)).rejects.toThrow("wrong_list_key");
    await expect(KeySet.fromList(listJws([signer.jwk], now - 1), list.jwk, NOW)).rejects.toThrow("expired");
    await expect(KeySet.fromList("not.a-list", list.jwk, NOW)).rejects.toThrow("malformed");
    // A key removed from the list: its codes are unknown to a verifier holding the new list.
    const newer = await KeySet.fromList(listJws([other.jwk]), list.jwk, NOW);
    expect((await verifyCode(code(), newer, NOW)).result).toBe("unknown_kid");
    expect((await verifyCode(code({}, other), newer, NOW)).result).toBe("valid");
  });
});

/** SM2 keys and signatures made with sm-crypto's signing side (GM/T 0009 default ID), as r‖s. */
function sm2Pair(kid: string) {
  const { privateKey, publicKey } = smCrypto.generateKeyPairHex();
  const point = Buffer.from(publicKey, "hex");
  const jwk = {
    kid,
    kty: "EC" as const,
    crv: "SM2",
    x: point.subarray(1, 33).toString("base64url"),
    y: point.subarray(33).toString("base64url"),
    alg: "SM2",
    use: "sig",
  };
  const signJws = (header: object, payload: object) => {
    const input = `${b64(header)}.${b64(payload)}`;
    const sig = smCrypto.doSignature([...Buffer.from(input)], privateKey, { hash: true, der: false });
    return `${input}.${Buffer.from(sig, "hex").toString("base64url")}`;
  };
  return { jwk, signJws };
}

describe("signature schemes: SM2 beside ES256", () => {
  const smList = sm2Pair("Lsm2");
  const smCode = sm2Pair("Csm2");
  const smCodeText = (claims: Record<string, unknown> = {}, key = smCode, alg = "SM2") =>
    CODE_PREFIX +
    key.signJws(
      { alg, kid: key.jwk.kid, typ: CODE_TYPE },
      { v: 1, t: "p", sub: "opaque", iat: now, exp: now + 60, n: "nonce", ...claims },
    );

  it("an SM2 list with SM2 and ES256 code keys: both verify with the SM2 scheme loaded", async () => {
    const listText = smList.signJws(
      { alg: "SM2", kid: "Lsm2", typ: KEY_LIST_TYPE },
      { iat: now, exp: now + 3600, keys: [smCode.jwk, signer.jwk] },
    );
    const keys = await KeySet.fromList(listText, smList.jwk, NOW, [es256, sm2]);
    expect(keys.unsupported).toEqual([]);
    expect((await verifyCode(smCodeText(), keys, NOW)).result).toBe("valid");
    expect((await verifyCode(code(), keys, NOW)).result).toBe("valid");
    expect((await verifyCode(smCodeText(), keys, new Date((now + 61) * 1000))).result).toBe("expired");
    const c = smCodeText();
    const sig = c.lastIndexOf(".") + 3;
    expect(
      (await verifyCode(`${c.slice(0, sig)}${c[sig] === "A" ? "B" : "A"}${c.slice(sig + 1)}`, keys, NOW)).result,
    ).toBe("bad_signature");
    // An SM2 key's code whose header claims ES256 (alg confusion) is not its signature.
    expect((await verifyCode(smCodeText({}, smCode, "ES256"), keys, NOW)).result).toBe("bad_signature");
  });

  it("a verifier without SM2 refuses an SM2 list, and leaves SM2 code keys out of an ES256 list", async () => {
    const smListText = smList.signJws(
      { alg: "SM2", kid: "Lsm2", typ: KEY_LIST_TYPE },
      { iat: now, exp: now + 3600, keys: [] },
    );
    await expect(KeySet.fromList(smListText, smList.jwk, NOW)).rejects.toThrow("unsupported_alg");
    const keys = await KeySet.fromList(listJws([signer.jwk, smCode.jwk]), list.jwk, NOW);
    expect(keys.unsupported).toEqual(["Csm2"]);
    expect((await verifyCode(smCodeText(), keys, NOW)).result).toBe("unknown_kid");
    // A list whose header names another alg than the pinned key's is refused.
    const forged = jws(
      { alg: "SM2", kid: "Llist", typ: KEY_LIST_TYPE },
      { iat: now, exp: now + 60, keys: [] },
      list.privateKey,
    );
    await expect(KeySet.fromList(forged, list.jwk, NOW, [es256, sm2])).rejects.toThrow("bad_signature");
  });
});

describe("extension fields (扩展域)", () => {
  it("a registered extension is shown labelled, an unknown one unlabelled; limits and patterns hold", async () => {
    const keys = await KeySet.fromList(listJws([signer.jwk]), list.jwk, NOW);
    const ok = await verifyCode(code({ x: { ssc: { no: "SSC0001" } } }), keys, NOW);
    expect(ok.result).toBe("valid");
    expect(ok.extensions).toEqual([{ type: "ssc", fields: { no: "SSC0001" }, known: true }]);
    const other = await verifyCode(code({ x: { bus: { card: "B-1" } } }), keys, NOW);
    expect(other.extensions).toEqual([{ type: "bus", fields: { card: "B-1" }, known: false }]);
    expect((await verifyCode(code(), keys, NOW)).extensions).toEqual([]);
    const malformed = async (x: unknown) => expect((await verifyCode(code({ x }), keys, NOW)).result).toBe("malformed");
    await malformed({ ssc: { no: "has space" } }); // the registered pattern
    await malformed({ ssc: { nr: "SSC0001" } }); // a registered type's fields exactly
    await malformed({ a: { f: "1" }, b: { f: "1" }, c: { f: "1" }, d: { f: "1" } }); // at most 3 types
    await malformed({ big: { a: "x".repeat(64), b: "x".repeat(64), c: "x".repeat(64), d: "x".repeat(64) } });
    expect(
      JSON.stringify({ big: { a: "x".repeat(64), b: "x".repeat(64), c: "x".repeat(64), d: "x".repeat(64) } }).length,
    ).toBeGreaterThan(MAX_EXTENSIONS_BYTES);
    await malformed({ ssc: { no: "x".repeat(65) } });
    await malformed([]);
    await malformed({ ssc: "SSC0001" });
    await malformed({ "Bad-Type": { f: "1" } });
    await malformed({ t: { f: 1 } });
    // A bad signature shows no extension (unsigned fields are never displayed).
    const c = code({ x: { ssc: { no: "SSC0001" } } });
    const sig = c.lastIndexOf(".") + 3;
    const bad = await verifyCode(`${c.slice(0, sig)}${c[sig] === "A" ? "B" : "A"}${c.slice(sig + 1)}`, keys, NOW);
    expect(bad).toMatchObject({ result: "bad_signature", extensions: [] });
  });
});
