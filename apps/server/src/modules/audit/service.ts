import { createPrivateKey, type KeyObject } from "node:crypto";
import type { Kysely } from "kysely";
import type { CryptoSuite, TreeHeadAlgorithm } from "../../platform/crypto/suite.js";
import type { DB } from "../../platform/db/schema.js";
import type { AuditEntryCte, AuditLog as AuditLogPort } from "../../platform/ports.js";
import { type AuditEvent, entryBytes, parseEntry, toEntry } from "./entry.js";
import { AuditErrors } from "./errors.js";
import { EMPTY_ROOT, type Hash, leafHash, nodeHash } from "./merkle.js";
import { combineRange, consistencyRanges, inclusionRanges, perfectSubtrees, type Range } from "./proofs.js";
import { AuditRepository, type EntrySearch, type NodeKey, type StoredHead } from "./repository.js";
import { generateTreeHeadKey, jwkThumbprint, signTreeHead, treeHeadAlgorithmOf } from "./tree-head.js";

export interface SignedTreeHead {
  treeSize: number;
  timestampMs: number;
  rootHash: Buffer;
  signature: Buffer;
  keyId: string;
}

export interface AuditKey {
  kid: string;
  jwk: Record<string, string>;
  createdAt: string;
  retiredAt: string | null;
}

export const MAX_ENTRIES_PER_READ = 1000;

/** Stored node of an aligned perfect range: level = log2(size), idx = start / size. */
export function nodeKey([start, end]: Range): NodeKey {
  const size = end - start;
  return { level: Math.log2(size), idx: start / size };
}
const keyString = (k: NodeKey) => `${k.level}:${k.idx}`;

/**
 * The audit log: append inside the caller's transaction, sequence in batches, sign tree heads, prove.
 *
 * `append` only inserts into audit_queue, so it costs one row in the caller's transaction and commits or
 * rolls back with the change it describes. `sequence` (called by the background timer and by `flush`)
 * moves the queue into the Merkle tree under an advisory lock, so several server processes can run it.
 */
export class AuditLog implements AuditLogPort {
  readonly repo: AuditRepository;
  #signingKey?: { kid: string; key: KeyObject; algorithm: TreeHeadAlgorithm };

  constructor(
    private readonly db: Kysely<DB>,
    /**
     * The crypto suite: its box seals the signing keys (retired DATA_ENCRYPTION_KEYs still open them), and
     * new keys are of its tree-head algorithm.
     */
    private readonly crypto: Pick<CryptoSuite, "box" | "treeHeadAlgorithm">,
    private readonly batchSize = 5000,
  ) {
    this.repo = new AuditRepository(db);
  }

  /**
   * The entry as a data-modifying CTE, for a writer that appends it in the same SQL statement as its own
   * row (one round trip instead of a transaction's four; see the exchange gateway's call log). The bytes
   * are encoded here, so the entry format stays this module's.
   */
  entryCte(event: AuditEvent, options: { onlyWith?: string } = {}): AuditEntryCte {
    return this.repo.enqueueCte(entryBytes(toEntry(event)), options.onlyWith);
  }

  /** Records an event as part of `trx` (or on its own when no transaction is given). */
  async append(event: AuditEvent | AuditEvent[], trx: Kysely<DB> = this.db): Promise<void> {
    const events = Array.isArray(event) ? event : [event];
    await this.repo.enqueue(
      events.map((e) => entryBytes(toEntry(e))),
      trx,
    );
  }

  /** Sequences one batch. Returns how many entries entered the tree (0 if the queue was empty or busy). */
  async sequence(): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      if (!(await this.repo.tryLockSequencer(trx))) return 0;
      const queued = await this.repo.queued(this.batchSize, trx);
      if (queued.length === 0) return 0;
      const { size } = await this.repo.tree(trx);

