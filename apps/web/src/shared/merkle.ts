/**
 * Inclusion-proof checking for the audit log, done in the browser with WebCrypto so an auditor need
 * not trust the server's own "verified" answer. Hashing follows RFC 6962 §2.1 (0x00 prefix for
 * leaves, 0x01 for interior nodes), the proof walk RFC 9162 §2.1.3.2.
 */

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

async function sha256(prefix: number, ...parts: Uint8Array[]): Promise<Uint8Array> {
  const data = new Uint8Array(1 + parts.reduce((n, p) => n + p.length, 0));
  data[0] = prefix;
  let at = 1;
  for (const p of parts) {
    data.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest("SHA-256", data));
}

/** MTH of a single leaf: SHA-256(0x00 || entry bytes). */
export function leafHash(entry: Uint8Array): Promise<Uint8Array> {
  return sha256(0x00, entry);
}

/** SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  return sha256(0x01, left, right);
}

/**
 * The root that `path` leads to from leaf `leafIndex` in a tree of `treeSize` leaves, or null when the
 * path cannot belong to such a tree (too long or too short). Indexes go through Math.floor(x / 2)
 * rather than `>>` because bit operators truncate to 32 bits and logs may outgrow 2^31 entries.
 */
export async function rootFromInclusionProof(
  leafIndex: number,
  treeSize: number,
  leaf: Uint8Array,
  path: Uint8Array[],
): Promise<Uint8Array | null> {
  if (leafIndex < 0 || leafIndex >= treeSize) return null;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      // A left child at the right edge has no sibling at this level: climb until it does.
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

export type InclusionCheck =
  | { ok: true; leafHash: Uint8Array }
  | { ok: false; reason: "leafHashMismatch" | "badPath" | "rootMismatch"; leafHash: Uint8Array };

/**
 * Checks that the entry bytes (base64, as the API returns them) are leaf `leafIndex` of the tree whose
 * root is `rootHash`. `expectedLeafHash` is the server's claim, compared so a mismatch is named as such.
 */
export async function verifyInclusion(args: {
  leafInput: string;
  leafIndex: number;
  treeSize: number;
  rootHash: string;
  auditPath: string[];
  expectedLeafHash?: string;
}): Promise<InclusionCheck> {
  const leaf = await leafHash(base64ToBytes(args.leafInput));
  if (args.expectedLeafHash !== undefined && !equalBytes(leaf, base64ToBytes(args.expectedLeafHash))) {
    return { ok: false, reason: "leafHashMismatch", leafHash: leaf };
  }
  const root = await rootFromInclusionProof(args.leafIndex, args.treeSize, leaf, args.auditPath.map(base64ToBytes));
  if (!root) return { ok: false, reason: "badPath", leafHash: leaf };
  if (!equalBytes(root, base64ToBytes(args.rootHash))) return { ok: false, reason: "rootMismatch", leafHash: leaf };
  return { ok: true, leafHash: leaf };
}
