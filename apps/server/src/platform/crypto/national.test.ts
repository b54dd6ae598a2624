import { createCipheriv, createHash, createSign, generateKeyPairSync, sign } from "node:crypto";
import { sm2 as smCrypto } from "sm-crypto";
import { describe, expect, it } from "vitest";
import { readFixture } from "../../test-support/fixtures.js";
import { open, seal } from "./aead.js";
import { PiiCipher } from "./pii.js";
import { SecretBox } from "./secret-box.js";
import {
  derToRaw,
  generateSm2KeyPair,
  rawToDer,
  SM2_DEFAULT_ID,
  sm2Jwk,
  sm2Point,
  sm2PublicKey,
  sm2Sign,
  sm2SpkiFromJwk,
  sm2Verify,
  sm3,
} from "./sm2.js";

/**
 * The national algorithms (商用密码) as the platform wraps them: SM3 and SM4 against the standards'
 * examples (fixtures/gm-vectors.json), SM2 signatures against an independent implementation (sm-crypto,
 * pure JavaScript, GM/T 0009 default ID), and the ciphertext envelopes across a change of suite.
 */

interface Vectors {
  sm3: { example: string; messageAscii: string; digest: string }[];
  sm4: { example: string; key: string; plaintext: string; iterations: number; ciphertext: string }[];
}
const vectors = readFixture<Vectors>("gm-vectors.json");

/** sm-crypto's key formats: private key d as hex, public key 04‖x‖y as hex. */
function smCryptoKeys() {
  const pair = generateSm2KeyPair();
  // The PKCS#8 wraps ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING (32 bytes), … }.
  const at = pair.pkcs8.indexOf(Buffer.from("0201010420", "hex"));
  expect(at).toBeGreaterThan(0);
  const d = pair.pkcs8.subarray(at + 5, at + 37).toString("hex");
  const point = sm2Point(pair.spki).toString("hex");
  // (in sm-crypto 0.5, not in its published types)
  const derive = (smCrypto as unknown as { getPublicKeyFromPrivateKey(d: string): string }).getPublicKeyFromPrivateKey;
  expect(derive(d)).toBe(point);
  return { ...pair, d, point };
}

const MESSAGE = Buffer.from("一网通办 电子证照 SM2 test ✓", "utf8");

describe("SM3 (GB/T 32905) and SM4 (GB/T 32907) — the standards' examples", () => {
  for (const v of vectors.sm3) {
    it(`SM3 ${v.example}`, () => {
      expect(sm3(Buffer.from(v.messageAscii, "ascii")).toString("hex")).toBe(v.digest);
    });
  }

  for (const v of vectors.sm4) {
    it(`SM4 ${v.example} (${v.iterations} time(s))`, () => {
      const key = Buffer.from(v.key, "hex");
      let block = Buffer.from(v.plaintext, "hex");
      // One ECB context: without padding each 16-byte update returns its block at once.
      const ecb = createCipheriv("sm4-ecb", key, null).setAutoPadding(false);
      for (let i = 0; i < v.iterations; i++) block = ecb.update(block);
      expect(block.toString("hex")).toBe(v.ciphertext);
    });
  }

  it("the SM4-GCM wrapper encrypts with SM4 under the key it is given (GCM's first counter block, by hand)", () => {
    const { key, plaintext } = vectors.sm4[0];
    const k = Buffer.from(key, "hex");
    const p = Buffer.from(plaintext, "hex");
    const sealed = seal("sm4-gcm", k, p, Buffer.from("aad"));
    const iv = sealed.subarray(0, 12);
    const body = sealed.subarray(28);
    // GCM (NIST SP 800-38D): with a 96-bit IV, J0 = IV ‖ 0^31 ‖ 1 and the first data block uses inc32(J0).
    const counter = Buffer.concat([iv, Buffer.from([0, 0, 0, 2])]);
    const keystream = createCipheriv("sm4-ecb", k, null).setAutoPadding(false).update(counter);
    expect(Buffer.from(body.map((b, i) => b ^ keystream[i])).toString("hex")).toBe(plaintext);
    expect(open("sm4-gcm", k, sealed, Buffer.from("aad")).equals(p)).toBe(true);
    expect(() => open("sm4-gcm", k, sealed, Buffer.from("other"))).toThrow();
  });
});

