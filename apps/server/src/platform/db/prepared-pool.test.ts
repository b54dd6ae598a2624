import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase, testDatabaseUrl } from "../../test-support/database.js";
import { preparingPool } from "./prepared-pool.js";

/**
 * Statements that repeat are prepared once per connection (named), one-off texts and commands are not, the
 * number of names is bounded, and a prepared `select *` whose table another node altered fails once and
 * then parses afresh. One connection, so what pg_prepared_statements lists is what our statements left.
 */
describe.skipIf(!testDatabaseUrl())("PostgreSQL: prepared statements for repeating texts", () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let pool: pg.Pool;
  let db: Kysely<Record<string, Record<string, unknown>>>;
  const prepared = async () =>
    (
      await sql<{ statement: string }>`select statement from pg_prepared_statements order by statement`.execute(db)
    ).rows.filter((r) => !r.statement.includes("pg_prepared_statements")); // itself, named from its second call

  beforeAll(async () => {
    scratch = await createScratchDatabase(testDatabaseUrl() as string, "yiwang_prepared");
    pool = new pg.Pool({ connectionString: scratch.url, max: 1 });
    db = new Kysely({ dialect: new PostgresDialect({ pool: preparingPool(pool, 3) }) });
    await sql`create table things (id int primary key, label text)`.execute(db);
    await sql`insert into things values (1, 'one'), (2, 'two')`.execute(db);
  });
  afterAll(async () => {
    await db.destroy();
    await scratch.drop();
  });

  it("names a text on its second call, and never a command or a one-off", async () => {
    const byId = (id: number) => db.selectFrom("things").select("label").where("id", "=", id).executeTakeFirst();
    expect(await byId(1)).toEqual({ label: "one" });
    expect(await prepared()).toEqual([]);
    expect(await byId(2)).toEqual({ label: "two" });
    expect(await byId(1)).toEqual({ label: "one" });
    const named = await prepared();
    expect(named.map((r) => r.statement)).toEqual([expect.stringContaining('from "things"')]);

    await db.transaction().execute(async (trx) => {
      await sql`set local statement_timeout = 5000`.execute(trx);
      await sql`set local statement_timeout = 5000`.execute(trx);
    });
    await sql`select 42 as once`.execute(db);
    const after = (await prepared()).map((r) => r.statement);
    expect(after.some((s) => /begin|commit|statement_timeout|42 as once/i.test(s))).toBe(false);
  });

  it("names at most the configured number of texts", async () => {
    for (let i = 0; i < 6; i++)
      for (let k = 0; k < 2; k++) await sql.raw(`select ${i} as n${i} from things limit 1`).execute(db);
    expect((await prepared()).length).toBeLessThanOrEqual(3);
  });

  it("a prepared select * of a table changed meanwhile fails once, then reads the new shape", async () => {
    const fresh = new pg.Pool({ connectionString: scratch.url, max: 1 });
    const other = new Kysely<Record<string, Record<string, unknown>>>({
      dialect: new PostgresDialect({ pool: preparingPool(fresh, 10) }),
    });
    try {
      const all = () => other.selectFrom("things").selectAll().where("id", "=", 1).executeTakeFirst();
      await all();
      await all(); // now prepared
      expect(await all()).toEqual({ id: 1, label: "one" });
      // Another node's migration.
      await sql`alter table things add column note text`.execute(db);
      await expect(all()).rejects.toMatchObject({ code: "0A000" });
      await all(); // a new generation's name: seen once
      expect(await all()).toEqual({ id: 1, label: "one", note: null });
    } finally {
      await other.destroy();
    }
  });
});
