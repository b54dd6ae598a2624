import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import { RUNTIME_PATHS } from "../runtime-paths.js";
import type { DB } from "./schema.js";

/**
 * Plain SQL migrations: apps/server/migrations/<timestamp>_<name>.sql, forward-only, applied in name order.
 *
 * All pending files are applied in one transaction under an advisory lock, so two processes starting at
 * once apply each file exactly once and a failing file leaves nothing half-done. An applied file whose
 * contents changed afterwards is an error: migrations are reviewed like code and never edited in place.
 */

export const MIGRATIONS_DIR = RUNTIME_PATHS.migrations;
const LOCK_KEY = 7_142_025; // arbitrary, constant: the advisory lock id for migrations

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrationFiles(dir = MIGRATIONS_DIR): MigrationFile[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{14}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => {
      const text = fs.readFileSync(path.join(dir, f), "utf8");
      return { name: f, sql: text, checksum: createHash("sha256").update(text).digest("hex") };
    });
}

export class MigrationChecksumError extends Error {
  constructor(public readonly migration: string) {
    super(`Migration ${migration} was changed after it was applied; write a new migration instead`);
  }
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

export async function migrate(db: Kysely<DB>, files = readMigrationFiles()): Promise<MigrationResult> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${LOCK_KEY})`.execute(trx);
    await sql`create table if not exists schema_migrations (
      name text primary key,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`.execute(trx);
    const done = await sql<{ name: string; checksum: string }>`select name, checksum from schema_migrations`.execute(
      trx,
    );
    const applied = new Map(done.rows.map((r) => [r.name, r.checksum]));
    const ran: string[] = [];
    for (const file of files) {
      const previous = applied.get(file.name);
      if (previous !== undefined) {
        if (previous !== file.checksum) throw new MigrationChecksumError(file.name);
        continue;
      }
      await sql.raw(file.sql).execute(trx);
      await sql`insert into schema_migrations (name, checksum) values (${file.name}, ${file.checksum})`.execute(trx);
      ran.push(file.name);
    }
    return { applied: ran, alreadyApplied: applied.size };
  });
}

/**
 * Names of migration files not yet applied (for /healthz). One query, which also proves the database
 * answers; a database that was never migrated reports every file as pending.
 */
export async function pendingMigrations(
  db: Kysely<DB>,
  files = readMigrationFiles(),
): Promise<{ applied: number; pending: string[] }> {
  let names: Set<string>;
  try {
    const done = await sql<{ name: string }>`select name from schema_migrations`.execute(db);
    names = new Set(done.rows.map((r) => r.name));
  } catch (err) {
    if ((err as { code?: string }).code !== "42P01") throw err; // undefined_table: never migrated
    names = new Set();
  }
  return { applied: names.size, pending: files.filter((f) => !names.has(f.name)).map((f) => f.name) };
}
