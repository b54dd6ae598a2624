import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { PgliteDialect } from "./pglite-dialect.js";
import type { DB } from "./schema.js";

export type DriverName = "pglite" | "pg";

export interface Database {
  db: Kysely<DB>;
  driver: DriverName;
  /** A human-readable location for logs: the PGlite directory or the server URL without password. */
  location: string;
  /** The embedded instance when driver is "pglite" (tests snapshot it to skip initdb). */
  pglite?: PGlite;
  close(): Promise<void>;
}

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

async function openPglite(dir?: string, snapshot?: Blob): Promise<Database> {
  if (dir) fs.mkdirSync(dir, { recursive: true });
  const pglite = await PGlite.create({
    dataDir: dir,
    loadDataDir: snapshot,
    parsers: { [OID_INT8]: parseInt8, [OID_DATE]: keepString },
  });
  const db = new Kysely<DB>({ dialect: new PgliteDialect(pglite) });
  return {
    db,
    driver: "pglite",
    location: dir ? path.resolve(dir) : "memory://",
    pglite,
    close: () => db.destroy(),
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
  // Fail fast with a clear message instead of on the first request.
  const client = await pool.connect();
  client.release();
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const u = new URL(url);
  u.password = "";
  return { db, driver: "pg", location: u.toString(), close: () => db.destroy() };
}
