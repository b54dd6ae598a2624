/**
 * Signed tree heads: the bytes the log signs, and the Ed25519 check of them with WebCrypto, so that a
 * browser need not trust that the root a proof is checked against really is the one the log signed.
 * The server signs exactly `treeHeadSignatureInput` (apps/server/src/modules/audit/tree-head.ts).
 */
import { base64ToBytes } from "./bytes.js";
import { HASH_SIZE } from "./tree.js";

/**
 * RFC 6962 §3.5 TreeHeadSignature, the exact bytes the log signs:
 *   version v1 (0x00) | signature_type tree_hash (0x01) | timestamp uint64 ms | tree_size uint64 |
 *   sha256_root_hash (32 bytes), integers big-endian — 50 bytes.
 */
export function treeHeadSignatureInput(
  timestampMs: number,
  treeSize: number,
  rootHash: Uint8Array,
): Uint8Array<ArrayBuffer> {
  if (rootHash.length !== HASH_SIZE) throw new RangeError("root hash must be 32 bytes");
  // DataView would silently wrap a negative number modulo 2^64; such a head is malformed, not signable.
  for (const n of [timestampMs, treeSize]) {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${n} is not a uint64 the log could sign`);
  }
  const out = new Uint8Array(50);
  const view = new DataView(out.buffer);
  out[0] = 0x00;
  out[1] = 0x01;
  view.setBigUint64(2, BigInt(timestampMs));
  view.setBigUint64(10, BigInt(treeSize));
  out.set(rootHash, 18);
  return out;
}

/**
 * A key as the log publishes it (GET /api/audit/v1/keys). Ed25519 (kty OKP) is checked with WebCrypto;
 * only kty, crv and x are read. An SM2 key (kty EC, crv SM2, x, y: the national crypto suite) has no
 * WebCrypto algorithm: it is checked only where the caller supplies a verifier (the server, node:crypto),
 * and is "unsupported" — nothing checked, nothing claimed — elsewhere (a browser).
 */
export interface TreeHeadKey {
  kid: string;
  jwk: { kty?: string; crv?: string; x?: string; y?: string };
}

/**
 * A checker for signatures under a key WebCrypto cannot import, or null when it does not know the key.
 * `signature` is as stored (SM2: DER SEQUENCE { r, s }).
 */
export type ExtraKeyVerifier = (
  jwk: TreeHeadKey["jwk"],
) => ((data: Uint8Array, signature: Uint8Array) => boolean | Promise<boolean>) | null;

/** A tree head in binary form, as the server stores it. */
export interface TreeHead {
  keyId: string;
  timestampMs: number;
  treeSize: number;
  rootHash: Uint8Array;
  signature: Uint8Array;
}

/** A tree head as GET /api/audit/v1/get-sth returns it (RFC 6962 §4.3, plus the signing key's id). */
export interface SignedTreeHeadJson {
  tree_size: number;
  timestamp: number;
  sha256_root_hash: string;
  tree_head_signature: string;
  key_id: string;
}

export type TreeHeadCheck =
  | { status: "valid"; kid: string }
  | { status: "invalid"; reason: "unknownKey" | "badKey" | "badSignature" }
  /** This runtime cannot check the key's algorithm (no Ed25519 in WebCrypto, or SM2): nothing was checked. */
  | { status: "unsupported" };

/** WebCrypto's key type, named without the DOM lib so that Node-only type checks (the server's) accept it too. */
type VerifyKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;
type Check = (data: Uint8Array<ArrayBuffer>, signature: Uint8Array<ArrayBuffer>) => Promise<boolean>;
type Imported = { status: "imported"; check: Check } | TreeHeadCheck;

const isNotSupported = (err: unknown) => (err as { name?: unknown } | null)?.name === "NotSupportedError";
const BAD_SIGNATURE: TreeHeadCheck = { status: "invalid", reason: "badSignature" };

/**
 * A checker for heads signed by any of `keys`. Each key is imported once, so checking every head of a
 * long log (the server's verifyLog) costs one import per key. Only the public parts (kty, crv, x, y) of a
 * JWK are read, so a published "alg" or "use" cannot change the check. `extra` checks key types WebCrypto
 * lacks (see TreeHeadKey).
 */
export function treeHeadVerifier(
  keys: readonly TreeHeadKey[],
  options: { extra?: ExtraKeyVerifier } = {},
): (head: TreeHead) => Promise<TreeHeadCheck> {
  const imported = new Map<string, Promise<Imported>>();
  const importKey = async (entry: TreeHeadKey): Promise<Imported> => {
    const { kty, crv, x, y } = entry.jwk;
    if (kty !== "OKP" || crv !== "Ed25519") {
      const extra = options.extra?.({ kty, crv, x, y });
      if (extra) return { status: "imported", check: async (data, signature) => extra(data, signature) };
      return kty === "EC" && crv === "SM2" ? { status: "unsupported" } : { status: "invalid", reason: "badKey" };
    }
    const subtle = globalThis.crypto?.subtle;
    if (!subtle) return { status: "unsupported" };
    if (!x) return { status: "invalid", reason: "badKey" };
    try {
      const key: VerifyKey = await subtle.importKey("jwk", { kty, crv, x }, { name: "Ed25519" }, false, ["verify"]);
      return {
        status: "imported",
        check: (data, signature) => subtle.verify({ name: "Ed25519" }, key, signature, data),
      };
    } catch (err) {
      return isNotSupported(err) ? { status: "unsupported" } : { status: "invalid", reason: "badKey" };
    }
  };

  return async (head) => {
    const entry = keys.find((k) => k.kid === head.keyId);
    if (!entry) return { status: "invalid", reason: "unknownKey" };
    let key = imported.get(entry.kid);
    if (!key) {
      key = importKey(entry);
      imported.set(entry.kid, key);
    }
    const resolved = await key;
    if (resolved.status !== "imported") return resolved;

    let data: Uint8Array<ArrayBuffer>;
    try {
      data = treeHeadSignatureInput(head.timestampMs, head.treeSize, head.rootHash);
    } catch {
      // A root that is not 32 bytes, or a negative or fractional size or time: no valid signature covers it.
      return BAD_SIGNATURE;
    }
    try {
      const ok = await resolved.check(data, new Uint8Array(head.signature));
      return ok ? { status: "valid", kid: entry.kid } : BAD_SIGNATURE;
    } catch (err) {
      return isNotSupported(err) ? { status: "unsupported" } : BAD_SIGNATURE;
    }
  };
}

/** Checks a head as the API returns it (base64 fields) against the log's published keys. */
export async function verifyTreeHead(
  sth: SignedTreeHeadJson,
  keys: readonly TreeHeadKey[],
  options: { extra?: ExtraKeyVerifier } = {},
): Promise<TreeHeadCheck> {
  // Text that is not base64 decodes to nothing, which no signature covers (an empty root is rejected).
  const decode = (b64: string) => {
    try {
      return base64ToBytes(b64);
    } catch {
      return new Uint8Array(0);
    }
  };
  return treeHeadVerifier(
    keys,
    options,
  )({
    keyId: sth.key_id,
    timestampMs: sth.timestamp,
    treeSize: sth.tree_size,
    rootHash: decode(sth.sha256_root_hash),
    signature: decode(sth.tree_head_signature),
  });
}
