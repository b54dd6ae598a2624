import { type Kysely, type QueryCreator, sql } from "kysely";
import type { WriteCte } from "../ports.js";
import type { DB } from "./schema.js";

/**
 * Runs inserts as ONE statement, each a data-modifying CTE (`with w0 as (insert …), w1 as (insert …)
 * select 1`): one round trip instead of one per insert. PostgreSQL runs every data-modifying CTE to
 * completion whether or not the query reads it, and the statement is atomic. The inserts must not depend on
 * each other's rows (they all see the snapshot from before the statement), which holds for independent rows
 * such as an outbox event and its delivery jobs.
 */
export async function executeWrites(trx: Kysely<DB>, writes: readonly WriteCte[]): Promise<void> {
  if (writes.length === 0) return;
  if (writes.length === 1) {
    await writes[0]!(trx).execute();
    return;
  }
  await withWrites(trx, writes, "w").selectNoFrom(sql<number>`1`.as("ok")).execute();
}

/** `db.with("<prefix>0", writes[0]).with("<prefix>1", writes[1])…`: the writes as CTEs of the query to come. */
export function withWrites(db: QueryCreator<DB>, writes: readonly WriteCte[], prefix: string): QueryCreator<DB> {
  let q = db;
  // Each `with` returns a QueryCreator whose CTE list grows; the names only have to be distinct.
  for (const [i, w] of writes.entries())
    q = q.with(`${prefix}${i}`, (c) => w(c as QueryCreator<DB>)) as unknown as QueryCreator<DB>;
  return q;
}
