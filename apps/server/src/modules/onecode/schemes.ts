import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign as nodeSign,
  verify as nodeVerify,
} from "node:crypto";
import {
  generateSm2KeyPair,
  sm2Jwk,
  sm2PrivateKey,
  sm2PublicKey,
  sm2Sign,
  sm2SpkiFromJwk,
  sm2Verify,
} from "../../platform/crypto/sm2.js";
import type { CryptoSuiteName } from "../../platform/crypto/suite.js";
import type { OnecodePublicJwk } from "./db.js";

/** The JWS algorithms a code or the key list can be signed with (the header's `alg`, the key's `alg`). */
export type OnecodeAlg = "ES256" | "SM2";

/**
 * A signing scheme: how a key pair is made, stored (PKCS#8, sealed by the caller), published (JWK) and how
 * it signs and checks a JWS signing input (signature r‖s, 64 bytes for both). Keys record their scheme
 * (`onecode_keys.algorithm`), so codes of either kind verify side by side while the suite changes.
 */
export interface OnecodeScheme {
  alg: OnecodeAlg;
  generate(): { pkcs8: Buffer; jwk: Omit<OnecodePublicJwk, "kid" | "use"> };
  privateKey(pkcs8: Buffer): KeyObject;
  publicKey(jwk: OnecodePublicJwk): KeyObject;
  sign(key: KeyObject, input: Buffer, publicKey?: KeyObject): Buffer;
  /** False for a signature of the wrong shape, never a throw. */
  verify(key: KeyObject, input: Uint8Array, signature: Uint8Array): boolean;
}

/** ECDSA P-256 with SHA-256 (RFC 7518 ES256). */
const es256: OnecodeScheme = {
  alg: "ES256",
  generate() {
    const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const { x, y } = publicKey.export({ format: "jwk" }) as { x: string; y: string };
    return {
      pkcs8: privateKey.export({ format: "der", type: "pkcs8" }),
      jwk: { kty: "EC", crv: "P-256", x, y, alg: "ES256" },
    };
  },
  privateKey: (pkcs8) => createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" }),
  publicKey: (jwk) => createPublicKey({ key: { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y }, format: "jwk" }),
  sign: (key, input) => nodeSign("sha256", input, { key, dsaEncoding: "ieee-p1363" }),
  verify(key, input, signature) {
    try {
      return nodeVerify("sha256", input, { key, dsaEncoding: "ieee-p1363" }, signature);
    } catch {
      return false;
    }
  },
};

/**
 * SM2 with SM3 (GB/T 32918.2, GM/T 0009 default ID), through platform/crypto/sm2.ts — the JWS form the
 * licenses module uses too: `alg: "SM2"`, JWK `{kty: "EC", crv: "SM2", x, y}`, signature r‖s.
 */
const sm2: OnecodeScheme = {
  alg: "SM2",
  generate() {
    const pair = generateSm2KeyPair();
    return { pkcs8: pair.pkcs8, jwk: { ...sm2Jwk(pair.spki), alg: "SM2" } };
  },
  privateKey: (pkcs8) => sm2PrivateKey(pkcs8),
  publicKey(jwk) {
    const spki = sm2SpkiFromJwk(jwk);
    if (!spki) throw new Error(`onecode: bad SM2 key ${jwk.kid}`);
    return sm2PublicKey(spki);
  },
  sign: (key, input, publicKey) => sm2Sign(key, input, "ieee-p1363", publicKey),
  verify: (key, input, signature) => signature.length === 64 && sm2Verify(key, input, signature, "ieee-p1363"),
};

export const ONECODE_SCHEMES: Readonly<Record<OnecodeAlg, OnecodeScheme>> = { ES256: es256, SM2: sm2 };

/** The scheme new code keys use: the platform's crypto suite (CRYPTO_SUITE), read at each rotation. */
export function schemeOfSuite(suite: CryptoSuiteName): OnecodeScheme {
  return suite === "national" ? sm2 : es256;
}

export function schemeOf(alg: string): OnecodeScheme | undefined {
  return Object.hasOwn(ONECODE_SCHEMES, alg) ? ONECODE_SCHEMES[alg as OnecodeAlg] : undefined;
}
