import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Hash, leafHash, rootFromLeafHashes, verifyConsistency, verifyInclusion } from "./merkle.js";
import { combineRange, consistencyRanges, inclusionRanges, perfectSubtrees } from "./proofs.js";

/**
 * Proof generation from range lists, checked against a reference written straight from the recursive
 * definitions of RFC 9162 §2.1.1, §2.1.3.1 and §2.1.4.1 over the raw entries (its own hashing, nothing
 * from proofs.ts). Hashing and verification themselves are @yiwang/merkle's, tested there against the
 * Certificate Transparency known answers.
 */
const sha = (...parts: Buffer[]) => createHash("sha256").update(Buffer.concat(parts)).digest();
const k = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1);
function mth(d: Buffer[]): Buffer {
  if (d.length === 0) return sha();
  if (d.length === 1) return sha(Buffer.from([0]), d[0]);
  const s = k(d.length);
  return sha(Buffer.from([1]), mth(d.slice(0, s)), mth(d.slice(s)));
}
function refPath(m: number, d: Buffer[]): Buffer[] {
  if (d.length === 1) return [];
  const s = k(d.length);
  return m < s ? [...refPath(m, d.slice(0, s)), mth(d.slice(s))] : [...refPath(m - s, d.slice(s)), mth(d.slice(0, s))];
}
function refSubproof(m: number, d: Buffer[], b: boolean): Buffer[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const s = k(d.length);
  return m <= s
    ? [...refSubproof(m, d.slice(0, s), b), mth(d.slice(s))]
    : [...refSubproof(m - s, d.slice(s), false), mth(d.slice(0, s))];
}
const refProof = (m: number, d: Buffer[]) => (m === 0 || m === d.length ? [] : refSubproof(m, d, true));

/** The eight test leaves of Certificate Transparency's reference suite, as entries to prove. */
const CT_LEAVES = [
  "",
  "00",
  "10",
  "2021",
  "3031",
  "40414243",
  "5051525354555657",
  "606162636465666768696a6b6c6d6e6f",
].map((h) => Buffer.from(h, "hex"));

/** Proof hashes from proofs.ts's range lists, resolved over the given leaves via stored-node style lookups. */
function resolve(ranges: readonly (readonly [number, number])[], leaves: Hash[]): Hash[] {
  return ranges.map(([s, e]) => combineRange(s, e, ([a, b]) => rootFromLeafHashes(leaves, a, b)));
}

const hex = (b: Buffer) => b.toString("hex");

describe("audit proofs per RFC 9162 — the CT test leaves", () => {
  it("inclusion proofs for every leaf of trees of size 1–8 equal the reference PATH and verify", () => {
    for (let n = 1; n <= 8; n++) {
      const d = CT_LEAVES.slice(0, n);
      const leaves = d.map(leafHash);
      for (let m = 0; m < n; m++) {
        const proof = resolve(inclusionRanges(m, n), leaves);
        expect(proof.map(hex), `m=${m} n=${n}`).toEqual(refPath(m, d).map(hex));
        expect(verifyInclusion(leaves[m], m, n, proof, mth(d))).toBe(true);
      }
    }
  });

  it("consistency proofs between all sizes 1 ≤ m ≤ n ≤ 8 equal the reference PROOF and verify", () => {
    for (let n = 1; n <= 8; n++) {
      const leaves = CT_LEAVES.slice(0, n).map(leafHash);
      for (let m = 1; m <= n; m++) {
        const proof = resolve(consistencyRanges(m, n), leaves);
        expect(proof.map(hex), `m=${m} n=${n}`).toEqual(refProof(m, CT_LEAVES.slice(0, n)).map(hex));
        const r1 = mth(CT_LEAVES.slice(0, m));
        const r2 = mth(CT_LEAVES.slice(0, n));
        expect(verifyConsistency(m, n, proof, r1, r2), `m=${m} n=${n}`).toBe(true);
      }
    }
  });

  it("decomposes ranges into aligned perfect subtrees", () => {
    expect(perfectSubtrees(0, 7)).toEqual([
      [0, 4],
      [4, 6],
      [6, 7],
    ]);
    expect(perfectSubtrees(4, 8)).toEqual([[4, 8]]);
  });
});

describe("audit proofs — properties", () => {
  const flip = (h: Hash, bit: number) => {
    const c = Buffer.from(h);
    c[bit >> 3] ^= 1 << (bit & 7);
    return c;
  };
  const entriesOf = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`entry-${i}`));

  it("every inclusion proof verifies; a flipped bit in a proof node, the entry or the root fails", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }).chain((n) => fc.tuple(fc.constant(n), fc.nat(n - 1), fc.nat(255), fc.nat())),
        ([n, m, bit, pick]) => {
          const entries = entriesOf(n);
          const leaves = entries.map(leafHash);
          const root = rootFromLeafHashes(leaves);
          const proof = resolve(inclusionRanges(m, n), leaves);
          expect(proof.map(hex)).toEqual(refPath(m, entries).map(hex));
          expect(verifyInclusion(leaves[m], m, n, proof, root)).toBe(true);
          if (proof.length > 0) {
            const i = pick % proof.length;
            const bad = proof.map((p, j) => (j === i ? flip(p, bit) : p));
            expect(verifyInclusion(leaves[m], m, n, bad, root)).toBe(false);
          }
          const badEntry = Buffer.from(entries[m]);
          badEntry[pick % badEntry.length] ^= 1 << (bit & 7);
          expect(verifyInclusion(leafHash(badEntry), m, n, proof, root)).toBe(false);
          expect(verifyInclusion(leaves[m], m, n, proof, flip(root, bit))).toBe(false);
          if (n > 1) expect(verifyInclusion(leaves[m], (m + 1) % n, n, proof, root)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("every consistency proof verifies; a flipped bit in any proof node or either root fails", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 300 })
          .chain((n) => fc.tuple(fc.integer({ min: 1, max: n }), fc.constant(n), fc.nat(255), fc.nat())),
        ([m, n, bit, pick]) => {
          const entries = entriesOf(n);
          const leaves = entries.map(leafHash);
          const r1 = rootFromLeafHashes(leaves, 0, m);
          const r2 = rootFromLeafHashes(leaves);
          const proof = resolve(consistencyRanges(m, n), leaves);
          expect(proof.map(hex)).toEqual(refProof(m, entries).map(hex));
          expect(verifyConsistency(m, n, proof, r1, r2)).toBe(true);
          if (proof.length > 0) {
            const i = pick % proof.length;
            expect(
              verifyConsistency(
                m,
                n,
                proof.map((p, j) => (j === i ? flip(p, bit) : p)),
                r1,
                r2,
              ),
            ).toBe(false);
          }
          if (m < n) {
            expect(verifyConsistency(m, n, proof, flip(r1, bit), r2)).toBe(false);
            expect(verifyConsistency(m, n, proof, r1, flip(r2, bit))).toBe(false);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
