import { createHash, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { type ExtraKeyVerifier, treeHeadSignatureInput } from "@yiwang/merkle";
import {
  generateSm2KeyPair,
  sm2Jwk,
  sm2PublicKey,
  sm2Sign,
  sm2SpkiFromJwk,
  sm2Verify,
} from "../../platform/crypto/sm2.js";
import type { TreeHeadAlgorithm } from "../../platform/crypto/suite.js";

/**
 * Tree-head keys and signatures over RFC 6962 §3.5's TreeHeadSignature bytes, built by @yiwang/merkle so
 * the bytes signed here are by construction the bytes every verifier (verifyLog, the browser) checks.
 * Ed25519 (the international suite; a raw 64-byte signature) or SM2 with SM3 and the GM/T 0009 default
 * ID (the national suite; DER SEQUENCE { r, s }, as GM/T 0009 encodes it and RFC 6962 encodes ECDSA).
 * A key's algorithm is its published JWK's: OKP/Ed25519 or EC/SM2 with x and y.
 */

export interface TreeHeadKeyPair {
  privateKey: KeyObject;
  pkcs8: Buffer;
  /** The public JWK (kty, crv, x[, y]) without kid. */
  jwk: Record<string, string>;
}

export function generateTreeHeadKey(algorithm: TreeHeadAlgorithm): TreeHeadKeyPair {
  if (algorithm === "Ed25519") {
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    return {
      privateKey,
      pkcs8: privateKey.export({ format: "der", type: "pkcs8" }),
      jwk: publicKey.export({ format: "jwk" }) as Record<string, string>,
    };
  }
  const { privateKey, pkcs8, spki } = generateSm2KeyPair();
  return { privateKey, pkcs8, jwk: sm2Jwk(spki) };
}

/** The algorithm of a published key (by its JWK), or null for anything else. */
export function treeHeadAlgorithmOf(jwk: { kty?: string; crv?: string }): TreeHeadAlgorithm | null {
  if (jwk.kty === "OKP" && jwk.crv === "Ed25519") return "Ed25519";
  if (jwk.kty === "EC" && jwk.crv === "SM2") return "SM2";
  return null;
}

export function signTreeHead(
  key: KeyObject,
  algorithm: TreeHeadAlgorithm,
  timestampMs: number,
  treeSize: number,
  root: Uint8Array,
): Buffer {
  const input = treeHeadSignatureInput(timestampMs, treeSize, root);
  return algorithm === "Ed25519" ? sign(null, input, key) : sm2Sign(key, input, "der");
}

/**
 * What the browser's WebCrypto lacks: SM2 heads checked with node:crypto, for `treeHeadVerifier`'s `extra`
 * (verifyLog). A JWK whose point is not on the curve is no key (badKey).
 */
export const sm2TreeHeadVerifier: ExtraKeyVerifier = (jwk) => {
  if (treeHeadAlgorithmOf(jwk) !== "SM2") return null;
  const spki = sm2SpkiFromJwk(jwk);
  if (!spki) return null;
  let key: KeyObject;
  try {
    key = sm2PublicKey(spki);
  } catch {
    return null;
  }
  return (data, signature) => sm2Verify(key, data, signature, "der");
};

/**
 * RFC 7638 JWK thumbprint, base64url: the key id. The required members in lexicographic order: crv, kty, x
 * for OKP; crv, kty, x, y for EC.
 */
export function jwkThumbprint(jwk: { crv?: string; kty?: string; x?: string; y?: string }): string {
  const canonical =
    jwk.kty === "EC"
      ? JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y })
      : JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  return createHash("sha256").update(canonical).digest("base64url");
}
