import { type Insertable, type Kysely, sql } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { AuditEntryCte } from "../../platform/ports.js";
import type { AuditEntriesTable } from "./db.js";

/** SQL of the audit log. No rules here: the sequencer and the service decide what to write. */

const LOCK_KEY = 7_142_026; // advisory lock: one sequencer at a time across all processes

export interface NodeKey {
  level: number;
  idx: number;
}
export interface StoredHead {
  id: number;
  treeSize: number;
  timestampMs: number;
  rootHash: Buffer;
  signature: Buffer;
  keyId: string;
}
export interface StoredKey {
  kid: string;
  publicJwk: Record<string, string>;
  privateKey: Buffer;
  createdAt: Date;
  retiredAt: Date | null;
}
export interface EntrySearch {
  type?: string;
  actor?: string;
  subject?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

const buf = (b: Uint8Array) => Buffer.from(b);

/** A sequenced entry: its leaf bytes, its recorded leaf hash, and the copies of its fields kept for search. */
export interface StoredEntry {
  leafIndex: number;
  entry: Buffer;
  leafHash: Buffer | null;
  columns: { type: string; actor: string; actingFor: string | null; subject: string | null; time: Date };
}

export class AuditRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async enqueue(entries: Buffer[], db: Kysely<DB> = this.db): Promise<void> {
    if (entries.length === 0) return;
    await db
      .insertInto("audit_queue")
      .values(entries.map((entry) => ({ entry })))
      .execute();
  }

  /**
   * Queues one entry as a CTE of someone else's statement (`AuditLog.entryCte`), parenthesised as the CTE's
   * body (Kysely's `with` puts a raw expression in as it is).
   */
  enqueueCte(entry: Buffer, onlyWith?: string): AuditEntryCte {
    if (onlyWith === undefined)
      return () => sql<Record<string, never>>`(insert into audit_queue (entry) values (${entry}))`;
    // One entry if the named CTE returned a row (it is a single-row write), none otherwise.
    const from = sql.table(onlyWith);
    return () =>
      sql<Record<string, never>>`(insert into audit_queue (entry) select ${entry}::bytea from ${from} limit 1)`;
  }

