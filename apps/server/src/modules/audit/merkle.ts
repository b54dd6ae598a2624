/**
 * The audit log's Merkle hashing and proof checks on the server: @yiwang/merkle's algorithms — the same
 * code the auditor's browser verifies with — run synchronously on node:crypto's SHA-256.
 *
 * Why not the package's WebCrypto driver here too: the sequencer hashes every leaf and about one node per
 * leaf, and verifyLog rehashes the whole log, one hash depending on the last. Measured with
 * bench/merkle-hashers.ts (Node 24.22, 100,000 leaves of ~250 bytes, 2 cores shared with other work, so
 * per CPU-second; wall-clock ranges in brackets):
 *   node:crypto createHash, direct                    FIXME
 *   node:crypto through merkleWith (sync driver)      FIXME
 *   crypto.subtle.digest, awaited one at a time       FIXME
 *   crypto.subtle.digest, 1,000 in flight             FIXME
 *   whole log into a compact range, sync / WebCrypto  FIXME
 * so the synchronous driver costs little over calling createHash directly, and WebCrypto would slow the
 * server's hashing several-fold; it stays the driver for browsers, where a proof is a few dozen hashes.
 */
import { createHash } from "node:crypto";
import { merkleWith } from "@yiwang/merkle";

export type Hash = Buffer;

function sha256(parts: readonly Uint8Array[]): Hash {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest();
}

export const merkle = merkleWith(sha256);
export const { leafHash, nodeHash, rootFromLeafHashes, verifyInclusion, verifyConsistency } = merkle;
export const EMPTY_ROOT: Hash = merkle.emptyRoot();
