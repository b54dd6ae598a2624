import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { Kysely } from "kysely";
import { PostgresDialect, sql } from "kysely";
import pg from "pg";
import { GuardedKysely, guardDialect } from "./connection-guard.js";
import { PgliteDialect } from "./pglite-dialect.js";
import { preparingPool } from "./prepared-pool.js";
import type { DB } from "./schema.js";

export type DriverName = "pglite" | "pg";

export interface Database {
  db: Kysely<DB>;
  driver: DriverName;
  /** A human-readable location for logs: the PGlite directory or the server URL without password. */
  location: string;
  /** The embedded instance when driver is "pglite" (tests snapshot it to skip initdb). */
  pglite?: PGlite;
  /** A session that LISTENs on a channel, for cache invalidation (`platform/cache`). */
  listen: Listen;
  close(): Promise<void>;
}

export interface NotificationConnection {
  close(): Promise<void>;
}

/**
 * Opens a session listening on `channel`: `notify` gets each payload; `lost` is called once if the
 * session dies (on PostgreSQL: an error, the server closing it, or a heartbeat unanswered).
 */
export type Listen = (
  channel: string,
  handlers: { notify(payload: string): void; lost(error?: Error): void },
) => Promise<NotificationConnection>;

const CHANNEL_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * How often the listening connection proves it is alive, and how long an answer may take. A connection
 * that dies silently (a peer gone without a reset) would otherwise miss notifications unnoticed; with
 * these a process notices within about 15 s and stops serving from its caches.
 */
const HEARTBEAT_MS = 10_000;
const HEARTBEAT_TIMEOUT_MS = 5_000;

export interface OpenDatabaseOptions {
  /** postgres:// URL → node-postgres pool. */
  databaseUrl?: string;
  /** Directory for embedded PGlite data; undefined with no URL → in-memory PGlite (tests). */
  pgliteDir?: string;
  /** Start an in-memory PGlite from a data directory snapshot (`dumpDataDir()`), skipping initdb. */
  pgliteSnapshot?: Blob;
  poolSize?: number;
}