describe("SM2 signatures (GM/T 0009, default ID 1234567812345678) against sm-crypto", () => {
  it("what node:crypto does by itself is not that (the measurement platform/crypto/sm2.ts documents)", () => {
    const { privateKey, publicKey, point } = smCryptoKeys();
    // A key straight from generateKeyPairSync is an EC key: crypto.sign is ECDSA on the SM2 curve.
    const generated = generateKeyPairSync("ec", { namedCurve: "SM2" });
    expect(generated.privateKey.asymmetricKeyType).toBe("ec");
    const gPoint = sm2Point(generated.publicKey).toString("hex");
    const ecdsa = sign("sm3", MESSAGE, generated.privateKey).toString("hex");
    expect(smCrypto.doVerifySignature([...MESSAGE], ecdsa, gPoint, { der: true, hash: true })).toBe(false);
    // From DER it is OpenSSL's SM2 type, and crypto.sign is SM2 — with an EMPTY distinguishing ID.
    expect(privateKey.asymmetricKeyType).toBeUndefined();
    const emptyId = sign("sm3", MESSAGE, privateKey).toString("hex");
    expect(smCrypto.doVerifySignature([...MESSAGE], emptyId, point, { der: true, hash: true })).toBe(false);
    expect(smCrypto.doVerifySignature([...MESSAGE], emptyId, point, { der: true, hash: true, userId: "" })).toBe(true);
    // createSign over Z ‖ M signs SM3(Z ‖ M) as the digest: the GM/T 0009 signature (what sm2Sign does).
    const z = smZ(point, SM2_DEFAULT_ID);
    const gm = createSign("sm3").update(z).update(MESSAGE).sign(privateKey).toString("hex");
    expect(smCrypto.doVerifySignature([...MESSAGE], gm, point, { der: true, hash: true })).toBe(true);
    expect(sm2Verify(publicKey, MESSAGE, Buffer.from(gm, "hex"))).toBe(true);
  });

  it("sm2Sign's signatures verify with sm-crypto (DER and r‖s); sm-crypto's verify with sm2Verify", () => {
    for (let i = 0; i < 8; i++) {
      const { privateKey, publicKey, spki, d, point } = smCryptoKeys();
      const der = sm2Sign(privateKey, MESSAGE, "der", publicKey);
      const raw = sm2Sign(privateKey, MESSAGE, "ieee-p1363");
      expect(raw).toHaveLength(64);
      expect(smCrypto.doVerifySignature([...MESSAGE], der.toString("hex"), point, { der: true, hash: true })).toBe(
        true,
      );
      expect(smCrypto.doVerifySignature([...MESSAGE], raw.toString("hex"), point, { hash: true })).toBe(true);

      const theirs = smCrypto.doSignature([...MESSAGE], d, { der: true, hash: true, publicKey: point });
      expect(sm2Verify(spki, MESSAGE, Buffer.from(theirs, "hex"), "der")).toBe(true);
      const theirsRaw = smCrypto.doSignature([...MESSAGE], d, { hash: true, publicKey: point });
      expect(sm2Verify(publicKey, MESSAGE, Buffer.from(theirsRaw, "hex"), "ieee-p1363")).toBe(true);
    }
  });

  it("refuses another message, another key, a flipped bit and garbage", () => {
    const a = smCryptoKeys();
    const b = smCryptoKeys();
    const sig = sm2Sign(a.privateKey, MESSAGE);
    expect(sm2Verify(a.publicKey, MESSAGE, sig)).toBe(true);
    expect(sm2Verify(a.publicKey, Buffer.from("another"), sig)).toBe(false);
    expect(sm2Verify(b.publicKey, MESSAGE, sig)).toBe(false);
    const flipped = Buffer.from(sig);
    flipped[flipped.length - 1] ^= 1;
    expect(sm2Verify(a.publicKey, MESSAGE, flipped)).toBe(false);
    expect(sm2Verify(a.publicKey, MESSAGE, Buffer.from("not a signature"))).toBe(false);
    expect(sm2Verify(a.publicKey, MESSAGE, Buffer.alloc(64), "ieee-p1363")).toBe(false);
    // An ECDSA P-256 key is no SM2 key.
    const p256 = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey;
    expect(sm2Verify(p256, MESSAGE, sig)).toBe(false);
  });

  it("DER ⇄ r‖s keeps the integers (leading zeros and high bits)", () => {
    for (const r of [`${"00".repeat(31)}01`, `80${"11".repeat(31)}`, `00${"ff".repeat(31)}`]) {
      const raw = Buffer.from(r + "7f".repeat(32), "hex");
      expect(derToRaw(rawToDer(raw)).equals(raw)).toBe(true);
    }
  });

  it("a JWK round-trips to the same SPKI", () => {
    const { spki } = smCryptoKeys();
    const jwk = sm2Jwk(spki);
    expect(jwk).toMatchObject({ kty: "EC", crv: "SM2" });
    expect(sm2SpkiFromJwk(jwk)?.equals(spki)).toBe(true);
    expect(sm2PublicKey(spki)).toBeTruthy();
    expect(sm2SpkiFromJwk({ x: "AAAA", y: jwk.y })).toBeNull();
  });
});

