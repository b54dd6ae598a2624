import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { merkle, merkleWith } from "./index.js";

/**
 * Reference proofs written straight from the recursive definitions of RFC 9162 §2.1.1 (MTH), §2.1.3.1
 * (PATH) and §2.1.4.1 (PROOF) over the raw entries, with their own hashing and no code from the package,
 * so a proof that verifies here was not produced by the code under test.
 */
const sha = (...parts: Uint8Array[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const k = (n: number) => {
  let s = 1;
  while (s * 2 < n) s *= 2;
  return s;
};
function mth(d: Uint8Array[]): Uint8Array {
  if (d.length === 0) return sha();
  if (d.length === 1) return sha(Uint8Array.of(0), d[0]);
  const s = k(d.length);
  return sha(Uint8Array.of(1), mth(d.slice(0, s)), mth(d.slice(s)));
}
function path(m: number, d: Uint8Array[]): Uint8Array[] {
  if (d.length === 1) return [];
  const s = k(d.length);
  return m < s ? [...path(m, d.slice(0, s)), mth(d.slice(s))] : [...path(m - s, d.slice(s)), mth(d.slice(0, s))];
}
function subproof(m: number, d: Uint8Array[], b: boolean): Uint8Array[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const s = k(d.length);
  return m <= s
    ? [...subproof(m, d.slice(0, s), b), mth(d.slice(s))]
    : [...subproof(m - s, d.slice(s), false), mth(d.slice(0, s))];
}
const proof = (m: number, d: Uint8Array[]) => (m === 0 || m === d.length ? [] : subproof(m, d, true));

/** Changes one byte, somewhere in the given byte strings (picked by `at`), by a non-zero xor. */
function changeOneByte(parts: Uint8Array[], at: number, xor: number): Uint8Array[] {
  const total = parts.reduce((n, p) => n + p.length, 0);
  let i = at % total;
  return parts.map((p) => {
    if (i < 0 || i >= p.length) {
      i -= p.length;
      return p;
    }
    const c = Uint8Array.from(p);
    c[i] ^= xor;
    i = -1;
    return c;
  });
}

// Sizes drawn uniformly (fast-check's default would keep arrays to about ten elements, too few for deep
// trees). Distinct entries: in a tree with two equal leaves, proving one at the other's index is rightly accepted.
const entries = (n: number) =>
  fc.uniqueArray(fc.uint8Array({ maxLength: 40 }), {
    minLength: n,
    maxLength: n,
    selector: (e) => Buffer.from(e).toString("hex"),
  });
const tree = fc.integer({ min: 1, max: 300 }).chain(entries);
const byteChange = fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 }));
const nodeSha256 = (parts: readonly Uint8Array[]): Uint8Array => sha(...parts);

describe.each([
  ["WebCrypto (async)", merkle],
  ["injected node:crypto (sync)", merkleWith(nodeSha256)],
] as const)("Merkle proofs, properties — %s", (_, m) => {
  it("every inclusion proof of a random tree verifies; a one-byte change in the entry, proof or root fails", async () => {
    await fc.assert(
      fc.asyncProperty(
        tree.chain((d) => fc.tuple(fc.constant(d), fc.nat(d.length - 1), byteChange)),
        async ([d, index, [at, xor]]) => {
          const root = mth(d);
          const p = path(index, d);
          expect(await m.verifyInclusion(await m.leafHash(d[index]), index, d.length, p, root)).toBe(true);
          // Bytes of the entry itself (when it has any), of the proof and of the root are all in play.
          const [entry, rootChanged, ...proofChanged] = changeOneByte([d[index], root, ...p], at, xor);
          const leaf = await m.leafHash(entry);
          expect(await m.verifyInclusion(leaf, index, d.length, proofChanged, rootChanged)).toBe(false);
          if (d.length > 1) {
            const other = (index + 1) % d.length;
            expect(await m.verifyInclusion(await m.leafHash(d[index]), other, d.length, p, root)).toBe(false);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("every consistency proof between random sizes verifies; a one-byte change in the proof or a root fails", async () => {
    await fc.assert(
      fc.asyncProperty(
        tree.chain((d) => fc.tuple(fc.constant(d), fc.integer({ min: 0, max: d.length }), byteChange)),
        async ([d, size1, [at, xor]]) => {
          const [r1, r2] = [mth(d.slice(0, size1)), mth(d)];
          const p = proof(size1, d);
          expect(await m.verifyConsistency(size1, d.length, p, r1, r2)).toBe(true);
          // The empty tree is a prefix of anything, whatever its "root": only non-trivial proofs can fail.
          if (size1 > 0) {
            const [c1, c2, ...cp] = changeOneByte([r1, r2, ...p], at, xor);
            expect(await m.verifyConsistency(size1, d.length, cp, c1, c2)).toBe(false);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("the root of any tree, all at once or streamed into a compact range, is MTH", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 300 }).chain(entries), async (d) => {
        const leaves = await Promise.all(d.map((e) => m.leafHash(e)));
        const want = Buffer.from(mth(d)).toString("hex");
        expect(Buffer.from(await m.rootFromLeafHashes(leaves)).toString("hex")).toBe(want);
        const range = m.compactRange();
        for (const l of leaves) await range.append(l);
        expect(Buffer.from(await range.root()).toString("hex")).toBe(want);
      }),
      { numRuns: 100 },
    );
  });
});
