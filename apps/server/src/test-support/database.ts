import { randomBytes } from "node:crypto";
import pg from "pg";
import { type Database, openDatabase } from "../platform/db/database.js";
import { migrate } from "../platform/db/migrator.js";

/**
 * A private, migrated database for one test file. On PGlite (the default) it is a fresh in-memory
 * instance; when the vitest "postgres" project runs (TEST_DATABASE_URL set), it is a new database
 * created on that server and dropped afterwards, so concurrent test files never see each other's rows.
 */
export interface TestDatabase extends Database {
  /** The database's URL on PostgreSQL (a second node opens its own pool on it); undefined on PGlite. */
  url?: string;
  /** Closes the connections and drops the database (postgres) or the instance (PGlite). */
  dispose(): Promise<void>;
}

/** Creates an empty database on the server at `serverUrl`; `drop` removes it (disconnecting clients). */
export async function createScratchDatabase(
  serverUrl: string,
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
  const run = async (statement: string) => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  await run(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}

export function testDatabaseUrl(): string | undefined {
  return process.env.YIWANG_TEST_PG_URL || undefined;
}

// PGlite's initdb costs seconds; each worker pays it once per kind of database and then starts every
// test database from a snapshot of the result (about a second).
const snapshots = new Map<boolean, Promise<Blob>>();
function pgliteSnapshot(migrated: boolean): Promise<Blob> {
  let s = snapshots.get(migrated);
  if (!s) {
    s = (async () => {
      const d = await openDatabase({});
      if (migrated) await migrate(d.db);
      const blob = await (d.pglite as NonNullable<Database["pglite"]>).dumpDataDir("none");
      await d.close();
      return blob;
    })();
    snapshots.set(migrated, s);
  }
  return s;
}

export async function openTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = testDatabaseUrl();
  let database: Database;
  let drop = async () => {};
  let url: string | undefined;
  if (serverUrl) {
    const scratch = await createScratchDatabase(serverUrl, "yiwang_t");
    database = await openDatabase({ databaseUrl: scratch.url, poolSize: 4 });
    drop = scratch.drop;
    url = scratch.url;
  } else {
    database = await openDatabase({ pgliteSnapshot: await pgliteSnapshot(options.migrate !== false) });
  }
  if (options.migrate !== false) await migrate(database.db);
  return {
    ...database,
    url,
    async dispose() {
      await database.close().catch(() => {}); // a test may have closed it already (e.g. to simulate an outage)
      await drop();
    },
  };
}
