/**
 * @yiwang/merkle — the audit log's RFC 9162 Merkle tree, one implementation for the server and the
 * browser: leaf and node hashing, tree roots, inclusion and consistency proof verification, and
 * Ed25519 signed tree head checks. WebCrypto only (no node: imports), so it runs in Node 24 and browsers;
 * proof generation from stored subtrees and signing stay in the server's audit module.
 */
export { type Merkle, merkle, merkleWith, type StreamingRoot } from "./bind.js";
export { base64ToBytes, bytesToBase64, bytesToHex, equalBytes, hexToBytes } from "./bytes.js";
export { checkInclusion, type InclusionCheck } from "./inclusion-check.js";
export type { AsyncSha256, HashRequest, SyncSha256 } from "./steps.js";
export { HASH_SIZE, isPowerOfTwo, splitPoint } from "./tree.js";
export {
  type ExtraKeyVerifier,
  type SignedTreeHeadJson,
  type TreeHead,
  type TreeHeadCheck,
  type TreeHeadKey,
  treeHeadSignatureInput,
  treeHeadVerifier,
  verifyTreeHead,
} from "./tree-head.js";
