import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../../test-support/database.js";
import { MigrationChecksumError, migrate, pendingMigrations, readMigrationFiles } from "./migrator.js";

describe("SQL migrations", () => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.dispose();
    db = undefined;
  });

  it("apply once; a second run is a no-op", async () => {
    db = await openTestDatabase({ migrate: false });
    const files = readMigrationFiles();
    expect((await pendingMigrations(db.db)).pending).toEqual(files.map((f) => f.name));
    const first = await migrate(db.db);
    expect(first.applied).toEqual(files.map((f) => f.name));
    expect(first.alreadyApplied).toBe(0);
    const second = await migrate(db.db);
    expect(second).toEqual({ applied: [], alreadyApplied: files.length });
    expect(await pendingMigrations(db.db)).toEqual({ applied: files.length, pending: [] });
  });

  it("two concurrent runs apply each file exactly once", async () => {
    db = await openTestDatabase({ migrate: false });
    const [a, b] = await Promise.all([migrate(db.db), migrate(db.db)]);
    expect([...a.applied, ...b.applied].sort()).toEqual(readMigrationFiles().map((f) => f.name));
    const rows = await sql<{ n: number }>`select count(*)::int as n from schema_migrations`.execute(db.db);
    expect(rows.rows[0].n).toBe(readMigrationFiles().length);
  });

  it("a failing migration leaves nothing behind (all pending files run in one transaction)", async () => {
    db = await openTestDatabase({ migrate: false });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yw-mig-"));
    fs.writeFileSync(path.join(dir, "20990101000000_good.sql"), "create table t_good (id int);");
    fs.writeFileSync(
      path.join(dir, "20990101000001_bad.sql"),
      "create table t_bad (id int); select no_such_function();",
    );
    await expect(migrate(db.db, readMigrationFiles(dir))).rejects.toThrow();
    const t = await sql<{ t: string | null }>`select to_regclass('t_good')::text as t`.execute(db.db);
    expect(t.rows[0].t).toBeNull();
  });

  it("refuses to run when an applied migration was edited", async () => {
    db = await openTestDatabase({ migrate: false });
    const files = readMigrationFiles();
    await migrate(db.db, files);
    const edited = files.map((f, i) => (i === 0 ? { ...f, checksum: "0".repeat(64) } : f));
    await expect(migrate(db.db, edited)).rejects.toBeInstanceOf(MigrationChecksumError);
  });
});
