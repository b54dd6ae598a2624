/**
 * The audit log's Merkle hashing and proof checks on the server: @yiwang/merkle's algorithms — the same
 * code the auditor's browser verifies with — run synchronously on node:crypto's SHA-256.
 *
 * Why not the package's WebCrypto driver here too: the sequencer hashes every leaf and about one node per
 * leaf, and verifyLog rehashes the whole log, each node waiting for the one before. Measured 2026-12-02 with
 * bench/merkle-hashers.ts (Node 24.22, 100,000 audit entries of ~250 bytes; 2 cores shared with other jobs,
 * load 9–34, so the CPU-second figure, which counts WebCrypto's thread pool too, is the steadier one; the
 * wall-clock figures are from a first draft of the script run while the load was lowest, 9):
 *
 *                                                  leaves per CPU-second   leaves per second (wall)
 *   node:crypto createHash, called directly            430k–620k              490k–610k
 *   the same through merkleWith's sync driver          430k–620k (no cost measurable above the noise)
 *   crypto.subtle.digest, awaited one at a time         17k–107k               27k–31k
 *   crypto.subtle.digest, 1,000 in flight               97k–122k              166k–168k
 *   a whole log into a compact range, sync             190k–260k
 *   a whole log into a compact range, WebCrypto         48k–53k
 *
 * WebCrypto costs 4–5× the CPU per leaf and, awaited per hash, ~20× the time on a quiet machine; node
 * hashes cannot be batched (each needs its children). So the server injects node:crypto; WebCrypto stays
 * the browser's driver, where a proof is a few dozen hashes. The verification code is the same either way.
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