// Type OIDs whose default parsing we change, identically for both drivers, so code never sees a
// difference between them: DATE stays a "YYYY-MM-DD" string (no time-zone shift into a JS Date), INT8
// becomes a number (counts and sizes here stay far below 2^53).
const OID_INT8 = 20;
const OID_DATE = 1082;
const parseInt8 = (v: string) => Number(v);
const keepString = (v: string) => v;

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPg(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.pgliteDir, options.pgliteSnapshot);
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dir} is in use by process ${pid}. PGlite serves one process only: stop that ` +
        "process first, or set DATABASE_URL to run several processes on a PostgreSQL server.",
    );
    this.name = "DataDirInUseError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite has no postmaster lock: two processes opening one directory would both write to it and corrupt
 * it. An exclusive lock file holding our pid prevents that; a lock left by a dead process is taken over.
 */
function lockDataDir(dir: string): () => void {
  const file = path.join(dir, "yiwang.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      return () => fs.rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const pid = Number(fs.readFileSync(file, "utf8"));
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid))
        throw new DataDirInUseError(dir, pid);
      if (pid === process.pid) throw new DataDirInUseError(dir, pid);
      fs.rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`could not lock ${dir}`);
}

async function openPglite(dir?: string, snapshot?: Blob): Promise<Database> {
  if (dir) fs.mkdirSync(dir, { recursive: true });
  const unlock = dir ? lockDataDir(dir) : () => {};
  const pglite = await PGlite.create({
    dataDir: dir,
    loadDataDir: snapshot,
    parsers: { [OID_INT8]: parseInt8, [OID_DATE]: keepString },
  }).catch((err) => {
    unlock();
    throw err;
  });
  const db = new GuardedKysely<DB>({ dialect: guardDialect(new PgliteDialect(pglite)) });
  return {
    db,
    driver: "pglite",
    location: dir ? path.resolve(dir) : "memory://",
    pglite,
    // One session: LISTEN goes through the driver's mutex (sent directly it could land inside another
    // caller's open transaction and be undone by its rollback). PGlite delivers a notification when the
    // sending transaction commits, before the COMMIT resolves, and never after a rollback — like PostgreSQL.
    // In process, the session cannot be lost; two apps over one PGlite both receive every notification.
    listen: async (channel, handlers) => {
      if (!CHANNEL_NAME.test(channel)) throw new Error(`bad channel name ${channel}`);
      const off = pglite.onNotification((c, payload) => {
        if (c === channel) handlers.notify(payload);
      });
      await sql.raw(`listen ${channel}`).execute(db);
      return { close: async () => off() };
    },
    close: async () => {
      await db.destroy();
      unlock();
    },
  };
}

async function openPg(url: string, max: number): Promise<Database> {
  const types = {
    getTypeParser(oid: number, format?: "text" | "binary") {
      if (oid === OID_INT8) return parseInt8;
      if (oid === OID_DATE) return keepString;
      // biome-ignore lint/suspicious/noExplicitAny: pg's overloads
      return (pg.types.getTypeParser as any)(oid, format);
    },
  };
  const pool = new pg.Pool({ connectionString: url, max, types });
  // An idle pooled connection that the server drops (restart, failover, a terminated backend) is reported
  // here; without a listener node-postgres re-throws it and the whole process dies. The pool discards the
  // broken client and the next query opens a new connection, so the event needs nothing more.
  pool.on("error", () => {});
  // The same for a connection that is checked out (inside a transaction, between two of its queries) when
  // the server goes: pg-pool listens only on idle clients, so the FATAL 57P01 of a restarting PostgreSQL
  // killed every node (found by the fault drill, ops/drill). The transaction's next query fails, which
  // rolls it back, and the pool drops the broken client when it is released (it is no longer queryable).
  pool.on("connect", (client) => client.on("error", () => {}));
  // Fail fast with a clear message instead of on the first request.
  const client = await pool.connect();
  client.release();
  // Repeating statements are prepared once per connection (prepared-pool.ts: parse and plan, not each call).
  const db = new GuardedKysely<DB>({ dialect: guardDialect(new PostgresDialect({ pool: preparingPool(pool) })) });
  const u = new URL(url);
  u.password = "";
  return {
    db,
    driver: "pg",
    location: u.toString(),
    listen: (channel, handlers) => listenPg(url, channel, handlers),
    close: () => db.destroy(),
  };
}

/** A dedicated connection (not from the pool: it must stay in LISTEN for the process's life). */
async function listenPg(
  url: string,
  channel: string,
  handlers: Parameters<Listen>[1],
): Promise<NotificationConnection> {
  if (!CHANNEL_NAME.test(channel)) throw new Error(`bad channel name ${channel}`);
  const client = new pg.Client({
    connectionString: url,
    application_name: "yiwang-cache-listener",
    keepAlive: true,
    query_timeout: HEARTBEAT_TIMEOUT_MS,
  });
  let closing = false;
  let heartbeat: NodeJS.Timeout | undefined;
  const lost = (error?: Error) => {
    if (closing) return;
    closing = true;
    clearInterval(heartbeat);
    client.end().catch(() => {});
    handlers.lost(error);
  };
  client.on("error", lost);
  client.on("end", () => lost(new Error("listening connection closed")));
  client.on("notification", (m) => {
    if (m.channel === channel) handlers.notify(m.payload ?? "");
  });
  try {
    await client.connect();
    await client.query(`listen ${channel}`);
  } catch (error) {
    closing = true;
    await client.end().catch(() => {});
    throw error;
  }
  heartbeat = setInterval(() => {
    client.query("select 1").catch((error: Error) => lost(error));
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return {
    close: async () => {
      closing = true;
      clearInterval(heartbeat);
      await client.end().catch(() => {});
    },
  };
}
