import {
  createHash,
  createPrivateKey,
  createPublicKey,
  createSign,
  createVerify,
  generateKeyPairSync,
  type KeyObject,
} from "node:crypto";

/**
 * SM2 signatures (GB/T 32918.2, GM/T 0003.2) with SM3 (GB/T 32905) over node:crypto, as GM/T 0009 wants
 * them: e = SM3(Z ‖ M) with Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA) and the default distinguishing
 * ID "1234567812345678". Measured on Node 24.22 / OpenSSL 3.5.9 against sm-crypto (sm2.test.ts keeps it so):
 *
 * - `generateKeyPairSync("ec", { namedCurve: "SM2" })` returns an *EC* key: `crypto.sign("sm3", m, key)`
 *   with it is ECDSA over the SM2 curve (e = SM3(m), ECDSA's equations) — not an SM2 signature at all.
 * - The same key read back from DER (PKCS#8 / SPKI) is OpenSSL's SM2 key type (node's
 *   `asymmetricKeyType` is undefined); `crypto.sign("sm3", m, key)` is then a real SM2 signature, but its
 *   Z is over an EMPTY ID (ENTL = 0): other implementations (sm-crypto, GmSSL, CFCA) check it against
 *   "1234567812345678" and refuse it. Node exposes no way to set OpenSSL's "distid".
 * - `createSign("sm3")` on an SM2-typed key hashes what it is given and signs that digest as e, with no Z.
 *   So feeding it Z ‖ M gives e = SM3(Z ‖ M): the GM/T 0009 signature. `createVerify` likewise.
 *
 * Hence every key here is imported from DER, and signing and verifying go through `createSign` with Z
 * computed here. Signatures are DER `SEQUENCE { r, s }` (GM/T 0009 SM2Signature) or r ‖ s (64 bytes, for
 * JWS); node's `dsaEncoding` is ignored for SM2 keys, so the conversion is ours.
 */

/** GM/T 0009-2012 §10: the distinguishing ID when the parties agreed on none. */
export const SM2_DEFAULT_ID = "1234567812345678";

export const SM2_OID = {
  /** The SM2 curve (namedCurve parameter of id-ecPublicKey). */
  curve: "1.2.156.10197.1.301",
  /** SM3 (GM/T 0006). */
  sm3: "1.2.156.10197.1.401",
  /** SM2 signature with SM3 (GM/T 0006; RFC 8998 uses it too). */
  sm2WithSm3: "1.2.156.10197.1.501",
} as const;

// GB/T 32918.5 recommended curve parameters a, b, xG, yG (32 bytes each).
const CURVE = Buffer.from(
  "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC" +
    "28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93" +
    "32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7" +
    "BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0",
  "hex",
);

export type Sm2SignatureEncoding = "der" | "ieee-p1363";

/** A new SM2 key pair, both halves read back from DER so that OpenSSL treats them as SM2 (see above). */
export function generateSm2KeyPair(): { privateKey: KeyObject; publicKey: KeyObject; pkcs8: Buffer; spki: Buffer } {
  const generated = generateKeyPairSync("ec", { namedCurve: "SM2" });
  const pkcs8 = generated.privateKey.export({ format: "der", type: "pkcs8" });
  const spki = generated.publicKey.export({ format: "der", type: "spki" });
  return { privateKey: sm2PrivateKey(pkcs8), publicKey: sm2PublicKey(spki), pkcs8, spki };
}

export function sm2PrivateKey(pkcs8: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.from(pkcs8), format: "der", type: "pkcs8" });
}

export function sm2PublicKey(spki: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
}

/** The uncompressed point 04 ‖ x ‖ y of an SM2 public key (SPKI DER, or its KeyObject). */
export function sm2Point(publicKey: KeyObject | Uint8Array): Buffer {
  const spki = isKeyObject(publicKey) ? publicKey.export({ format: "der", type: "spki" }) : Buffer.from(publicKey);
  const point = spki.subarray(spki.length - 65);
  if (point[0] !== 0x04 || !isSm2Spki(spki)) throw new Error("not an SM2 public key");
  return Buffer.from(point);
}

/** Whether SPKI DER names the SM2 curve (id-ecPublicKey with parameter 1.2.156.10197.1.301). */
export function isSm2Spki(spki: Uint8Array): boolean {
  // The OID's DER: 06 08 2A 81 1C CF 55 01 82 2D
  return Buffer.from(spki).includes(Buffer.from("06082a811ccf5501822d", "hex"));
}

