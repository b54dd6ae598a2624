import { EMPTY_ROOT, type Hash, leafHash, nodeHash } from "./merkle.js";
import type { AuditLog } from "./service.js";
import { verifyTreeHead } from "./tree-head.js";

export interface VerifyProblem {
  kind: "entry-altered" | "entry-missing" | "tree-size" | "head-root" | "head-signature" | "head-key" | "tree-root";
  leafIndex?: number;
  treeSize?: number;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  treeSize: number;
  entriesChecked: number;
  headsChecked: number;
  problems: VerifyProblem[];
}

/**
 * Recomputes the whole log from the stored entry bytes and checks it against everything stored beside
 * them: each entry against its recorded leaf hash (an edited, swapped or reordered entry is named), the
 * sequence of leaf indexes (a deleted entry is named), the tree's recorded root, and every signed tree
 * head — its signature under its key and its root against the root recomputed at its size. Memory stays
 * O(log n): leaves are streamed in chunks and folded into a compact range.
 */
export async function verifyLog(log: AuditLog, chunk = 10_000): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const { size, root } = await log.repo.tree();
  const heads = await log.repo.allHeads();
  const keys = await log.publicKeyObjects();
  let nextHead = 0;

  // Compact range: perfect subtrees of the prefix seen so far, largest first.
  const stack: { size: number; hash: Hash }[] = [];
  const currentRoot = (): Hash => {
    if (stack.length === 0) return EMPTY_ROOT;
    let h = stack[stack.length - 1].hash;
    for (let i = stack.length - 2; i >= 0; i--) h = nodeHash(stack[i].hash, h);
    return h;
  };
  const checkHeadsAt = (n: number) => {
    while (nextHead < heads.length && heads[nextHead].treeSize === n) {
      const h = heads[nextHead++];
      const key = keys.get(h.keyId);
      if (!key)
        problems.push({ kind: "head-key", treeSize: n, message: `tree head #${h.id} names unknown key ${h.keyId}` });
      else if (!verifyTreeHead(key, h.timestampMs, h.treeSize, h.rootHash, h.signature)) {
        problems.push({
          kind: "head-signature",
          treeSize: n,
          message: `tree head #${h.id} (size ${n}): signature does not verify`,
        });
      }
      if (!currentRoot().equals(h.rootHash)) {
        problems.push({
          kind: "head-root",
          treeSize: n,
          message: `tree head #${h.id} (size ${n}): the stored entries do not produce its signed root`,
        });
      }
    }
  };

  checkHeadsAt(0);
  let expected = 0;
  let checked = 0;
  for (let start = 0; start < size; start += chunk) {
    const rows = await log.repo.entries(start, Math.min(size, start + chunk));
    for (const row of rows) {
      if (row.leafIndex !== expected) {
        problems.push({ kind: "entry-missing", leafIndex: expected, message: `entry ${expected} is missing` });
        return finish();
      }
      const h = leafHash(row.entry);
      if (!row.leafHash || !h.equals(row.leafHash)) {
        problems.push({
          kind: "entry-altered",
          leafIndex: row.leafIndex,
          message: `entry ${row.leafIndex} does not match its recorded leaf hash (altered or moved)`,
        });
      }
      stack.push({ size: 1, hash: h });
      while (stack.length >= 2 && stack[stack.length - 1].size === stack[stack.length - 2].size) {
        const right = stack.pop() as { size: number; hash: Hash };
        const left = stack.pop() as { size: number; hash: Hash };
        stack.push({ size: left.size * 2, hash: nodeHash(left.hash, right.hash) });
      }
      expected++;
      checked++;
      checkHeadsAt(expected);
    }
    if (rows.length === 0) break;
  }
  if (expected < size)
    problems.push({ kind: "entry-missing", leafIndex: expected, message: `entry ${expected} is missing` });
  return finish();

  function finish(): VerifyReport {
    if (expected === size && !currentRoot().equals(root)) {
      problems.push({
        kind: "tree-root",
        treeSize: size,
        message: "the recorded tree root does not match the entries",
      });
    }
    for (const h of heads.slice(nextHead)) {
      if (h.treeSize > expected) {
        problems.push({
          kind: "tree-size",
          treeSize: h.treeSize,
          message: `tree head #${h.id} covers ${h.treeSize} entries but only ${expected} are intact`,
        });
      }
    }
    // Report in log order so the first problem is the earliest entry at fault.
    problems.sort((a, b) => (a.leafIndex ?? a.treeSize ?? 0) - (b.leafIndex ?? b.treeSize ?? 0));
    return { ok: problems.length === 0, treeSize: size, entriesChecked: checked, headsChecked: nextHead, problems };
  }
}
