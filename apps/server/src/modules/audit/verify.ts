import { type TreeHeadCheck, treeHeadVerifier } from "@yiwang/merkle";
import { leafHash, merkle } from "./merkle.js";
import type { StoredEntry } from "./repository.js";
import type { AuditLog } from "./service.js";
import { sm2TreeHeadVerifier } from "./tree-head.js";

export interface VerifyProblem {
  kind:
    | "entry-altered"
    | "entry-columns"
    | "entry-missing"
    | "tree-size"
    | "head-root"
    | "head-signature"
    | "head-key"
    | "tree-root";
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
 * head — its signature under its key and its root against the root recomputed at its size — and the
 * columns kept beside each entry for search (type, actor, acting for, subject, time), which must say what
 * the leaf bytes say: an auditor searching by actor must not be shown a row whose column was changed while
 * its bytes were not. Memory stays
 * O(log n): leaves are streamed in chunks and folded into a compact range.
 */
export async function verifyLog(log: AuditLog, chunk = 10_000): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const { size, root } = await log.repo.tree();
  const heads = await log.repo.allHeads();
  // The signatures are checked exactly as an auditor's browser checks them (WebCrypto Ed25519), and SM2
  // heads (the national suite; no WebCrypto algorithm) with node:crypto.
  const verifyHead = treeHeadVerifier(await log.publicKeys(), { extra: sm2TreeHeadVerifier });
  let nextHead = 0;

  // The perfect subtrees of the prefix seen so far: O(log n) memory, and its root at every head's size.
  const range = merkle.compactRange();
  const checkHeadsAt = async (n: number) => {
    while (nextHead < heads.length && heads[nextHead].treeSize === n) {
      const h = heads[nextHead++];
      const problem = headProblem(await verifyHead(h), h.id, h.keyId, n);
      if (problem) problems.push(problem);
      if (!range.root().equals(h.rootHash)) {
        problems.push({
          kind: "head-root",
          treeSize: n,
          message: `tree head #${h.id} (size ${n}): the stored entries do not produce its signed root`,
        });
      }
    }
  };

  await checkHeadsAt(0);
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
      const columns = columnsProblem(row);
      if (columns) problems.push(columns);
      range.append(h);
      expected++;
      checked++;
      if (heads[nextHead]?.treeSize === expected) await checkHeadsAt(expected);
    }
    if (rows.length === 0) break;
  }
  if (expected < size)
    problems.push({ kind: "entry-missing", leafIndex: expected, message: `entry ${expected} is missing` });
  return finish();

  function finish(): VerifyReport {
    if (expected === size && !range.root().equals(root)) {
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

/** A head's signature check as a problem, or null when it verified. */
function headProblem(check: TreeHeadCheck, id: number, keyId: string, n: number): VerifyProblem | null {
  if (check.status === "valid") return null;
  if (check.status === "unsupported") {
    // Node 24's WebCrypto has Ed25519 and SM2 is checked by node:crypto; if either were missing nothing was
    // checked, and an unchecked head is not "ok".
    return { kind: "head-signature", treeSize: n, message: `tree head #${id}: this runtime cannot check its key` };
  }
  switch (check.reason) {
    case "unknownKey":
      return { kind: "head-key", treeSize: n, message: `tree head #${id} names unknown key ${keyId}` };
    case "badKey":
      return {
        kind: "head-key",
        treeSize: n,
        message: `tree head #${id} names key ${keyId}, not an Ed25519 or SM2 key`,
      };
    case "badSignature":
      return {
        kind: "head-signature",
        treeSize: n,
        message: `tree head #${id} (size ${n}): signature does not verify`,
      };
  }
}

/** The search columns of an entry against its leaf bytes; names the first column that disagrees. */
function columnsProblem(row: StoredEntry): VerifyProblem | null {
  let leaf: { type?: unknown; actor?: unknown; actingFor?: unknown; subject?: unknown; time?: unknown };
  try {
    leaf = JSON.parse(row.entry.toString("utf8"));
  } catch {
    return { kind: "entry-altered", leafIndex: row.leafIndex, message: `entry ${row.leafIndex} is not JSON` };
  }
  const c = row.columns;
  const differs: [string, boolean][] = [
    ["event_type", leaf.type !== c.type],
    ["actor", leaf.actor !== c.actor],
    ["acting_for", (leaf.actingFor ?? null) !== c.actingFor],
    ["subject", (leaf.subject ?? null) !== c.subject],
    ["occurred_at", typeof leaf.time !== "string" || Date.parse(leaf.time) !== c.time.getTime()],
  ];
  const column = differs.find(([, d]) => d)?.[0];
  return column
    ? {
        kind: "entry-columns",
        leafIndex: row.leafIndex,
        message: `entry ${row.leafIndex}: the ${column} column does not say what the entry says`,
      }
    : null;
}