  /** Takes the sequencer lock for the transaction; false if another process holds it. */
  async tryLockSequencer(trx: Kysely<DB>): Promise<boolean> {
    const r = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${LOCK_KEY}) as ok`.execute(trx);
    return r.rows[0].ok;
  }

  async tree(db: Kysely<DB> = this.db): Promise<{ size: number; root: Buffer }> {
    const r = await db.selectFrom("audit_tree").select(["size", "root"]).executeTakeFirstOrThrow();
    return { size: r.size, root: buf(r.root) };
  }

  async setTree(size: number, root: Buffer, trx: Kysely<DB>): Promise<void> {
    await trx.updateTable("audit_tree").set({ size, root, updated_at: new Date() }).execute();
  }

  async queued(limit: number, trx: Kysely<DB>): Promise<{ id: number; entry: Buffer }[]> {
    const rows = await trx.selectFrom("audit_queue").select(["id", "entry"]).orderBy("id").limit(limit).execute();
    return rows.map((r) => ({ id: r.id, entry: buf(r.entry) }));
  }

  /**
   * Deletes exactly the rows taken. Not "id <= max": a writer that got a lower id may commit after a
   * higher one was sequenced, and its entry must wait for the next batch, not vanish.
   */
  async dequeue(ids: number[], trx: Kysely<DB>): Promise<void> {
    await sql`delete from audit_queue where id = any(${ids}::bigint[])`.execute(trx);
  }

  async queueLength(): Promise<number> {
    const r = await this.db
      .selectFrom("audit_queue")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async insertEntries(rows: Insertable<AuditEntriesTable>[], trx: Kysely<DB>): Promise<void> {
    for (let i = 0; i < rows.length; i += 1000) {
      await trx
        .insertInto("audit_entries")
        .values(rows.slice(i, i + 1000))
        .execute();
    }
  }

  async insertNodes(nodes: { level: number; idx: number; hash: Buffer }[], trx: Kysely<DB>): Promise<void> {
    for (let i = 0; i < nodes.length; i += 5000) {
      const chunk = nodes.slice(i, i + 5000);
      // unnest keeps this at three parameters however many rows there are
      await sql`insert into audit_nodes (level, idx, hash)
        select * from unnest(${chunk.map((n) => n.level)}::smallint[], ${chunk.map((n) => n.idx)}::bigint[], ${chunk.map((n) => n.hash)}::bytea[])`.execute(
        trx,
      );
    }
  }

  async nodes(keys: NodeKey[], db: Kysely<DB> = this.db): Promise<Map<string, Buffer>> {
    const out = new Map<string, Buffer>();
    if (keys.length === 0) return out;
    const r = await sql<{ level: number; idx: number; hash: Uint8Array }>`
      select n.level, n.idx, n.hash from audit_nodes n
      join unnest(${keys.map((k) => k.level)}::smallint[], ${keys.map((k) => k.idx)}::bigint[]) as k(level, idx)
        on n.level = k.level and n.idx = k.idx`.execute(db);
    for (const row of r.rows) out.set(`${row.level}:${row.idx}`, buf(row.hash));
    return out;
  }

  async leafIndexByHash(hash: Buffer): Promise<number | undefined> {
    const r = await this.db
      .selectFrom("audit_nodes")
      .select("idx")
      .where("level", "=", 0)
      .where("hash", "=", hash)
      .orderBy("idx")
      .limit(1)
      .executeTakeFirst();
    return r?.idx;
  }

  async entries(start: number, end: number): Promise<StoredEntry[]> {
    const rows = await this.db
      .selectFrom("audit_entries as e")
      .leftJoin("audit_nodes as n", (j) => j.on("n.level", "=", 0).onRef("n.idx", "=", "e.leaf_index"))
      .select([
        "e.leaf_index",
        "e.entry",
        "n.hash",
        "e.event_type",
        "e.actor",
        "e.acting_for",
        "e.subject",
        "e.occurred_at",
      ])
      .where("e.leaf_index", ">=", start)
      .where("e.leaf_index", "<", end)
      .orderBy("e.leaf_index")
      .execute();
    return rows.map((r) => ({
      leafIndex: r.leaf_index,
      entry: buf(r.entry),
      leafHash: r.hash ? buf(r.hash) : null,
      columns: {
        type: r.event_type,
        actor: r.actor,
        actingFor: r.acting_for,
        subject: r.subject,
        time: r.occurred_at,
      },
    }));
  }

  async search(s: EntrySearch): Promise<{ leafIndex: number; entry: Buffer }[]> {
    let q = this.db.selectFrom("audit_entries").select(["leaf_index", "entry"]);
    if (s.type) q = q.where("event_type", "=", s.type);
    if (s.actor) q = q.where("actor", "=", s.actor);
    if (s.subject) q = q.where("subject", "=", s.subject);
    if (s.from) q = q.where("occurred_at", ">=", s.from);
    if (s.to) q = q.where("occurred_at", "<", s.to);
    const rows = await q.orderBy("leaf_index", "desc").limit(s.limit).offset(s.offset).execute();
    return rows.map((r) => ({ leafIndex: r.leaf_index, entry: buf(r.entry) }));
  }

  async insertHead(h: Omit<StoredHead, "id">): Promise<StoredHead> {
    const r = await this.db
      .insertInto("audit_tree_heads")
      .values({
        tree_size: h.treeSize,
        timestamp_ms: h.timestampMs,
        root_hash: h.rootHash,
        signature: h.signature,
        key_id: h.keyId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { ...h, id: r.id };
  }

  async latestHead(): Promise<StoredHead | undefined> {
    const r = await this.db
      .selectFrom("audit_tree_heads")
      .selectAll()
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
    return r && toHead(r);
  }

  async allHeads(): Promise<StoredHead[]> {
    const rows = await this.db.selectFrom("audit_tree_heads").selectAll().orderBy("tree_size").orderBy("id").execute();
    return rows.map(toHead);
  }

  async keys(): Promise<StoredKey[]> {
    const rows = await this.db.selectFrom("audit_keys").selectAll().orderBy("created_at").execute();
    return rows.map((r) => ({
      kid: r.kid,
      publicJwk: r.public_jwk,
      privateKey: buf(r.private_key),
      createdAt: r.created_at,
      retiredAt: r.retired_at,
    }));
  }

  /** Retires the active key (if any) and inserts a new active one, atomically. */
  async replaceActiveKey(k: { kid: string; publicJwk: Record<string, string>; privateKey: Buffer }): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable("audit_keys").set({ retired_at: new Date() }).where("retired_at", "is", null).execute();
      await trx
        .insertInto("audit_keys")
        .values({ kid: k.kid, public_jwk: JSON.stringify(k.publicJwk) as never, private_key: k.privateKey })
        .execute();
    });
  }
}

function toHead(r: {
  id: number;
  tree_size: number;
  timestamp_ms: number;
  root_hash: Uint8Array;
  signature: Uint8Array;
  key_id: string;
}): StoredHead {
  return {
    id: r.id,
    treeSize: r.tree_size,
    timestampMs: r.timestamp_ms,
    rootHash: buf(r.root_hash),
    signature: buf(r.signature),
    keyId: r.key_id,
  };
}
