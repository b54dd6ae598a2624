/**
 * Merkle tree hashing exactly as RFC 9162 §2.1.1 defines it (identical to RFC 6962 §2.1 for SHA-256):
 *
 *   leaf hash  = SHA-256(0x00 || entry)
 *   node hash  = SHA-256(0x01 || left || right)
 *   MTH({})    = SHA-256()
 *   MTH(D[n])  = node(MTH(D[0:k]), MTH(D[k:n])), k the largest power of two smaller than n
 *
 * The distinct prefixes keep a leaf from ever being passed off as an interior node (second preimages).
 */
import type { Steps } from "./steps.js";

/** Every hash in the tree is a SHA-256 digest. */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

export function* leafHash<H extends Uint8Array>(entry: Uint8Array): Steps<H, H> {
  return yield [LEAF_PREFIX, entry];
}

export function* nodeHash<H extends Uint8Array>(left: Uint8Array, right: Uint8Array): Steps<H, H> {
  return yield [NODE_PREFIX, left, right];
}

/** MTH of the empty tree: the hash of no bytes at all. */
export function* emptyRoot<H extends Uint8Array>(): Steps<H, H> {
  return yield [];
}

/**
 * Largest power of two strictly smaller than n (n ≥ 2). Multiplication rather than `<<`, because bit
 * operators truncate to 32 bits and a log may outgrow 2^31 entries.
 */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

/** MTH of leaves[start, end), given the leaf hashes (already hashed with the 0x00 prefix). */
export function* rootFromLeafHashes<H extends Uint8Array>(
  leaves: readonly H[],
  start = 0,
  end = leaves.length,
): Steps<H, H> {
  const n = end - start;
  if (n === 0) return yield* emptyRoot<H>();
  if (n === 1) return leaves[start];
  const k = splitPoint(n);
  const left = yield* rootFromLeafHashes(leaves, start, start + k);
  const right = yield* rootFromLeafHashes(leaves, start + k, end);
  return yield* nodeHash<H>(left, right);
}

/**
 * The perfect subtrees of a growing tree's prefix, largest first (a "compact range" over [0, size)).
 * Appending folds equal-sized neighbours, so memory stays O(log n) however many leaves stream through,
 * and the root of the prefix seen so far is always at hand.
 */
export class CompactRange<H extends Uint8Array> {
  readonly #nodes: { size: number; hash: H }[] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  *append(leaf: H): Steps<void, H> {
    const nodes = this.#nodes;
    nodes.push({ size: 1, hash: leaf });
    this.#size++;
    while (nodes.length >= 2 && nodes[nodes.length - 1].size === nodes[nodes.length - 2].size) {
      const right = nodes.pop() as { size: number; hash: H };
      const left = nodes.pop() as { size: number; hash: H };
      nodes.push({ size: left.size * 2, hash: yield* nodeHash<H>(left.hash, right.hash) });
    }
  }

  /** MTH of the leaves appended so far: the subtrees joined right to left, as RFC 9162's split does. */
  *root(): Steps<H, H> {
    const nodes = this.#nodes;
    if (nodes.length === 0) return yield* emptyRoot<H>();
    let hash = nodes[nodes.length - 1].hash;
    for (let i = nodes.length - 2; i >= 0; i--) hash = yield* nodeHash<H>(nodes[i].hash, hash);
    return hash;
  }
}
