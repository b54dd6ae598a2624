import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  bytesToBase64,
  bytesToHex,
  type SignedTreeHeadJson,
  type TreeHeadKey,
  treeHeadSignatureInput,
  treeHeadVerifier,
  verifyTreeHead,
} from "./index.js";

const ROOT = new Uint8Array(32).fill(0xaa);

describe("tree head signature input (RFC 6962 §3.5)", () => {
  it("is version, signature type, timestamp, tree size and root, big-endian, 50 bytes", () => {
    const bytes = treeHeadSignatureInput(0x0001_0203_0405_0607, 9, ROOT);
    expect(bytes.length).toBe(50);
    expect(bytesToHex(bytes)).toBe(`0001${"0001020304050607"}${"0000000000000009"}${"aa".repeat(32)}`);
  });

  it("refuses what cannot be a uint64 or a SHA-256 root instead of wrapping it", () => {
    expect(() => treeHeadSignatureInput(-1, 1, ROOT)).toThrow(RangeError);
    expect(() => treeHeadSignatureInput(1, -1, ROOT)).toThrow(RangeError);
    expect(() => treeHeadSignatureInput(1, 1.5, ROOT)).toThrow(RangeError);
    expect(() => treeHeadSignatureInput(1, 1, ROOT.slice(1))).toThrow(RangeError);
  });
});

describe("signed tree head verification (Ed25519, WebCrypto)", () => {
  // Signed the way the server signs: node:crypto's Ed25519 over the same 50 bytes.
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const jwk = publicKey.export({ format: "jwk" }) as { kty: string; crv: string; x: string };
  const keys: TreeHeadKey[] = [{ kid: "k1", jwk: { ...jwk, alg: "EdDSA", use: "sig" } as TreeHeadKey["jwk"] }];
  const head = (treeSize: number, timestamp: number): SignedTreeHeadJson => ({
    tree_size: treeSize,
    timestamp,
    sha256_root_hash: bytesToBase64(ROOT),
    tree_head_signature: sign(null, treeHeadSignatureInput(timestamp, treeSize, ROOT), privateKey).toString("base64"),
    key_id: "k1",
  });
  const flip = (b64: string) => {
    const b = Buffer.from(b64, "base64");
    b[0] ^= 1;
    return b.toString("base64");
  };
  const BAD = { status: "invalid", reason: "badSignature" };

  it("accepts a head the key signed, and every change to a signed field is a bad signature", async () => {
    const sth = head(7, 1_700_000_000_000);
    expect(await verifyTreeHead(sth, keys)).toEqual({ status: "valid", kid: "k1" });
    expect(await verifyTreeHead({ ...sth, tree_size: 8 }, keys)).toEqual(BAD);
    expect(await verifyTreeHead({ ...sth, timestamp: sth.timestamp + 1 }, keys)).toEqual(BAD);
    expect(await verifyTreeHead({ ...sth, sha256_root_hash: flip(sth.sha256_root_hash) }, keys)).toEqual(BAD);
    expect(await verifyTreeHead({ ...sth, tree_head_signature: flip(sth.tree_head_signature) }, keys)).toEqual(BAD);
  });

  it("names malformed heads and keys instead of throwing", async () => {
    const sth = head(7, 1_700_000_000_000);
    expect(await verifyTreeHead({ ...sth, key_id: "k2" }, keys)).toEqual({ status: "invalid", reason: "unknownKey" });
    expect(await verifyTreeHead({ ...sth, sha256_root_hash: "not base64!" }, keys)).toEqual(BAD);
    expect(await verifyTreeHead({ ...sth, tree_head_signature: "" }, keys)).toEqual(BAD);
    expect(await verifyTreeHead({ ...sth, tree_size: -1 }, keys)).toEqual(BAD);
    const badKey = { status: "invalid", reason: "badKey" };
    expect(await verifyTreeHead(sth, [{ kid: "k1", jwk: { ...jwk, crv: "X25519" } }])).toEqual(badKey);
    expect(await verifyTreeHead(sth, [{ kid: "k1", jwk: { ...jwk, x: "AAAA" } }])).toEqual(badKey);
  });

  it("checks many heads with one import per key", async () => {
    const verify = treeHeadVerifier(keys);
    const heads = [head(1, 1), head(2, 2), head(3, 3)];
    for (const h of heads) {
      const check = await verify({
        keyId: h.key_id,
        timestampMs: h.timestamp,
        treeSize: h.tree_size,
        rootHash: ROOT,
        signature: Buffer.from(h.tree_head_signature, "base64"),
      });
      expect(check).toEqual({ status: "valid", kid: "k1" });
    }
  });
});

describe("tree heads under keys WebCrypto lacks (SM2, the national crypto suite)", () => {
  const sm2Jwk = { kty: "EC", crv: "SM2", x: "AAAA", y: "BBBB" };
  const keys: TreeHeadKey[] = [{ kid: "s1", jwk: sm2Jwk }];
  const sth: SignedTreeHeadJson = {
    tree_size: 3,
    timestamp: 5,
    sha256_root_hash: bytesToBase64(ROOT),
    tree_head_signature: bytesToBase64(new Uint8Array([1, 2, 3])),
    key_id: "s1",
  };

  it("is unsupported without a verifier for it: nothing is checked, nothing claimed", async () => {
    expect(await verifyTreeHead(sth, keys)).toEqual({ status: "unsupported" });
  });

  it("uses the caller's verifier with the exact signed bytes and the stored signature", async () => {
    const seen: [Uint8Array, Uint8Array][] = [];
    const record = (data: Uint8Array, signature: Uint8Array) => {
      seen.push([data, signature]);
      return true;
    };
    const extra = (jwk: TreeHeadKey["jwk"]) => (jwk.crv === "SM2" ? record : null);
    expect(await verifyTreeHead(sth, keys, { extra })).toEqual({ status: "valid", kid: "s1" });
    expect(bytesToHex(seen[0][0])).toBe(bytesToHex(treeHeadSignatureInput(5, 3, ROOT)));
    expect([...seen[0][1]]).toEqual([1, 2, 3]);
    const refuse = () => () => false;
    expect(await verifyTreeHead(sth, keys, { extra: refuse })).toEqual({ status: "invalid", reason: "badSignature" });
  });
});
