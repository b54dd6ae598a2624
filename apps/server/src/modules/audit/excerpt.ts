/**
 * Narrow reads of the log for other modules (the archives module: an archived case's audit excerpt, and
 * whether a record it made is in the log). Everything runs on the caller's `db` (a job's transaction on
 * PGlite may not open a second connection), and returns entries with what an auditor needs to check them
 * offline: leaf index, leaf hash, the inclusion proof to the tree it was read at and that tree's root.
 * Entries still in the queue (not yet sequenced) are listed with `leafIndex: null`.
 */
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { type AuditEntry, canonicalJson, parseEntry } from "./entry.js";
import { leafHash, verifyInclusion } from "./merkle.js";
import { combineRange, inclusionRanges, perfectSubtrees, type Range } from "./proofs.js";
import { AuditRepository } from "./repository.js";

export interface ExcerptEntry {
  entry: AuditEntry;
  leafIndex: number | null;
  leafHash: string;
  /** Hex hashes of the RFC 9162 inclusion proof to `treeSize` (empty while queued). */
  inclusionProof: string[];
}

export interface AuditExcerpt {
  treeSize: number;
  rootHash: string;
  entries: ExcerptEntry[];
}

const nodeKey = ([s, e]: Range) => ({ level: Math.log2(e - s), idx: s / (e - s) });

async function proofOf(repo: AuditRepository, db: Kysely<DB>, index: number, size: number): Promise<Buffer[]> {
  const ranges = inclusionRanges(index, size);
  const keys = ranges.flatMap(([s, e]) => perfectSubtrees(s, e).map(nodeKey));
  const stored = await repo.nodes(keys, db);
  return ranges.map(([s, e]) =>
    combineRange(s, e, (p) => {
      const k = nodeKey(p);
      const h = stored.get(`${k.level}:${k.idx}`);
      if (!h) throw new Error(`audit tree is missing node for [${p[0]}, ${p[1]})`);
      return h;
    }),
  );
}

/** The entries about `subjects` (sequenced and queued), at most `limit` sequenced ones, oldest first. */
export async function auditExcerpt(db: Kysely<DB>, subjects: string[], limit = 500): Promise<AuditExcerpt> {
  const repo = new AuditRepository(db);
  const tree = await repo.tree(db);
  const rows = subjects.length
    ? await db
        .selectFrom("audit_entries")
        .select(["leaf_index", "entry"])
        .where("subject", "in", subjects)
        .where("leaf_index", "<", tree.size)
        .orderBy("leaf_index")
        .limit(limit)
        .execute()
    : [];
  const entries: ExcerptEntry[] = [];
  for (const r of rows) {
    const bytes = Buffer.from(r.entry);
    const proof = await proofOf(repo, db, r.leaf_index, tree.size);
    entries.push({
      entry: parseEntry(bytes),
      leafIndex: r.leaf_index,
      leafHash: Buffer.from(leafHash(bytes)).toString("hex"),
      inclusionProof: proof.map((h) => Buffer.from(h).toString("hex")),
    });
  }
  const wanted = new Set(subjects);
  for (const q of await repo.queued(10_000, db)) {
    const e = parseEntry(q.entry);
    if (e.subject && wanted.has(e.subject))
      entries.push({
        entry: e,
        leafIndex: null,
        leafHash: Buffer.from(leafHash(q.entry)).toString("hex"),
        inclusionProof: [],
      });
  }
  return { treeSize: tree.size, rootHash: Buffer.from(tree.root).toString("hex"), entries };
}

export interface RecordCheck {
  /** An entry of that type and subject carries SHA-256(canonical JSON of `payload`). */
  found: boolean;
  /** …and it is sequenced and its inclusion proof verifies against the current tree root. */
  verified: boolean;
  leafIndex: number | null;
  payloadSha256: string;
}

/** Whether the log holds an entry `type` about `subject` whose payload hash is that of `payload`. */
export async function auditRecordCheck(
  db: Kysely<DB>,
  q: { type: string; subject: string; payload: unknown },
): Promise<RecordCheck> {
  const payloadSha256 = createHash("sha256").update(canonicalJson(q.payload)).digest("hex");
  const repo = new AuditRepository(db);
  const tree = await repo.tree(db);
  const rows = await db
    .selectFrom("audit_entries")
    .select(["leaf_index", "entry"])
    .where("subject", "=", q.subject)
    .where("event_type", "=", q.type)
    .where("leaf_index", "<", tree.size)
    .orderBy("leaf_index", "desc")
    .execute();
  for (const r of rows) {
    const bytes = Buffer.from(r.entry);
    if (parseEntry(bytes).payloadHash !== payloadSha256) continue;
    const proof = await proofOf(repo, db, r.leaf_index, tree.size);
    const verified = verifyInclusion(leafHash(bytes), r.leaf_index, tree.size, proof, Buffer.from(tree.root));
    return { found: true, verified, leafIndex: r.leaf_index, payloadSha256 };
  }
  for (const qd of await repo.queued(10_000, db)) {
    const e = parseEntry(qd.entry);
    if (e.subject === q.subject && e.type === q.type && e.payloadHash === payloadSha256)
      return { found: true, verified: false, leafIndex: null, payloadSha256 };
  }
  return { found: false, verified: false, leafIndex: null, payloadSha256 };
}