describe("data at rest across a change of suite", () => {
  const KEY = Buffer.alloc(32, 7).toString("base64");
  const OLD = Buffer.alloc(32, 9).toString("base64");
  const INDEX = Buffer.alloc(32, 8).toString("base64");

  it("secret boxes: AES-256-GCM (0x01) and SM4-GCM (0x02) both open, in either configuration", () => {
    const aes = new SecretBox(KEY, [], "aes-256-gcm");
    const sm4 = new SecretBox(KEY, [], "sm4-gcm");
    const a = aes.seal(Buffer.from("totp secret"), "ad");
    const s = sm4.seal(Buffer.from("totp secret"), "ad");
    expect([a[0], s[0]]).toEqual([0x01, 0x02]);
    for (const box of [aes, sm4]) {
      expect(box.open(a, "ad").toString()).toBe("totp secret");
      expect(box.open(s, "ad").toString()).toBe("totp secret");
      expect(() => box.open(s, "other")).toThrow();
    }
    // SM4's key is derived from the configured key: a rotated-out key still opens its boxes.
    const rotated = new SecretBox(Buffer.alloc(32, 1).toString("base64"), [KEY], "sm4-gcm");
    expect(rotated.open(s, "ad").toString()).toBe("totp secret");
    expect(() => new SecretBox(OLD, [], "sm4-gcm").open(s, "ad")).toThrow();
    // A byte that names no cipher is refused, not guessed.
    expect(() => sm4.open(Buffer.concat([Buffer.from([0x07]), s.subarray(1)]), "ad")).toThrow(/format/);
  });

  it("personal data: both formats decrypt, the blind index does not change, re-encryption moves to the suite", () => {
    const aes = new PiiCipher({ key: KEY, previousKeys: [OLD], indexKey: INDEX, cipher: "aes-256-gcm" });
    const sm4 = new PiiCipher({ key: KEY, previousKeys: [OLD], indexKey: INDEX, cipher: "sm4-gcm" });
    const a = aes.encrypt("phone", "13800000002");
    const s = sm4.encrypt("phone", "13800000002");
    expect([a[0], s[0]]).toEqual([0x02, 0x03]);
    for (const c of [aes, sm4]) {
      expect(c.decrypt("phone", a)).toBe("13800000002");
      expect(c.decrypt("phone", s)).toBe("13800000002");
      expect(() => c.decrypt("id_number", s)).toThrow();
    }
    expect(sm4.blindIndex("phone", "13800000002").equals(aes.blindIndex("phone", "13800000002"))).toBe(true);
    // `yiwang pii reencrypt` re-seals what is not current: under national, AES values are not.
    expect([sm4.isCurrent(a), sm4.isCurrent(s), aes.isCurrent(a), aes.isCurrent(s)]).toEqual([
      false,
      true,
      true,
      false,
    ]);
    const old = new PiiCipher({ key: OLD, indexKey: INDEX, cipher: "sm4-gcm" }).encrypt("phone", "13800000002");
    expect(sm4.decrypt("phone", old)).toBe("13800000002");
    expect(sm4.isCurrent(old)).toBe(false);
  });
});

/** Z computed independently of sm2.ts (the curve constants written out again). */
function smZ(pointHex: string, id: string): Buffer {
  const idBytes = Buffer.from(id);
  const h = (hex: string) => Buffer.from(hex, "hex");
  return createHash("sm3")
    .update(Buffer.concat([Buffer.from([0, idBytes.length * 8]), idBytes]))
    .update(h("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC"))
    .update(h("28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93"))
    .update(h("32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7"))
    .update(h("BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0"))
    .update(h(pointHex.slice(2)))
    .digest();
}
