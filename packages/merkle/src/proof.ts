/**
 * Proof verification as RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency) specify it. Indexes are
 * halved with Math.floor(x / 2) rather than `>>`, because bit operators truncate to 32 bits and a log may
 * outgrow 2^31 entries. Every hash must be SHA-256 sized: a proof padded with an empty or short element
 * is rejected outright rather than left to the root comparison.
 */
import { equalBytes } from "./bytes.js";
import type { Steps } from "./steps.js";
import { HASH_SIZE, isPowerOfTwo, nodeHash } from "./tree.js";

const isHash = (h: Uint8Array) => h.length === HASH_SIZE;
const validSize = (n: number) => Number.isSafeInteger(n) && n >= 0;

/**
 * The root that `proof` leads to from `leaf` (a leaf hash) at `index` in a tree of `size` leaves, or null
 * when the proof cannot belong to such a tree (too long, too short, or not made of hashes).
 */
export function* rootFromInclusionProof<H extends Uint8Array>(
  index: number,
  size: number,
  leaf: H,
  proof: readonly Uint8Array[],
): Steps<H | null, H> {
  if (!validSize(index) || !validSize(size) || index >= size) return null;
  if (!isHash(leaf) || !proof.every(isHash)) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = yield* nodeHash<H>(p, r);
      // A left child on the right edge has no sibling at this level: climb until it has one.
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = yield* nodeHash<H>(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

/** Whether `leaf` (a leaf hash) is at `index` in the tree of `size` leaves whose root is `root`. */
export function* verifyInclusion<H extends Uint8Array>(
  leaf: H,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): Steps<boolean, H> {
  const computed = yield* rootFromInclusionProof(index, size, leaf, proof);
  return computed !== null && equalBytes(computed, root);
}

/** Whether the tree (size1, root1) is a prefix of the tree (size2, root2), by PROOF(size1, D[size2]). */
export function* verifyConsistency<H extends Uint8Array>(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): Steps<boolean, H> {
  if (!validSize(size1) || !validSize(size2) || size1 > size2) return false;
  if (size1 === size2) return proof.length === 0 && equalBytes(root1, root2);
  if (size1 === 0) return proof.length === 0; // the empty tree is a prefix of every tree
  if (proof.length === 0 || !proof.every(isHash) || !isHash(root1) || !isHash(root2)) return false;
  // When size1 is a power of two its root is itself a node on the path, and the proof leaves it out.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0];
  let sr = path[0];
  for (let i = 1; i < path.length; i++) {
    const c = path[i];
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = yield* nodeHash<H>(c, fr);
      sr = yield* nodeHash<H>(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = yield* nodeHash<H>(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equalBytes(fr, root1) && equalBytes(sr, root2);
}
