/** SQL of the messaging tables (no rules: those are in the services). */
import { type Insertable, type Kysely, type Selectable, sql } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { MessagingMessagesTable, MessagingReadsTable, MessagingThreadsTable } from "./db.js";
import "./db.js";

export type ThreadRow = Selectable<MessagingThreadsTable>;
export type MessageRow = Selectable<MessagingMessagesTable>;
export type ReadRow = Selectable<MessagingReadsTable>;

/** Which threads a reader's listing covers: department scope (or everything) and their direct conversations. */
export interface ListScope {
  accountId: string;
  /** null: every department (a platform-wide role). */
  departmentIds: string[] | null;
}

export class MessagingRepository {
  constructor(private readonly db: Kysely<DB>) {}

  findThread(id: string, db: Kysely<DB> = this.db): Promise<ThreadRow | undefined> {
    return db.selectFrom("messaging_threads").selectAll().where("id", "=", id).executeTakeFirst();
  }

  findThreadByKey(key: string, db: Kysely<DB> = this.db): Promise<ThreadRow | undefined> {
    return db.selectFrom("messaging_threads").selectAll().where("key", "=", key).executeTakeFirst();
  }

  /** Refreshes the listing copy of a case's or request's departments. */
  setDepartments(id: string, departmentIds: string[]): Promise<ThreadRow> {
    return this.db
      .updateTable("messaging_threads")
      .set({ department_ids: departmentIds })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** The thread row under a lock: posts to one thread take turns, so their sequence order is commit order. */
  lockThread(id: string, trx: Kysely<DB>): Promise<ThreadRow | undefined> {
    return trx.selectFrom("messaging_threads").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
  }

  /** Creates the thread unless its key exists (a concurrent creator wins); returns the stored one. */
  async ensureThread(values: Insertable<MessagingThreadsTable>): Promise<ThreadRow> {
    await this.db
      .insertInto("messaging_threads")
      .values(values)
      .onConflict((oc) => oc.column("key").doNothing())
      .execute();
    const row = await this.findThreadByKey(values.key);
    if (!row) throw new Error(`thread ${values.key} vanished`);
    return row;
  }

  async listThreads(scope: ListScope, limit = 200): Promise<ThreadRow[]> {
    return this.db
      .selectFrom("messaging_threads")
      .selectAll()
      .where((eb) =>
        eb.or([
          eb("member_ids", "@>", sql<string[]>`array[${scope.accountId}]::uuid[]`),
          scope.departmentIds === null
            ? eb("kind", "<>", "direct")
            : eb.and([
                eb("kind", "<>", "direct"),
                eb("department_ids", "&&", sql<string[]>`${scope.departmentIds}::uuid[]`),
              ]),
        ]),
      )
      .orderBy(sql`last_message_at desc nulls last`)
      .orderBy("created_at", "desc")
      .limit(limit)
      .execute();
  }

  insertMessage(values: Insertable<MessagingMessagesTable>, trx: Kysely<DB>): Promise<MessageRow> {
    return trx.insertInto("messaging_messages").values(values).returningAll().executeTakeFirstOrThrow();
  }

  async afterPost(id: string, seq: number, at: Date, purgeAt: Date | null, trx: Kysely<DB>): Promise<void> {
    await trx
      .updateTable("messaging_threads")
      .set({ last_seq: seq, last_message_at: at, ...(purgeAt ? { purge_at: purgeAt } : {}) })
      .where("id", "=", id)
      .execute();
  }

  messagesAfter(threadId: string, after: number, limit: number, db: Kysely<DB> = this.db): Promise<MessageRow[]> {
    return db
      .selectFrom("messaging_messages")
      .selectAll()
      .where("thread_id", "=", threadId)
      .where("seq", ">", after)
      .orderBy("seq")
      .limit(limit)
      .execute();
  }

  /** The newest `limit` messages (for a first look at a thread), oldest first. */
  async latestMessages(threadId: string, limit: number): Promise<MessageRow[]> {
    const rows = await this.db
      .selectFrom("messaging_messages")
      .selectAll()
      .where("thread_id", "=", threadId)
      .orderBy("seq", "desc")
      .limit(limit)
      .execute();
    return rows.reverse();
  }

  messageBySeq(seq: number): Promise<MessageRow | undefined> {
    return this.db.selectFrom("messaging_messages").selectAll().where("seq", "=", seq).executeTakeFirst();
  }

  messageById(threadId: string, id: string): Promise<MessageRow | undefined> {
    return this.db
      .selectFrom("messaging_messages")
      .selectAll()
      .where("thread_id", "=", threadId)
      .where("id", "=", id)
      .executeTakeFirst();
  }

  /** Moves the reader's position forward (never back); returns the stored receipt. */
  upsertRead(values: Insertable<MessagingReadsTable>, trx: Kysely<DB>): Promise<ReadRow> {
    return trx
      .insertInto("messaging_reads")
      .values(values)
      .onConflict((oc) =>
        oc.columns(["thread_id", "account_id"]).doUpdateSet({
          last_read_seq: sql`greatest(messaging_reads.last_read_seq, excluded.last_read_seq)`,
          read_at: (eb) => eb.ref("excluded.read_at"),
          account_name: (eb) => eb.ref("excluded.account_name"),
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  receipts(threadId: string): Promise<ReadRow[]> {
    return this.db
      .selectFrom("messaging_reads")
      .selectAll()
      .where("thread_id", "=", threadId)
      .orderBy("read_at")
      .execute();
  }

  async readPositions(accountId: string, threadIds: string[]): Promise<Map<string, number>> {
    if (threadIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom("messaging_reads")
      .select(["thread_id", "last_read_seq"])
      .where("account_id", "=", accountId)
      .where("thread_id", "in", threadIds)
      .execute();
    return new Map(rows.map((r) => [r.thread_id, r.last_read_seq]));
  }

  /** Deletes the thread's messages created before `cutoff`; returns how many and their sequence range. */
  async deleteBefore(
    threadId: string,
    cutoff: Date,
    trx: Kysely<DB>,
  ): Promise<{ count: number; firstSeq: number | null; lastSeq: number | null }> {
    const rows = await trx
      .deleteFrom("messaging_messages")
      .where("thread_id", "=", threadId)
      .where("created_at", "<", cutoff)
      .returning("seq")
      .execute();
    const seqs = rows.map((r) => r.seq);
    return {
      count: seqs.length,
      firstSeq: seqs.length ? Math.min(...seqs) : null,
      lastSeq: seqs.length ? Math.max(...seqs) : null,
    };
  }

  async oldestMessageAt(threadId: string, trx: Kysely<DB>): Promise<Date | null> {
    const row = await trx
      .selectFrom("messaging_messages")
      .select((eb) => eb.fn.min("created_at").as("oldest"))
      .where("thread_id", "=", threadId)
      .executeTakeFirst();
    return (row?.oldest as Date | null | undefined) ?? null;
  }

  async setPurgeAt(id: string, purgeAt: Date | null, trx: Kysely<DB>): Promise<void> {
    await trx.updateTable("messaging_threads").set({ purge_at: purgeAt }).where("id", "=", id).execute();
  }
}
