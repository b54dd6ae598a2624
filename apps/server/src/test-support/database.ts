import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import { type Database, openDatabase } from "../platform/db/database.js";
import { migrate, readMigrationFiles } from "../platform/db/migrator.js";

/**
 * A private, migrated database for one test file. On PGlite (the default) it is a fresh in-memory
 * instance; when the vitest "postgres" project runs (TEST_DATABASE_URL set), it is a new database
 * created on that server (a copy of a migrated template) and dropped afterwards, so concurrent test files
 * never see each other's rows.
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
  options: { template?: string } = {},
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
  await run(`create database ${name}${options.template ? ` template ${options.template}` : ""}`);
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

// On PostgreSQL every test file used to create an empty database and migrate it: 1.1 s + 1.9 s on this
// machine (2026-12-02, 30 migrations), paid by each of ~170 files. Copying a migrated template costs
// 0.8 s. The template is built once per server and per migration set (its name carries a digest of the
// migration files, so a new or changed migration gets a new template and a stale one is never used),
// under a session advisory lock so parallel workers build it exactly once; it is marked a template only
// when complete, so a run killed halfway leaves nothing that looks usable. Old sets are kept (another
// checkout with other migrations may be testing against the same server at the same time) except the
// oldest beyond TEMPLATES_KEPT.
const TEMPLATE_LOCK = 7_142_026; // the migrator's lock id + 1
const TEMPLATES_KEPT = 8;
const templates = new Map<string, Promise<string>>();

function migratedTemplate(serverUrl: string): Promise<string> {
  let t = templates.get(serverUrl);
  if (!t) {
    t = buildTemplate(serverUrl);
    templates.set(serverUrl, t);
    t.catch(() => templates.delete(serverUrl));
  }
  return t;
}

async function buildTemplate(serverUrl: string): Promise<string> {
  const digest = createHash("sha256");
  for (const f of readMigrationFiles()) digest.update(`${f.name}\0${f.checksum}\n`);
  const name = `yiwang_tpl_${digest.digest("hex").slice(0, 16)}`;
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query("select pg_advisory_lock($1)", [TEMPLATE_LOCK]);
    const ready = await c.query("select 1 from pg_database where datname = $1 and datistemplate", [name]);
    if (ready.rowCount === 0) {
      await c.query(`drop database if exists ${name} with (force)`); // a build that died halfway
      await c.query(`create database ${name}`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      const d = await openDatabase({ databaseUrl: url.toString(), poolSize: 1 });
      try {
        await migrate(d.db);
      } finally {
        await d.close();
      }
      await c.query(`alter database ${name} is_template true`);
      const old = await c.query<{ datname: string }>(
        `select datname from pg_database where datname like 'yiwang\\_tpl\\_%' and datistemplate
          order by oid desc offset ${TEMPLATES_KEPT}`,
      );
      for (const { datname } of old.rows) {
        await c.query(`alter database ${datname} is_template false`);
        await c.query(`drop database if exists ${datname} with (force)`);
      }
    }
    return name;
  } finally {
    await c.query("select pg_advisory_unlock($1)", [TEMPLATE_LOCK]).catch(() => {});
    await c.end();
  }
}

export async function openTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = testDatabaseUrl();
  let database: Database;
  let drop = async () => {};
  let url: string | undefined;
  if (serverUrl) {
    const template = options.migrate !== false ? await migratedTemplate(serverUrl) : undefined;
    const scratch = await createScratchDatabase(serverUrl, "yiwang_t", { template });
    database = await openDatabase({ databaseUrl: scratch.url, poolSize: 4 });
    drop = scratch.drop;
    url = scratch.url;
  } else {
    database = await openDatabase({ pgliteSnapshot: await pgliteSnapshot(options.migrate !== false) });
  }
  // On a copy of the template (or a migrated PGlite snapshot) this only confirms nothing is pending.
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
