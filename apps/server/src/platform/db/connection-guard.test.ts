import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../../test-support/database.js";
import { SecondConnectionError } from "./connection-guard.js";

/**
 * The one-connection rule on the driver under test (PGlite, and PostgreSQL when TEST_DATABASE_URL is
 * set). Before the guard, the first case hung on PGlite until the test timed out and on PostgreSQL read
 * outside the transaction (the count below came out 0).
 */
describe("one connection per transaction", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase({ migrate: false });
    await sql`create table guard_probe (x int)`.execute(t.db);
  });
  afterAll(() => t.dispose());

  it("refuses the root db inside an open transaction, naming the call site, and rolls back", async () => {
    const attempt = t.db.transaction().execute(async (trx) => {
      await trx
        .insertInto("guard_probe" as never)
        .values({ x: 1 } as never)
        .execute();
      // The mistake: `t.db` instead of `trx`.
      return sql<{ n: number }>`select count(*)::int as n from guard_probe`.execute(t.db);
    });
    const error = await attempt.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SecondConnectionError);
    const message = (error as Error).message;
    expect(message).toMatch(/second database connection/);
    expect(message).toContain("connection-guard.test.ts"); // both the call site and where the transaction began
    expect(message.match(/connection-guard\.test\.ts/g)?.length).toBe(2);
    // The transaction rolled back: nothing half-written.
    expect((await sql<{ n: number }>`select count(*)::int as n from guard_probe`.execute(t.db)).rows[0]?.n).toBe(0);
  });

  it("refuses a nested transaction on the root db too", async () => {
    await expect(
      t.db.transaction().execute(async () => t.db.transaction().execute(async () => 1)),
    ).rejects.toBeInstanceOf(SecondConnectionError);
  });

  it("allows the transaction's own queries, parallel queries on trx, and isolation levels", async () => {
    const n = await t.db
      .transaction()
      .setIsolationLevel("serializable")
      .execute(async (trx) => {
        await trx
          .insertInto("guard_probe" as never)
          .values({ x: 2 } as never)
          .execute();
        const [a, b] = await Promise.all([
          sql<{ n: number }>`select count(*)::int as n from guard_probe`.execute(trx),
          sql<{ n: number }>`select 1 as n`.execute(trx),
        ]);
        return (a.rows[0]?.n ?? 0) + (b.rows[0]?.n ?? 0);
      });
    expect(n).toBe(2);
  });

  it("allows independent transactions at once and the root db after a transaction ends", async () => {
    let later: Promise<unknown> = Promise.resolve();
    const results = await Promise.all(
      [3, 4, 5].map((x) =>
        t.db.transaction().execute(async (trx) => {
          await trx
            .insertInto("guard_probe" as never)
            .values({ x } as never)
            .execute();
          return x;
        }),
      ),
    );
    expect(results).toEqual([3, 4, 5]);
    let committed!: () => void;
    const afterCommit = new Promise<void>((resolve) => {
      committed = resolve;
    });
    await t.db.transaction().execute(async () => {
      // Registered inside (so it carries the transaction's async context), runs after the commit.
      later = afterCommit.then(() => sql<{ n: number }>`select count(*)::int as n from guard_probe`.execute(t.db));
    });
    committed();
    const counted = (await later) as { rows: { n: number }[] };
    expect(counted.rows[0]?.n).toBe(4);
  });

  it("refuses an isolation-level transaction's misuse as well", async () => {
    await expect(
      t.db
        .transaction()
        .setIsolationLevel("read committed")
        .execute(async () => sql`select 1`.execute(t.db)),
    ).rejects.toBeInstanceOf(SecondConnectionError);
  });
});
