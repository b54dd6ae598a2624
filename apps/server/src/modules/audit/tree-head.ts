import { createHash, type KeyObject, sign, verify } from "node:crypto";

/**
 * RFC 6962 §3.5 TreeHeadSignature, the exact bytes the log signs:
 *   version v1 (0x00) | signature_type tree_hash (0x01) | timestamp uint64 ms | tree_size uint64 |
 *   sha256_root_hash (32 bytes), big-endian — 50 bytes.
 */
export function treeHeadSignatureInput(timestampMs: number, treeSize: number, rootHash: Uint8Array): Buffer {
  if (rootHash.length !== 32) throw new RangeError("root hash must be 32 bytes");
  const b = Buffer.alloc(50);
  b[0] = 0x00;
  b[1] = 0x01;
  b.writeBigUInt64BE(BigInt(timestampMs), 2);
  b.writeBigUInt64BE(BigInt(treeSize), 10);
  Buffer.from(rootHash).copy(b, 18);
  return b;
}

export function signTreeHead(key: KeyObject, timestampMs: number, treeSize: number, root: Uint8Array): Buffer {
  return sign(null, treeHeadSignatureInput(timestampMs, treeSize, root), key);
}

export function verifyTreeHead(
  key: KeyObject,
  timestampMs: number,
  treeSize: number,
  root: Uint8Array,
  signature: Uint8Array,
): boolean {
  return verify(null, treeHeadSignatureInput(timestampMs, treeSize, root), key, signature);
}

/** RFC 7638 JWK thumbprint of an Ed25519 public key, base64url: the key id. */
export function jwkThumbprint(jwk: { crv?: string; kty?: string; x?: string }): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  return createHash("sha256").update(canonical).digest("base64url");
}