/** SM3 (GB/T 32905) of the concatenated parts. */
export function sm3(...parts: Uint8Array[]): Buffer {
  const hash = createHash("sm3");
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** Z_A of GM/T 0009 / GB/T 32918.2 §5.5 for the key's owner. */
export function sm2Z(publicKey: KeyObject | Uint8Array, id: string = SM2_DEFAULT_ID): Buffer {
  const idBytes = Buffer.from(id, "utf8");
  const entl = idBytes.length * 8;
  if (entl > 0xffff) throw new Error("SM2 distinguishing ID too long");
  return sm3(Buffer.from([entl >> 8, entl & 0xff]), idBytes, CURVE, sm2Point(publicKey).subarray(1));
}

/**
 * SM2 signature over `data` (GM/T 0009, default ID). `publicKey` is the signer's own (Z needs it); pass it
 * when known, else it is derived from the private key.
 */
export function sm2Sign(
  privateKey: KeyObject,
  data: Uint8Array,
  encoding: Sm2SignatureEncoding = "der",
  publicKey: KeyObject = createPublicKey(privateKey),
): Buffer {
  const der = createSign("sm3").update(sm2Z(publicKey)).update(data).sign(privateKey);
  return encoding === "der" ? der : derToRaw(der);
}

/** Checks an SM2 signature (DER or r ‖ s) over `data` with the default ID; false for a malformed one. */
export function sm2Verify(
  publicKey: KeyObject | Uint8Array,
  data: Uint8Array,
  signature: Uint8Array,
  encoding: Sm2SignatureEncoding = "der",
): boolean {
  try {
    const key = isKeyObject(publicKey) ? publicKey : sm2PublicKey(publicKey);
    const der = encoding === "der" ? Buffer.from(signature) : rawToDer(signature);
    return createVerify("sm3").update(sm2Z(key)).update(data).verify(key, der);
  } catch {
    return false;
  }
}

function isKeyObject(k: unknown): k is KeyObject {
  return typeof (k as KeyObject).export === "function" && typeof (k as KeyObject).type === "string";
}

/** DER SEQUENCE { INTEGER r, INTEGER s } → r ‖ s, 32 bytes each. */
export function derToRaw(der: Uint8Array): Buffer {
  const b = Buffer.from(der);
  if (b[0] !== 0x30) throw new Error("not a DER signature");
  let i = b[1] & 0x80 ? 2 + (b[1] & 0x7f) : 2;
  const out: Buffer[] = [];
  for (let k = 0; k < 2; k++) {
    if (b[i] !== 0x02) throw new Error("not a DER signature");
    const len = b[i + 1];
    let v = b.subarray(i + 2, i + 2 + len);
    while (v.length > 32 && v[0] === 0) v = v.subarray(1);
    if (v.length > 32) throw new Error("signature integer too long");
    out.push(Buffer.concat([Buffer.alloc(32 - v.length), v]));
    i += 2 + len;
  }
  return Buffer.concat(out);
}

/** r ‖ s (64 bytes) → DER SEQUENCE { INTEGER r, INTEGER s }. */
export function rawToDer(raw: Uint8Array): Buffer {
  if (raw.length !== 64) throw new Error("an SM2 signature is 64 bytes as r ‖ s");
  const int = (v: Uint8Array) => {
    let i = 0;
    while (i < v.length - 1 && v[i] === 0) i++;
    const trimmed = Buffer.from(v.subarray(i));
    const body = trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
    return Buffer.concat([Buffer.from([0x02, body.length]), body]);
  };
  const body = Buffer.concat([int(raw.subarray(0, 32)), int(raw.subarray(32))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

/** An SM2 public key as a JWK (kty EC, crv SM2): node:crypto cannot export one, so x and y come from the point. */
export function sm2Jwk(spki: Uint8Array): { kty: "EC"; crv: "SM2"; x: string; y: string } {
  const point = sm2Point(spki);
  return {
    kty: "EC",
    crv: "SM2",
    x: point.subarray(1, 33).toString("base64url"),
    y: point.subarray(33).toString("base64url"),
  };
}

// SEQUENCE { SEQUENCE { id-ecPublicKey, sm2 curve }, BIT STRING (no unused bits) … } before the point.
const SM2_SPKI_PREFIX = Buffer.from("3059301306072a8648ce3d020106082a811ccf5501822d034200", "hex");

/** SPKI DER of an SM2 JWK's key (x, y base64url, 32 bytes each), or null when they are not that. */
export function sm2SpkiFromJwk(jwk: { x?: string; y?: string }): Buffer | null {
  const x = Buffer.from(jwk.x ?? "", "base64url");
  const y = Buffer.from(jwk.y ?? "", "base64url");
  if (x.length !== 32 || y.length !== 32) return null;
  return Buffer.concat([SM2_SPKI_PREFIX, Buffer.from([0x04]), x, y]);
}
