/**
 * An entry's inclusion checked from the API's own fields (base64, RFC 6962 §4.5 and §4.6), the check an
 * auditor's browser makes instead of trusting the server's "verified". The leaf hash is recomputed from
 * the entry bytes; the server's claimed leaf hash is only compared, so a mismatch can be named as such.
 */

import { merkle } from "./bind.js";
import { base64ToBytes, equalBytes } from "./bytes.js";

export type InclusionCheck =
  | { ok: true; leafHash: Uint8Array }
  | { ok: false; reason: "leafHashMismatch" | "badPath" | "rootMismatch"; leafHash: Uint8Array };

export async function checkInclusion(args: {
  /** The entry bytes, base64. */
  leafInput: string;
  leafIndex: number;
  treeSize: number;
  /** The signed head's root, base64. */
  rootHash: string;
  auditPath: string[];
  expectedLeafHash?: string;
}): Promise<InclusionCheck> {
  const leaf = await merkle.leafHash(base64ToBytes(args.leafInput));
  if (args.expectedLeafHash !== undefined && !equalBytes(leaf, base64ToBytes(args.expectedLeafHash))) {
    return { ok: false, reason: "leafHashMismatch", leafHash: leaf };
  }
  const path = args.auditPath.map(base64ToBytes);
  const root = await merkle.rootFromInclusionProof(args.leafIndex, args.treeSize, leaf, path);
  if (!root) return { ok: false, reason: "badPath", leafHash: leaf };
  if (!equalBytes(root, base64ToBytes(args.rootHash))) return { ok: false, reason: "rootMismatch", leafHash: leaf };
  return { ok: true, leafHash: leaf };
}
