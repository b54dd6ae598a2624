import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bytesToHex, hexToBytes, merkle, merkleWith } from "./index.js";

/**
 * Known answers from Certificate Transparency's reference test suite: the eight inputs, the root of the
 * tree of the first n of them for every n, and the inclusion and consistency proofs listed there
 * (certificate-transparency, cpp/merkletree/merkle_tree_test.cc: kTestInputs, kSHA256Roots,
 * kPathTestVector, kProofTestVector; the same values are in transparency-dev/merkle's and Trillian's Go
 * tests). Hashing is RFC 6962 §2.1, which RFC 9162 §2.1 keeps unchanged for SHA-256.
 */
const INPUTS = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map(
  hexToBytes,
);

/** ROOTS[n] is the root of the tree of INPUTS[0:n]; ROOTS[0] is SHA-256 of nothing. */
const ROOTS = [
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

/** Inclusion proofs; the reference lists leaves 1-based, here they are 0-based leaf indexes. */
const INCLUSION: { index: number; size: number; proof: string[] }[] = [
  { index: 0, size: 1, proof: [] },
  {
    index: 0,
    size: 8,
    proof: [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  },
  { index: 2, size: 3, proof: ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"] },
  {
    index: 1,
    size: 5,
    proof: [
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
  },
];

const CONSISTENCY: { size1: number; size2: number; proof: string[] }[] = [
  { size1: 1, size2: 1, proof: [] },
  {
    size1: 1,
    size2: 8,
    proof: [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  },
  {
    size1: 6,
    size2: 8,
    proof: [
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  },
  {
    size1: 2,
    size2: 5,
    proof: [
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
  },
];

/** SHA-256 of 32 arbitrary bytes, used by the reference suite as a hash that is in no tree. */
const SOME_HASH = hexToBytes("abacaba000000000000000000000000000000000000000000060061e00123456");

// Both drivers run the same generators; each known answer is checked through both.
const nodeSha256 = (parts: readonly Uint8Array[]): Uint8Array => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const drivers = [
  ["WebCrypto (async)", merkle],
  ["injected node:crypto (sync)", merkleWith(nodeSha256)],
] as const;

describe.each(drivers)("RFC 9162 known answers — %s", (_, m) => {
  const leafHashes = () => Promise.all(INPUTS.map((e) => m.leafHash(e)));

  it("the root of the first n inputs is the reference root, for every n from 0 to 8", async () => {
    const leaves = await leafHashes();
    expect(bytesToHex(await m.emptyRoot())).toBe(ROOTS[0]);
    const range = m.compactRange();
    for (let n = 0; n <= 8; n++) {
      expect(bytesToHex(await m.rootFromLeafHashes(leaves.slice(0, n))), `n=${n}`).toBe(ROOTS[n]);
      expect(bytesToHex(await m.rootFromLeafHashes(leaves, 0, n)), `n=${n} (range)`).toBe(ROOTS[n]);
      expect(bytesToHex(await range.root()), `compact range, n=${n}`).toBe(ROOTS[n]);
      if (n < 8) await range.append(leaves[n]);
    }
    expect(range.size).toBe(8);
  });

  it.each(INCLUSION)("inclusion proof of leaf $index in the tree of $size verifies", async ({ index, size, proof }) => {
    const leaves = await leafHashes();
    const path = proof.map(hexToBytes);
    const root = hexToBytes(ROOTS[size]);
    const computed = await m.rootFromInclusionProof(index, size, leaves[index], path);
    expect(computed && bytesToHex(computed)).toBe(ROOTS[size]);
    expect(await m.verifyInclusion(leaves[index], index, size, path, root)).toBe(true);
  });

  it.each(INCLUSION)(
    "inclusion proof of leaf $index in the tree of $size rejects the reference suite's corruptions",
    async ({ index, size, proof }) => {
      const leaf = (await leafHashes())[index];
      const path = proof.map(hexToBytes);
      const root = hexToBytes(ROOTS[size]);
      const no = async (i: number, n: number, p: Uint8Array[], r: Uint8Array, l = leaf) =>
        expect(await m.verifyInclusion(l, i, n, p, r), `index ${i} size ${n} proof ${p.length}`).toBe(false);
      await no(index - 1, size, path, root);
      await no(index + 1, size, path, root);
      await no(index ^ 2, size, path, root);
      await no(index, size * 2, path, root);
      await no(index, Math.floor(size / 2), path, root);
      await no(index, size, path, root, new TextEncoder().encode("WrongLeaf"));
      await no(index, size, path, hexToBytes(ROOTS[0]));
      await no(index, size, path, SOME_HASH);
      await no(index, size, [...path, new Uint8Array(0)], root);
      await no(index, size, [...path, root], root);
      await no(index, size, [new Uint8Array(0), ...path], root);
      await no(index, size, [root, ...path], root);
      for (let i = 0; i < path.length; i++) {
        const bad = path.map((p, j) => (j === i ? p.map((b, k) => (k === 0 ? b ^ 8 : b)) : p));
        await no(index, size, bad, root);
      }
      if (path.length > 0) await no(index, size, path.slice(0, -1), root);
      if (path.length > 1) await no(index, size, [path[0], SOME_HASH, ...path.slice(1)], root);
    },
  );

  it.each(CONSISTENCY)("consistency proof from $size1 to $size2 verifies", async ({ size1, size2, proof }) => {
    const path = proof.map(hexToBytes);
    expect(await m.verifyConsistency(size1, size2, path, hexToBytes(ROOTS[size1]), hexToBytes(ROOTS[size2]))).toBe(
      true,
    );
  });

  it.each(CONSISTENCY.filter((c) => c.proof.length > 0))(
    "consistency proof from $size1 to $size2 rejects the reference suite's corruptions",
    async ({ size1, size2, proof }) => {
      const path = proof.map(hexToBytes);
      const r1 = hexToBytes(ROOTS[size1]);
      const r2 = hexToBytes(ROOTS[size2]);
      const wrong = new TextEncoder().encode("WrongRoot");
      const no = async (s1: number, s2: number, a: Uint8Array, b: Uint8Array, p: Uint8Array[]) =>
        expect(await m.verifyConsistency(s1, s2, p, a, b), `${s1}→${s2}, proof ${p.length}`).toBe(false);
      await no(size1 - 1, size2, r1, r2, path);
      await no(size1 + 1, size2, r1, r2, path);
      await no(size1 ^ 2, size2, r1, r2, path);
      await no(size1, size2 * 2, r1, r2, path);
      await no(size1, Math.floor(size2 / 2), r1, r2, path);
      await no(size1, size2, wrong, r2, path);
      await no(size1, size2, r1, wrong, path);
      await no(size1, size2, r2, r1, path);
      await no(size1, size2, r1, r2, []);
      for (const extra of [new Uint8Array(0), r1, r2]) {
        await no(size1, size2, r1, r2, [...path, extra]);
        await no(size1, size2, r1, r2, [extra, ...path]);
      }
      await no(size1, size2, r1, r2, [path[0], ...path]);
      await no(size1, size2, r1, r2, path.slice(0, -1));
      for (let i = 0; i < path.length; i++) {
        const bad = path.map((p, j) => (j === i ? p.map((b, k) => (k === 0 ? b ^ 16 : b)) : p));
        await no(size1, size2, r1, r2, bad);
      }
    },
  );

  it("handles the edge cases of the reference suite's consistency table", async () => {
    const empty = hexToBytes(ROOTS[0]);
    const [a, b] = [new TextEncoder().encode("don't care 1"), new TextEncoder().encode("don't care 2")];
    // Always consistent: equal sizes with equal roots, and the empty tree before any tree.
    expect(await m.verifyConsistency(0, 0, [], a, a)).toBe(true);
    expect(await m.verifyConsistency(0, 1, [], a, b)).toBe(true);
    expect(await m.verifyConsistency(1, 1, [], b, b)).toBe(true);
    // Never: different roots at one size, time travel, an empty proof between different sizes, a
    // non-empty proof where none is needed.
    expect(await m.verifyConsistency(0, 0, [], a, b)).toBe(false);
    expect(await m.verifyConsistency(1, 1, [], a, b)).toBe(false);
    expect(await m.verifyConsistency(1, 0, [], a, b)).toBe(false);
    expect(await m.verifyConsistency(2, 1, [], a, b)).toBe(false);
    expect(await m.verifyConsistency(1, 2, [], a, b)).toBe(false);
    expect(await m.verifyConsistency(0, 0, [empty], empty, empty)).toBe(false);
    expect(await m.verifyConsistency(0, 1, [empty], empty, empty)).toBe(false);
    expect(await m.verifyConsistency(1, 1, [empty], empty, empty)).toBe(false);
  });

  it("rejects inclusion in trees that cannot hold the leaf, and hashes of the wrong size", async () => {
    const leaf = await m.leafHash(new TextEncoder().encode("data"));
    expect(await m.verifyInclusion(leaf, 0, 1, [], leaf)).toBe(true);
    expect(await m.verifyInclusion(leaf, 0, 1, [], new Uint8Array(0))).toBe(false);
    expect(await m.verifyInclusion(new Uint8Array(0), 0, 1, [], new Uint8Array(0))).toBe(false);
    for (const [index, size] of [
      [0, 0],
      [1, 0],
      [2, 1],
      [-1, 1],
      [0.5, 2],
    ]) {
      expect(await m.verifyInclusion(SOME_HASH, index, size, [], hexToBytes(ROOTS[0])), `${index}/${size}`).toBe(false);
    }
  });
});
