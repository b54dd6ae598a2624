/**
 * Merkle tree hashing, inclusion and consistency proofs exactly as RFC 9162 §2.1 defines them
 * (Certificate Transparency v2; identical to RFC 6962 §2.1 for SHA-256):
 *
 *   leaf hash  = SHA-256(0x00 || entry)
 *   node hash  = SHA-256(0x01 || left || right)
 *   MTH({})    = SHA-256()
 *   MTH(D[n])  = node(MTH(D[0:k]), MTH(D[k:n])), k the largest power of two smaller than n
 *
 * Proof generation is written against "a hash of the range [start, end)" so the same code serves an
 * in-memory list of leaves (tests, verification) and the stored subtree hashes in PostgreSQL: the
 * functions first list the ranges they need (`inclusionRanges`, `consistencyRanges`), the caller
 * resolves them, and the proof is those hashes in order.
 */
import { createHash } from "node:crypto";

export type Hash = Buffer;
export type Range = readonly [start: number, end: number];

export const EMPTY_ROOT: Hash = createHash("sha256").digest();

export function leafHash(entry: Uint8Array): Hash {
  return createHash("sha256")
    .update(Buffer.from([0]))
    .update(entry)
    .digest();
}

export function nodeHash(left: Hash, right: Hash): Hash {
  return createHash("sha256")
    .update(Buffer.from([1]))
    .update(left)
    .update(right)
    .digest();
}

/** Largest power of two strictly smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

/** MTH over leaf hashes (already hashed with the 0x00 prefix). */
export function rootFromLeafHashes(leaves: readonly Hash[], start = 0, end = leaves.length): Hash {
  const n = end - start;
  if (n === 0) return EMPTY_ROOT;
  if (n === 1) return leaves[start];
  const k = splitPoint(n);
  return nodeHash(rootFromLeafHashes(leaves, start, start + k), rootFromLeafHashes(leaves, start + k, end));
}

/** The subtree ranges whose hashes form PATH(m, D[0:n]) (RFC 9162 §2.1.3.1), leaf-to-root order. */
export function inclusionRanges(m: number, n: number): Range[] {
  if (!(m >= 0 && m < n)) throw new RangeError(`leaf index ${m} outside tree of size ${n}`);
  const out: Range[] = [];
  const walk = (m: number, start: number, end: number) => {
    const size = end - start;
    if (size === 1) return;
    const k = splitPoint(size);
    if (m < k) {
      walk(m, start, start + k);
      out.push([start + k, end]);
    } else {
      walk(m - k, start + k, end);
      out.push([start, start + k]);
    }
  };
  walk(m, 0, n);
  return out;
}

/** The subtree ranges whose hashes form PROOF(m, D[0:n]) (RFC 9162 §2.1.4.1). */
export function consistencyRanges(m: number, n: number): Range[] {
  if (!(m >= 0 && m <= n)) throw new RangeError(`cannot prove ${m} → ${n}`);
  if (m === 0 || m === n) return [];
  const out: Range[] = [];
  const sub = (m: number, start: number, end: number, b: boolean) => {
    const size = end - start;
    if (m === size) {
      if (!b) out.push([start, end]);
      return;
    }
    const k = splitPoint(size);
    if (m <= k) {
      sub(m, start, start + k, b);
      out.push([start + k, end]);
    } else {
      sub(m - k, start + k, end, false);
      out.push([start, start + k]);
    }
  };
  sub(m, 0, n, true);
  return out;
}

/**
 * Splits [start, end) into perfect, aligned subtrees (sizes powers of two) — the nodes that are stored.
 * A range produced by the proof functions is either such a node already or a right edge of the tree.
 */
export function perfectSubtrees(start: number, end: number): Range[] {
  const size = end - start;
  if (size <= 0) return [];
  if (isPowerOfTwo(size) && start % size === 0) return [[start, end]];
  const k = splitPoint(size);
  return [...perfectSubtrees(start, start + k), ...perfectSubtrees(start + k, end)];
}

/** Combines hashes of a range's perfect subtrees (as listed by perfectSubtrees) into MTH of the range. */
export function combineRange(start: number, end: number, perfect: (r: Range) => Hash): Hash {
  const size = end - start;
  if (isPowerOfTwo(size) && start % size === 0) return perfect([start, end]);
  const k = splitPoint(size);
  return nodeHash(combineRange(start, start + k, perfect), combineRange(start + k, end, perfect));
}

/** RFC 9162 §2.1.3.2: verify that `leaf` is at `index` in the tree of `size` with root `root`. */
export function verifyInclusion(leaf: Hash, index: number, size: number, proof: readonly Hash[], root: Hash): boolean {
  if (index >= size || index < 0) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 §2.1.4.2: verify that the tree (size1, root1) is a prefix of (size2, root2). */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Hash[],
  root1: Hash,
  root2: Hash,
): boolean {
  if (size1 > size2) return false;
  if (size1 === size2) return proof.length === 0 && root1.equals(root2);
  if (size1 === 0) return proof.length === 0; // the empty tree is a prefix of every tree
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(root1) && sr.equals(root2);
}
