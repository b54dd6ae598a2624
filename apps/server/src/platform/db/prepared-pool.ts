import { createHash } from "node:crypto";
import type { PostgresPool, PostgresPoolClient } from "kysely";
import type pg from "pg";

/**
 * node-postgres sends a statement without a name as parse + bind + execute on every call, so PostgreSQL
 * parses and plans it every time. On the case-reads bench (issue 16) the case detail's statement spent
 * 0.19 ms parsing and 0.47 ms planning for 0.48 ms executing; the inbox page planned for 1.5 ms to run
 * for 0.9. A named statement is parsed once per connection, and after five executions PostgreSQL keeps a
 * generic plan when it costs no more than the custom ones (plan_cache_mode auto).
 *
 * This pool names the statements that repeat: a text gets a name the second time it is seen (one-off
 * texts — a bulk insert of N rows, an ad hoc report — stay unnamed, so they never pile up on the server),
 * and only SELECT, INSERT, UPDATE, DELETE and WITH statements (never BEGIN, SET, LISTEN, DDL). At most
 * `maxStatements` texts are named per process: a connection then holds that many prepared statements at
 * most, whatever the traffic. The name is a hash of the text, so every connection agrees.
 *
 * A named statement's result type is fixed at parse: when a migration on another node changes a table a
 * prepared `select *` reads, PostgreSQL refuses it with "cached plan must not change result type"
 * (0A000). That error moves every name to a new generation, so the next call of each statement parses it
 * afresh; the call that met it fails (inside its transaction, which is rolled back as any failure is).
 */
export function preparingPool(pool: pg.Pool, maxStatements = 400): PostgresPool {
  const names = new Map<string, string>();
  let seenOnce = new Set<string>();
  let generation = 0;

  const nameOf = (text: string): string | undefined => {
    const known = names.get(text);
    if (known !== undefined) return known;
    if (!PREPARABLE.test(text) || names.size >= maxStatements) return undefined;
    if (!seenOnce.has(text)) {
      // Bounded: the set only decides which texts repeat, so forgetting it now and then costs a second sighting.
      if (seenOnce.size >= 4 * maxStatements) seenOnce = new Set();
      seenOnce.add(text);
      return undefined;
    }
    seenOnce.delete(text);
    const name = `y${generation}_${createHash("sha1").update(text).digest("base64url").slice(0, 22)}`;
    names.set(text, name);
    return name;
  };

  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    const query = async (text: string, values: readonly unknown[]) => {
      const name = nameOf(text);
      try {
        return await client.query(
          name ? { name, text, values: values as unknown[] } : { text, values: values as unknown[] },
        );
      } catch (err) {
        if (name && (err as { code?: string }).code === "0A000" && STALE_PLAN.test(String((err as Error).message))) {
          generation++;
          names.clear();
        }
        throw err;
      }
    };
    return {
      // Kysely streams through a cursor object; that passes through untouched.
      query: ((textOrCursor: unknown, values?: readonly unknown[]) =>
        typeof textOrCursor === "string"
          ? query(textOrCursor, values ?? [])
          : client.query(textOrCursor as never)) as unknown as PostgresPoolClient["query"],
      release: () => client.release(),
    };
  };

  return {
    connect: async () => {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = wrap(client);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}

const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;
const STALE_PLAN = /cached plan must not change result type/;