      // Left siblings of everything we add are the perfect subtrees of the current tree (its right edge).
      const frontier = perfectSubtrees(0, size).map(nodeKey);
      const known = await this.repo.nodes(frontier, trx);
      const created: { level: number; idx: number; hash: Buffer }[] = [];
      const entries = [];
      for (let j = 0; j < queued.length; j++) {
        const index = size + j;
        const bytes = queued[j].entry;
        const e = parseEntry(bytes);
        entries.push({
          leaf_index: index,
          entry: bytes,
          event_type: e.type,
          actor: e.actor,
          acting_for: e.actingFor,
          subject: e.subject,
          occurred_at: new Date(e.time),
        });
        let hash = leafHash(bytes);
        let level = 0;
        let idx = index;
        created.push({ level, idx, hash });
        known.set(keyString({ level, idx }), hash);
        // Each completed pair makes a parent: leaf 3 completes (1,1) and (2,0).
        while (idx % 2 === 1) {
          const left = known.get(keyString({ level, idx: idx - 1 }));
          if (!left) throw new Error(`audit tree is missing node ${level}:${idx - 1}`);
          hash = nodeHash(left, hash);
          level++;
          idx = (idx - 1) / 2;
          created.push({ level, idx, hash });
          known.set(keyString({ level, idx }), hash);
        }
      }
      const newSize = size + queued.length;
      const root = combineRange(0, newSize, (r) => known.get(keyString(nodeKey(r))) as Hash);
      await this.repo.insertEntries(entries, trx);
      await this.repo.insertNodes(created, trx);
      await this.repo.dequeue(
        queued.map((q) => q.id),
        trx,
      );
      await this.repo.setTree(newSize, root, trx);
      return queued.length;
    });
  }

  /** Sequences until the queue is empty (or another process holds the lock). */
  async flush(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.sequence();
      total += n;
      if (n < this.batchSize) return total;
    }
  }

  async tree() {
    return this.repo.tree();
  }

  /** Entries start..end inclusive (RFC 6962 §4.6), at most MAX_ENTRIES_PER_READ of them. */
  async entries(start: number, end: number) {
    const { size } = await this.repo.tree();
    if (end < start || start >= size) throw AuditErrors.AUDIT_RANGE_INVALID({ start, end, treeSize: size });
    const last = Math.min(end, size - 1, start + MAX_ENTRIES_PER_READ - 1);
    return this.repo.entries(start, last + 1);
  }

  search(filter: EntrySearch) {
    return this.repo.search(filter);
  }

  // ── keys ──────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Creates a new signing key of the suite's algorithm and retires the current one; old heads stay
   * verifiable by their kid (the JWK says which algorithm checks them).
   */
  async rotateKey(): Promise<string> {
    const algorithm = this.crypto.treeHeadAlgorithm;
    const { privateKey, pkcs8, jwk } = generateTreeHeadKey(algorithm);
    const kid = jwkThumbprint(jwk);
    await this.repo.replaceActiveKey({
      kid,
      // "SM2" has no registered JOSE name; it is the name Chinese JOSE implementations use (licenses/jws.ts).
      publicJwk: { ...jwk, kid, alg: algorithm === "Ed25519" ? "EdDSA" : "SM2", use: "sig" },
      privateKey: this.crypto.box.seal(pkcs8, `audit-key:${kid}`),
    });
    this.#signingKey = { kid, key: privateKey, algorithm };
    return kid;
  }

  async #activeKey(attempt = 0): Promise<{ kid: string; key: KeyObject; algorithm: TreeHeadAlgorithm }> {
    const keys = await this.repo.keys();
    const active = keys.find((k) => k.retiredAt === null);
    // After CRYPTO_SUITE changed, the first head signed gets a key of the new suite's algorithm; the old
    // key is retired and stays published, so every earlier head still verifies. (Switch the suite on
    // every process at once: processes of different suites would keep replacing each other's key.)
    if (!active || treeHeadAlgorithmOf(active.publicJwk) !== this.crypto.treeHeadAlgorithm) {
      if (attempt > 3) throw new Error("audit: no signing key of the configured algorithm could be made active");
      try {
        await this.rotateKey();
      } catch (err) {
        // Another process created the first key at the same moment (unique partial index): use that one.
        if ((err as { code?: string }).code !== "23505") throw err;
      }
      return this.#activeKey(attempt + 1);
    }
    if (this.#signingKey?.kid !== active.kid) {
      const der = this.crypto.box.open(active.privateKey, `audit-key:${active.kid}`);
      this.#signingKey = {
        kid: active.kid,
        // From DER, an SM2 key is OpenSSL's SM2 type (platform/crypto/sm2.ts says why that matters).
        key: createPrivateKey({ key: der, format: "der", type: "pkcs8" }),
        algorithm: this.crypto.treeHeadAlgorithm,
      };
    }
    return this.#signingKey;
  }

  async publicKeys(): Promise<AuditKey[]> {
    return (await this.repo.keys()).map((k) => ({
      kid: k.kid,
      jwk: k.publicJwk,
      createdAt: k.createdAt.toISOString(),
      retiredAt: k.retiredAt?.toISOString() ?? null,
    }));
  }

  // ── tree heads ────────────────────────────────────────────────────────────────────────────────────

  /** Signs the current tree (after sequencing what is queued) and stores the head. */
  async signTreeHead(now = Date.now()): Promise<SignedTreeHead> {
    await this.flush();
    const { size, root } = await this.repo.tree();
    const { kid, key, algorithm } = await this.#activeKey();
    const head = {
      treeSize: size,
      timestampMs: now,
      rootHash: root,
      signature: signTreeHead(key, algorithm, now, size, root),
      keyId: kid,
    };
    await this.repo.insertHead(head);
    return head;
  }

  /** The newest signed head; signs one first if the log has none yet. */
  async latestTreeHead(): Promise<StoredHead | SignedTreeHead> {
    return (await this.repo.latestHead()) ?? this.signTreeHead();
  }

  /** Signs a new head if the tree grew since the last one (the periodic job). */
  async signIfChanged(): Promise<SignedTreeHead | null> {
    await this.flush();
    const [latest, tree] = await Promise.all([this.repo.latestHead(), this.repo.tree()]);
    if (latest && latest.treeSize === tree.size) return null;
    return this.signTreeHead();
  }

  // ── proofs ────────────────────────────────────────────────────────────────────────────────────────

  async #checkSize(treeSize: number) {
    const { size } = await this.repo.tree();
    if (!Number.isInteger(treeSize) || treeSize < 0 || treeSize > size) {
      throw AuditErrors.AUDIT_TREE_SIZE_INVALID({ treeSize, currentSize: size });
    }
  }

  /** Hashes of the given ranges, from the stored perfect subtrees, in one query. */
  async rangeHashes(ranges: readonly Range[]): Promise<Hash[]> {
    const keys = new Map<string, NodeKey>();
    for (const r of ranges) for (const p of perfectSubtrees(r[0], r[1])) keys.set(keyString(nodeKey(p)), nodeKey(p));
    const stored = await this.repo.nodes([...keys.values()]);
    return ranges.map(([s, e]) =>
      combineRange(s, e, (p) => {
        const h = stored.get(keyString(nodeKey(p)));
        if (!h) throw new Error(`audit tree is missing node for [${p[0]}, ${p[1]})`);
        return h;
      }),
    );
  }

  async rootAt(treeSize: number): Promise<Hash> {
    await this.#checkSize(treeSize);
    return treeSize === 0 ? EMPTY_ROOT : (await this.rangeHashes([[0, treeSize]]))[0];
  }

  async inclusionProof(leafIndex: number, treeSize: number): Promise<Hash[]> {
    await this.#checkSize(treeSize);
    if (!Number.isInteger(leafIndex) || leafIndex < 0 || leafIndex >= treeSize) {
      throw AuditErrors.AUDIT_TREE_SIZE_INVALID({ leafIndex, treeSize });
    }
    return this.rangeHashes(inclusionRanges(leafIndex, treeSize));
  }

  async proofByIndex(leafIndex: number, treeSize: number): Promise<{ leafHash: Hash; auditPath: Hash[] }> {
    const auditPath = await this.inclusionProof(leafIndex, treeSize);
    const [leafHash] = await this.rangeHashes([[leafIndex, leafIndex + 1]]);
    return { leafHash, auditPath };
  }

  async proofByHash(hash: Buffer, treeSize: number): Promise<{ leafIndex: number; auditPath: Hash[] }> {
    if (hash.length !== 32) throw AuditErrors.AUDIT_LEAF_NOT_FOUND({ reason: "a leaf hash is 32 bytes" });
    await this.#checkSize(treeSize);
    const leafIndex = await this.repo.leafIndexByHash(hash);
    if (leafIndex === undefined || leafIndex >= treeSize) throw AuditErrors.AUDIT_LEAF_NOT_FOUND({ treeSize });
    return { leafIndex, auditPath: await this.rangeHashes(inclusionRanges(leafIndex, treeSize)) };
  }

  async consistencyProof(first: number, second: number): Promise<Hash[]> {
    await this.#checkSize(second);
    if (!Number.isInteger(first) || first < 0 || first > second) {
      throw AuditErrors.AUDIT_TREE_SIZE_INVALID({ first, second });
    }
    return this.rangeHashes(consistencyRanges(first, second));
  }
}
