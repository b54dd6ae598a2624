import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../../test-support/database.js";
import {
  compareSchemas,
  type DbColumn,
  readDatabaseColumns,
  readTypeScriptColumns,
  type TsColumn,
} from "../../test-support/schema-drift.js";
import { migrate, readMigrationFiles } from "./migrator.js";

/**
 * The hand-written table types (each module's db.ts, merged into `DB`) against what the migrations create,
 * on both drivers: a column added in a migration but not in db.ts, a nullability that differs, a
 * `Generated<>` without a default, or a type that does not map fails CI. Rules: test-support/schema-drift.ts.
 */

// One program for the real check and the synthetic cases (compiling is the slow part): the synthetic
// table is merged into DB only inside this program, and the real check leaves it out.
const SYNTHETIC_TS = `
import type { ColumnType, Generated } from "kysely";
export interface SyntheticThingsTable {
  id: Generated<number>;
  label: string;
  born: Date | null;
  tags: string[];
  doc: ColumnType<unknown, string, string> | null;
  bin: Buffer;
  flag: boolean;
  big: number;
  at: Generated<Date>;
  kind: "a" | "b";
}
declare module "../../platform/db/schema.js" {
  interface DB {
    synthetic_things: SyntheticThingsTable;
  }
}
`;
const SYNTHETIC_MIGRATION = `
alter table departments add column synthetic_note text not null default '';
alter table departments alter column name_en set not null;
alter table departments alter column region_code drop not null;
alter table departments alter column updated_at drop default;
create table synthetic_things (
  id    bigint generated always as identity primary key,
  label text not null,
  born  date,
  tags  text[] not null,
  doc   jsonb,
  bin   bytea not null,
  flag  boolean not null,
  big   int8 not null,
  at    timestamptz not null default now(),
  kind  text not null
);
create table synthetic_untyped (id int);
`;

describe("db.ts table types match the migrated database", () => {
  let db: TestDatabase;
  let dbColumns: DbColumn[];
  let tsColumns: TsColumn[];
  beforeAll(async () => {
    db = await openTestDatabase();
    dbColumns = await readDatabaseColumns(db.db);
    tsColumns = readTypeScriptColumns({ "modules/synthetic-drift/db.ts": SYNTHETIC_TS });
  });
  afterAll(() => db.dispose());

  const real = () => tsColumns.filter((c) => !c.table.startsWith("synthetic_"));

  it("every table and column, with compatible types, nullability and defaults", () => {
    expect(new Set(real().map((c) => c.table)).size).toBeGreaterThan(40);
    expect(real().length).toBeGreaterThan(300);
    expect(compareSchemas(dbColumns, real())).toEqual([]);
  });

  it("reads the types it compares: Generated, ColumnType, nullable jsonb, Buffer, arrays, literal unions", () => {
    const col = (table: string, column: string) => real().find((c) => c.table === table && c.column === column);
    expect(col("departments", "id")).toMatchObject({ kinds: ["string"], nullable: false, insertOptional: true });
    expect(col("departments", "name_en")).toMatchObject({ kinds: ["string"], nullable: true, insertOptional: false });
    expect(col("cases", "dept_ids")).toMatchObject({ kinds: ["array:string"], nullable: false });
    expect(col("cases", "form_data_enc")).toMatchObject({ kinds: ["bytes"], nullable: false });
    expect(col("case_pauses", "items")).toMatchObject({ kinds: ["json"], nullable: true, insertOptional: false });
    expect(col("licenses", "status")).toMatchObject({ kinds: ["string"], insertOptional: true });
    expect(col("cases", "supplement_used")).toMatchObject({ kinds: ["boolean"], insertOptional: true });
  });

  it("fails when a migration adds or changes a column that db.ts does not follow (synthetic migration)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yw-drift-"));
    fs.writeFileSync(path.join(dir, "20991231000000_synthetic_drift.sql"), SYNTHETIC_MIGRATION);
    const drifted = await openTestDatabase({ migrate: false });
    try {
      await migrate(drifted.db, [...readMigrationFiles(), ...readMigrationFiles(dir)]);
      const problems = compareSchemas(await readDatabaseColumns(drifted.db), tsColumns);
      expect(problems.sort()).toEqual(
        [
          "departments.synthetic_note: column missing in db.ts (string)",
          "departments.name_en: NOT NULL in the database, db.ts has | null",
          "departments.region_code: nullable in the database, db.ts lacks | null",
          "departments.updated_at: Generated<> in db.ts, but the database has no default (an insert without it fails)",
          "synthetic_things.born: database string, db.ts Date",
          "synthetic_untyped: table not declared in any db.ts",
        ].sort(),
      );
    } finally {
      await drifted.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fails when db.ts declares what the database lacks, or an identity column without Generated", () => {
    const base = dbColumns.filter((c) => c.table === "departments");
    const types = real().filter((c) => c.table === "departments");
    const ghost: TsColumn = {
      table: "departments",
      column: "ghost",
      kinds: ["string"],
      nullable: false,
      insertOptional: false,
    };
    const gone: TsColumn = {
      table: "gone_table",
      column: "id",
      kinds: ["string"],
      nullable: false,
      insertOptional: false,
    };
    const identity = base.map((c) => (c.column === "id" ? { ...c, assigned: true } : c));
    const idRequired = types.map((c) => (c.column === "id" ? { ...c, insertOptional: false } : c));
    expect(compareSchemas(base, [...types, ghost, gone]).sort()).toEqual([
      "departments.ghost: declared in db.ts, not in the database",
      "gone_table: declared in db.ts, not in the database",
    ]);
    expect(compareSchemas(identity, idRequired)).toEqual([
      "departments.id: the database assigns it (identity/serial/generated), db.ts lacks Generated<>",
    ]);
  });
});
