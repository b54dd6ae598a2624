/**
 * The algorithms bound to a driver: `merkle` hashes with WebCrypto and answers with promises;
 * `merkleWith(sha256)` runs the very same generators synchronously on an injected SHA-256.
 */
import { rootFromInclusionProof, verifyConsistency, verifyInclusion } from "./proof.js";
import { runAsync, runSync, type Steps, type SyncSha256, webCryptoSha256 } from "./steps.js";
import { CompactRange, emptyRoot, leafHash, nodeHash, rootFromLeafHashes } from "./tree.js";

type Mode = "sync" | "async";
type Result<T, M extends Mode> = M extends "sync" ? T : Promise<T>;

export interface StreamingRoot<H extends Uint8Array, M extends Mode> {
  /** How many leaves have been appended. */
  readonly size: number;
  append(leaf: H): Result<void, M>;
  root(): Result<H, M>;
}

export interface Merkle<H extends Uint8Array, M extends Mode> {
  leafHash(entry: Uint8Array): Result<H, M>;
  nodeHash(left: Uint8Array, right: Uint8Array): Result<H, M>;
  emptyRoot(): Result<H, M>;
  /** MTH of leaves[start, end) from their leaf hashes. */
  rootFromLeafHashes(leaves: readonly H[], start?: number, end?: number): Result<H, M>;
  rootFromInclusionProof(index: number, size: number, leaf: H, proof: readonly Uint8Array[]): Result<H | null, M>;
  verifyInclusion(
    leaf: H,
    index: number,
    size: number,
    proof: readonly Uint8Array[],
    root: Uint8Array,
  ): Result<boolean, M>;
  verifyConsistency(
    size1: number,
    size2: number,
    proof: readonly Uint8Array[],
    root1: Uint8Array,
    root2: Uint8Array,
  ): Result<boolean, M>;
  /** A root over leaves streamed in one at a time, in O(log n) memory. */
  compactRange(): StreamingRoot<H, M>;
}

function bind<H extends Uint8Array, M extends Mode>(run: <T>(steps: Steps<T, H>) => Result<T, M>): Merkle<H, M> {
  return {
    leafHash: (entry) => run(leafHash<H>(entry)),
    nodeHash: (left, right) => run(nodeHash<H>(left, right)),
    emptyRoot: () => run(emptyRoot<H>()),
    rootFromLeafHashes: (leaves, start, end) => run(rootFromLeafHashes(leaves, start, end)),
    rootFromInclusionProof: (index, size, leaf, proof) => run(rootFromInclusionProof(index, size, leaf, proof)),
    verifyInclusion: (leaf, index, size, proof, root) => run(verifyInclusion(leaf, index, size, proof, root)),
    verifyConsistency: (size1, size2, proof, root1, root2) =>
      run(verifyConsistency<H>(size1, size2, proof, root1, root2)),
    compactRange: () => {
      const range = new CompactRange<H>();
      return {
        get size() {
          return range.size;
        },
        append: (leaf) => run(range.append(leaf)),
        root: () => run(range.root()),
      };
    },
  };
}

/** The Merkle functions over WebCrypto SHA-256: for browsers, and anywhere a few hashes are all that is needed. */
export const merkle: Merkle<Uint8Array, "async"> = bind<Uint8Array, "async">((steps) =>
  runAsync(steps, webCryptoSha256),
);

/** The Merkle functions, synchronous, over an injected SHA-256 (e.g. node:crypto for a server's hot path). */
export function merkleWith<H extends Uint8Array>(sha256: SyncSha256<H>): Merkle<H, "sync"> {
  return bind<H, "sync">((steps) => runSync(steps, sha256));
}
