import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CODE_PREFIX, CODE_TYPE, KEY_LIST_TYPE, KeySet, MAX_CODE_LENGTH, verifyCode } from "./index.js";

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
