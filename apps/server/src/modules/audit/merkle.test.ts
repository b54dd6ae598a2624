import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  combineRange,
  consistencyRanges,
  type Hash,
  inclusionRanges,
  leafHash,
  perfectSubtrees,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from "./merkle.js";

/**
 * Reference implementation, written straight from the recursive definitions of RFC 9162 §2.1.1,
 * §2.1.3.1 and §2.1.4.1 over the raw entries, independently of merkle.ts (no shared helpers, its own
 * hashing), so the known answers below do not come from the code under test.
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

/**
 * The eight test leaves of Certificate Transparency's reference test suite (certificate-transparency,
 * cpp/merkletree/merkle_tree_test.cc), and the roots listed there for the first n leaves. The
 * reference implementation above must reproduce them too, which checks both against each other.
 */
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
const CT_ROOTS = [
  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

/** Proof hashes from merkle.ts's range lists, resolved over the given leaves via stored-node style lookups. */
function resolve(ranges: readonly (readonly [number, number])[], leaves: Hash[]): Hash[] {
  return ranges.map(([s, e]) => combineRange(s, e, ([a, b]) => rootFromLeafHashes(leaves, a, b)));
}

const hex = (b: Buffer) => b.toString("hex");

describe("Merkle tree per RFC 9162 — known answers", () => {
  it("tree hashes for sizes 0–8 match the CT test vectors and the reference implementation", () => {
    for (let n = 0; n <= 8; n++) {
      const d = CT_LEAVES.slice(0, n);
      expect(hex(mth(d)), `reference, n=${n}`).toBe(CT_ROOTS[n]);
      expect(hex(rootFromLeafHashes(d.map(leafHash))), `merkle.ts, n=${n}`).toBe(CT_ROOTS[n]);
    }
  });

  it("inclusion proofs for every leaf of trees of size 1–8 equal the reference PATH and verify", () => {
    for (let n = 1; n <= 8; n++) {
      const d = CT_LEAVES.slice(0, n);
      const leaves = d.map(leafHash);
      for (let m = 0; m < n; m++) {
        const proof = resolve(inclusionRanges(m, n), leaves);
        expect(proof.map(hex), `m=${m} n=${n}`).toEqual(refPath(m, d).map(hex));
        expect(verifyInclusion(leaves[m], m, n, proof, Buffer.from(CT_ROOTS[n], "hex"))).toBe(true);
      }
    }
  });

  it("consistency proofs between all sizes 1 ≤ m ≤ n ≤ 8 equal the reference PROOF and verify", () => {
    for (let n = 1; n <= 8; n++) {
      const leaves = CT_LEAVES.slice(0, n).map(leafHash);
      for (let m = 1; m <= n; m++) {
        const proof = resolve(consistencyRanges(m, n), leaves);
        expect(proof.map(hex), `m=${m} n=${n}`).toEqual(refProof(m, CT_LEAVES.slice(0, n)).map(hex));
        const r1 = Buffer.from(CT_ROOTS[m], "hex");
        const r2 = Buffer.from(CT_ROOTS[n], "hex");
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

describe("Merkle proofs — properties", () => {
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
