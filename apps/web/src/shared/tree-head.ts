/**
 * Signed-tree-head checking for the audit log, done in the browser with WebCrypto Ed25519 so an auditor
 * need not trust that the root the inclusion proof is checked against really is the one the log signed.
 * The signed bytes are RFC 6962 §3.5 TreeHeadSignature (the server's apps/server/src/modules/audit/tree-head.ts
 * builds the same 50 bytes):
 *   version v1 (0x00) | signature_type tree_hash (0x01) | timestamp uint64 ms | tree_size uint64 |
 *   sha256_root_hash (32 bytes), integers big-endian.
 */
import type { AuditKeys, SignedTreeHead } from "./contracts.js";
import { base64ToBytes } from "./merkle.js";

export function treeHeadSignatureInput(
  timestampMs: number,
  treeSize: number,
  rootHash: Uint8Array,
): Uint8Array<ArrayBuffer> {
  if (rootHash.length !== 32) throw new RangeError("root hash must be 32 bytes");
  const out = new Uint8Array(50);
  const view = new DataView(out.buffer);
  out[0] = 0x00;
  out[1] = 0x01;
  view.setBigUint64(2, BigInt(timestampMs));
  view.setBigUint64(10, BigInt(treeSize));
  out.set(rootHash, 18);
  return out;
}

export type TreeHeadCheck =
  | { status: "valid"; kid: string }
  | { status: "invalid"; reason: "unknownKey" | "badKey" | "badSignature" }
  /** This browser's WebCrypto has no Ed25519: nothing was checked, so nothing may be claimed. */
  | { status: "unsupported" };

function isNotSupported(err: unknown): boolean {
  return err instanceof Error && err.name === "NotSupportedError";
}

/**
 * Checks the head's Ed25519 signature with the published key whose kid is the head's key_id. Only the
 * public parts (kty, crv, x) of the JWK are imported, so a published "alg"/"use" cannot change the check.
 */
export async function verifyTreeHead(sth: SignedTreeHead, keys: AuditKeys["keys"]): Promise<TreeHeadCheck> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return { status: "unsupported" };
  const entry = keys.find((k) => k.kid === sth.key_id);
  if (!entry) return { status: "invalid", reason: "unknownKey" };
  const { kty, crv, x } = entry.jwk;
  if (kty !== "OKP" || crv !== "Ed25519" || !x) return { status: "invalid", reason: "badKey" };

  let key: CryptoKey;
  try {
    key = await subtle.importKey("jwk", { kty, crv, x }, { name: "Ed25519" }, false, ["verify"]);
  } catch (err) {
    return isNotSupported(err) ? { status: "unsupported" } : { status: "invalid", reason: "badKey" };
  }

  let data: Uint8Array<ArrayBuffer>;
  let signature: Uint8Array<ArrayBuffer>;
  try {
    data = treeHeadSignatureInput(sth.timestamp, sth.tree_size, base64ToBytes(sth.sha256_root_hash));
    signature = new Uint8Array(base64ToBytes(sth.tree_head_signature));
  } catch {
    // Not base64, a root that is not 32 bytes, or a negative size/time: no valid signature can cover it.
    return { status: "invalid", reason: "badSignature" };
  }
  try {
    const ok = await subtle.verify({ name: "Ed25519" }, key, signature, data);
    return ok ? { status: "valid", kid: entry.kid } : { status: "invalid", reason: "badSignature" };
  } catch (err) {
    return isNotSupported(err) ? { status: "unsupported" } : { status: "invalid", reason: "badSignature" };
  }
}
