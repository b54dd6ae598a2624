/**
 * Proof generation for the stored tree (RFC 9162 §2.1.3.1 PATH and §2.1.4.1 PROOF). Server-only: the
 * pure hashing and verification live in @yiwang/merkle (see ./merkle.ts).
 *
 * Proofs are written against "the hash of the range [start, end)" so the same code serves an in-memory
 * list of leaves (tests) and the stored subtree hashes in PostgreSQL: the functions first list the ranges
 * they need (`inclusionRanges`, `consistencyRanges`), the caller resolves them — from audit_nodes, in one
 * query — and the proof is those hashes in order.
 */
import { isPowerOfTwo, splitPoint } from "@yiwang/merkle";
import { type Hash, nodeHash } from "./merkle.js";

export type Range = readonly [start: number, end: number];

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
