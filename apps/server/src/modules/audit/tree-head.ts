import { createHash, type KeyObject, sign } from "node:crypto";
import { treeHeadSignatureInput } from "@yiwang/merkle";

/**
 * Signs a tree head: Ed25519 over RFC 6962 §3.5's TreeHeadSignature bytes, built by @yiwang/merkle so
 * the bytes signed here are by construction the bytes every verifier (verifyLog, the browser) checks.
 */
export function signTreeHead(key: KeyObject, timestampMs: number, treeSize: number, root: Uint8Array): Buffer {
  return sign(null, treeHeadSignatureInput(timestampMs, treeSize, root), key);
}

/** RFC 7638 JWK thumbprint of an Ed25519 public key, base64url: the key id. */
export function jwkThumbprint(jwk: { crv?: string; kty?: string; x?: string }): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  return createHash("sha256").update(canonical).digest("base64url");
}
