import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createScratchDatabase,
  openTestDatabase,
  type TestDatabase,
  testDatabaseUrl,
} from "../../test-support/database.js";
import { gate } from "../../test-support/gate.js";
import { TestClock } from "../clock/clock.js";
import { openDatabase } from "../db/database.js";
import { migrate } from "../db/migrator.js";
import { type Job, JobQueue } from "./jobs.js";

const T0 = new Date("2026-03-02T01:00:00Z");

describe("jobs: durable timers in PostgreSQL", () => {
  let d: TestDatabase;
  let clock: TestClock;
  beforeAll(async () => {
    d = await openTestDatabase();
    await sql`create table job_effects (key text not null, note text)`.execute(d.db);
  });
  afterAll(() => d.dispose());
  afterEach(async () => {
    await sql`delete from jobs`.execute(d.db);
    await sql`delete from job_effects`.execute(d.db);
  });
  const fresh = () => {
    clock = new TestClock(T0);
    return new JobQueue(d.db, clock, { backoffBaseMs: 1000, backoffMaxMs: 60_000 });
  };
  const effects = async () =>
    (await sql<{ key: string; note: string | null }>`select key, note from job_effects order by key`.execute(d.db))
      .rows;

  it("runs a job when it is due, in the schedule's transaction only if that committed", async () => {
    const q = fresh();
    const seen: Job[] = [];
    q.register("t.ping", async (job, trx) => {
      seen.push(job);
      await sql`insert into job_effects (key, note) values (${job.key}, ${String(job.payload.n)})`.execute(trx);
    });
    await d.db
      .transaction()
      .execute((trx) => q.schedule(trx, { kind: "t.ping", key: "a", runAt: T0, payload: { n: 1 } }));
    await d.db
      .transaction()
      .execute(async (trx) => {
        await q.schedule(trx, { kind: "t.ping", key: "b", runAt: T0 });
        throw new Error("the state change failed");
      })
      .catch(() => {});
    await q.schedule(d.db, { kind: "t.ping", key: "later", runAt: new Date(T0.getTime() + 60_000) });

    expect(await q.runDue()).toBe(1);
    expect(seen).toEqual([
      { id: expect.any(String), kind: "t.ping", key: "a", payload: { n: 1 }, attempts: 0, runAt: T0 },
    ]);
    expect(await effects()).toEqual([{ key: "a", note: "1" }]);
    expect(await q.runDue()).toBe(0);

    clock.advance(60_000);
    expect(await q.runDue()).toBe(1);
    expect((await effects()).map((e) => e.key)).toEqual(["a", "later"]);
    expect(await q.pending("t.ping")).toEqual([]);
  });

  it("upserts on (kind, key): the new run_at and payload replace the old and attempts restart", async () => {
    const q = fresh();
    let fail = true;
    q.register("t.up", async (job, trx) => {
      if (fail) throw new Error("boom");
      await sql`insert into job_effects (key, note) values (${job.key}, ${String(job.payload.v)})`.execute(trx);
    });
    await q.schedule(d.db, { kind: "t.up", key: "k", runAt: T0, payload: { v: "old" } });
    const [before] = await q.pending("t.up");
    await q.runDue();
    expect((await q.pending("t.up"))[0]).toMatchObject({ attempts: 1, lastError: "Error: boom" });

    const later = new Date(T0.getTime() + 3_600_000);
    await q.schedule(d.db, { kind: "t.up", key: "k", runAt: later, payload: { v: "new" } });
    const rows = await q.pending("t.up");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ runAt: later, payload: { v: "new" }, attempts: 0, lastError: null });
    expect(rows[0]?.id).not.toBe(before?.id);

    fail = false;
    clock.set(later);
    expect(await q.runDue()).toBe(1);
    expect(await effects()).toEqual([{ key: "k", note: "new" }]);

    await q.schedule(d.db, { kind: "t.up", key: "gone", runAt: T0 });
    await q.cancel(d.db, "t.up", "gone");
    await q.cancel(d.db, "t.up", "never-existed");
    expect(await q.pending("t.up")).toEqual([]);
  });

  it("a handler that throws after writing leaves nothing written; the job is retried with backoff", async () => {
    const q = fresh();
    let calls = 0;
    q.register("t.crash", async (job, trx) => {
      calls++;
      await sql`insert into job_effects (key, note) values (${job.key}, ${`attempt ${job.attempts}`})`.execute(trx);
      if (job.attempts < 2) throw new Error(`crash ${job.attempts}`);
    });
    await q.schedule(d.db, { kind: "t.crash", key: "c", runAt: T0 });

    expect(await q.runDue()).toBe(1);
    expect(await effects()).toEqual([]);
    const [p1] = await q.pending("t.crash");
    expect(p1).toMatchObject({ attempts: 1, lastError: "Error: crash 0", runAt: new Date(T0.getTime() + 1000) });

    expect(await q.runDue()).toBe(0); // not yet: backoff
    clock.advance(1000);
    expect(await q.runDue()).toBe(1);
    const [p2] = await q.pending("t.crash");
    expect(p2).toMatchObject({ attempts: 2, runAt: new Date(T0.getTime() + 1000 + 2000) }); // doubled

    clock.advance(2000);
    expect(await q.runDue()).toBe(1);
    expect(await effects()).toEqual([{ key: "c", note: "attempt 2" }]);
    expect(await q.pending("t.crash")).toEqual([]);
    expect(calls).toBe(3);
  });

  it("a handler whose SQL fails (aborted transaction) is rolled back and retried; the backoff is capped", async () => {
    const q = fresh();
    q.register(
      "t.sqlerr",
      async (_job, trx) => {
        await sql`insert into job_effects (key) values ('partial')`.execute(trx);
        await sql`select 1 / 0`.execute(trx);
      },
      { maxAttempts: 100 }, // not what this test is about
    );
    await q.schedule(d.db, { kind: "t.sqlerr", key: "x", runAt: T0 });
    for (let i = 0; i < 10; i++) {
      expect(await q.runDue()).toBe(1);
      clock.advance(60_000);
    }
    const [p] = await q.pending("t.sqlerr");
    expect(p?.attempts).toBe(10);
    expect(p?.lastError).toMatch(/division by zero/);
    expect(p?.runAt.getTime()).toBe(clock.now().getTime()); // capped at 60 s (backoffMaxMs)
    expect(await effects()).toEqual([]);
  });

  it("a job that always fails is dead after exactly its kind's maxAttempts runs and is never claimed again", async () => {
    const q = fresh();
    let calls = 0;
    q.register(
      "t.doomed",
      async (job, trx) => {
        calls++;
        await sql`insert into job_effects (key, note) values (${job.key}, 'written')`.execute(trx);
        throw new Error(`still broken (${job.attempts})`);
      },
      { maxAttempts: 3 },
    );
    await q.schedule(d.db, { kind: "t.doomed", key: "d", runAt: T0 });
    expect(await q.runDue()).toBe(1); // attempt 1 at T0, retry at +1 s
    clock.advance(1000);
    expect(await q.runDue()).toBe(1); // attempt 2, retry 2 s later
    clock.advance(2000);
    expect(await q.runDue()).toBe(1); // attempt 3: the last
    expect(calls).toBe(3);
    expect(await q.pending("t.doomed")).toEqual([]);
    const [row] = await d.db.selectFrom("jobs").selectAll().where("kind", "=", "t.doomed").execute();
    expect(row).toMatchObject({
      key: "d",
      attempts: 3,
      last_error: "Error: still broken (2)",
      dead_at: clock.now(),
      run_at: new Date(T0.getTime() + 3000), // the due time of the last attempt
    });

    clock.advance(24 * 3_600_000);
    expect(await q.runDue()).toBe(0);
    expect(calls).toBe(3);
    expect(await effects()).toEqual([]);
  });

  it("kinds without their own maxAttempts get the queue's; scheduling a dead job's key again replaces it", async () => {
    clock = new TestClock(T0);
    const q = new JobQueue(d.db, clock, { backoffBaseMs: 1000, maxAttempts: 2 });
    let fail = true;
    q.register("t.default", async (job, trx) => {
      if (fail) throw new Error("down");
      await sql`insert into job_effects (key, note) values (${job.key}, ${String(job.payload.v)})`.execute(trx);
    });
    await q.schedule(d.db, { kind: "t.default", key: "k", runAt: T0, payload: { v: "old" } });
    await q.runDue();
    clock.advance(1000);
    await q.runDue();
    const dead = await d.db.selectFrom("jobs").selectAll().executeTakeFirstOrThrow();
    expect(dead).toMatchObject({ attempts: 2, dead_at: clock.now() });

    fail = false;
    await q.schedule(d.db, { kind: "t.default", key: "k", runAt: clock.now(), payload: { v: "new" } });
    const [again] = await q.pending("t.default");
    expect(again).toMatchObject({ attempts: 0, lastError: null, payload: { v: "new" } });
    expect(again?.id).not.toBe(dead.id);
    expect(await q.runDue()).toBe(1);
    expect(await effects()).toEqual([{ key: "k", note: "new" }]);

    // cancel removes a dead job too
    fail = true;
    await q.schedule(d.db, { kind: "t.default", key: "c", runAt: clock.now() });
    await q.runDue();
    clock.advance(1000);
    await q.runDue();
    expect(await d.db.selectFrom("jobs").select("dead_at").where("key", "=", "c").executeTakeFirst()).toEqual({
      dead_at: clock.now(),
    });
    await q.cancel(d.db, "t.default", "c");
    expect(await d.db.selectFrom("jobs").selectAll().execute()).toEqual([]);
  });

  it("refuses a maxAttempts that is not a positive integer", () => {
    expect(() => fresh().register("t.bad", async () => {}, { maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => fresh().register("t.bad", async () => {}, { maxAttempts: 1.5 })).toThrow(/maxAttempts/);
    expect(() => new JobQueue(d.db, clock, { maxAttempts: -1 })).toThrow(/maxAttempts/);
  });

  it("reschedules when the handler asks, and keeps a job the handler scheduled again under its own key", async () => {
    const q = fresh();
    const runs: number[] = [];
    q.register("t.tick", async () => {
      runs.push(clock.now().getTime());
      if (runs.length < 3) return { reschedule: new Date(clock.now().getTime() + 10_000) };
    });
    q.register("t.chain", async (job, trx) => {
      const n = Number(job.payload.n);
      if (n < 3) await q.schedule(trx, { kind: "t.chain", key: job.key, runAt: clock.now(), payload: { n: n + 1 } });
      await sql`insert into job_effects (key, note) values (${job.key}, ${String(n)})`.execute(trx);
    });
    await q.schedule(d.db, { kind: "t.tick", key: "t", runAt: T0 });
    await q.schedule(d.db, { kind: "t.chain", key: "ch", runAt: T0, payload: { n: 1 } });

    await q.runDue();
    clock.advance(10_000);
    await q.runDue();
    clock.advance(10_000);
    await q.runDue();
    clock.advance(10_000);
    expect(await q.runDue()).toBe(0);
    const t0 = T0.getTime();
    expect(runs).toEqual([t0, t0 + 10_000, t0 + 20_000]);
    expect(await q.pending("t.tick")).toEqual([]);
    // the chain ran 1 → 2 → 3 within the first runDue (each new scheduling was due at once)
    expect((await effects()).map((e) => e.note)).toEqual(["1", "2", "3"]);
    expect(await q.pending("t.chain")).toEqual([]);
  });

  it("leaves jobs of kinds nobody registered alone", async () => {
    const q = fresh();
    q.register("t.known", async () => {});
    await q.schedule(d.db, { kind: "t.unknown", key: "u", runAt: T0 });
    expect(await q.runDue()).toBe(0);
    expect(await q.pending("t.unknown")).toHaveLength(1);
    expect(() => q.register("t.known", async () => {})).toThrow(/already registered/);
  });

  it("start() polls for due jobs and stop() waits for the run in flight", async () => {
    const q = fresh();
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let started = false;
    let finished = false;
    q.register("t.slow", async (job, trx) => {
      started = true;
      await gate;
      await sql`insert into job_effects (key) values (${job.key})`.execute(trx);
      finished = true;
    });
    await q.schedule(d.db, { kind: "t.slow", key: "s", runAt: T0 });
    q.start({ intervalMs: 10 });
    await expect.poll(() => started, { timeout: 5000 }).toBe(true);
    const stopping = q.stop();
    setTimeout(release, 50);
    await stopping;
    expect(finished).toBe(true);
    expect(await effects()).toEqual([{ key: "s", note: null }]);
  });
});

// Two processes (two JobQueues on two separate connection pools) racing over the same due jobs.
describe.skipIf(!testDatabaseUrl())("jobs: exactly once across processes (PostgreSQL)", () => {
  it("runs each of 50 due jobs exactly once with two queues on separate connections", async () => {
    const scratch = await createScratchDatabase(testDatabaseUrl() as string, "yiwang_jobs");
    const a = await openDatabase({ databaseUrl: scratch.url, poolSize: 4 });
    const b = await openDatabase({ databaseUrl: scratch.url, poolSize: 4 });
    try {
      await Promise.all([migrate(a.db), migrate(b.db)]);
      await sql`create table job_effects (key text not null, worker text not null)`.execute(a.db);
      const clock = new TestClock(T0);
      const queues = [new JobQueue(a.db, clock), new JobQueue(b.db, clock)];
      for (const [i, q] of queues.entries()) {
        q.register("race", async (job, trx) => {
          await sql`insert into job_effects (key, worker) values (${job.key}, ${`w${i}`})`.execute(trx);
          await new Promise((r) => setTimeout(r, Math.random() * 5));
        });
      }
      await a.db.transaction().execute(async (trx) => {
        for (let i = 0; i < 50; i++) await queues[0]?.schedule(trx, { kind: "race", key: `j${i}`, runAt: T0 });
      });
      // Three concurrent runners per process.
      const counts = await Promise.all(queues.flatMap((q) => [q.runDue(100), q.runDue(100), q.runDue(100)]));
      expect(counts.reduce((x, y) => x + y, 0)).toBe(50);
      const rows = (
        await sql<{ key: string; n: number; workers: string }>`
        select key, count(*)::int as n, string_agg(distinct worker, ',') as workers from job_effects group by key`.execute(
          a.db,
        )
      ).rows;
      expect(rows).toHaveLength(50);
      expect(rows.every((r) => r.n === 1)).toBe(true);
      // both processes did some of the work
      expect(new Set(rows.map((r) => r.workers)).size).toBe(2);
      expect(Number((await sql<{ n: string }>`select count(*) as n from jobs`.execute(a.db)).rows[0]?.n)).toBe(0);
    } finally {
      await a.close();
      await b.close();
      await scratch.drop();
    }
  });

  it("with concurrency 3 a queue runs three parallel-safe jobs at once, each in its own transaction, `limit` bounding them all; other kinds one at a time", async () => {
    const scratch = await createScratchDatabase(testDatabaseUrl() as string, "yiwang_jobs");
    const d = await openDatabase({ databaseUrl: scratch.url, poolSize: 5 });
    try {
      await migrate(d.db);
      await sql`create table job_effects (key text not null, backend int not null)`.execute(d.db);
      const q = new JobQueue(d.db, new TestClock(T0), { concurrency: 3 });
      let inFlight = 0;
      let most = 0;
      const three = gate();
      q.register(
        "par",
        async (job, trx) => {
          most = Math.max(most, ++inFlight);
          if (inFlight === 3) three.open();
          await three.p; // a queue running one job at a time never gets past here: the test times out
          await sql`insert into job_effects (key, backend) values (${job.key}, pg_backend_pid())`.execute(trx);
          inFlight--;
        },
        { parallel: true },
      );
      let seqInFlight = 0;
      let seqMost = 0;
      q.register("seq", async (job, trx) => {
        seqMost = Math.max(seqMost, ++seqInFlight);
        await sql`insert into job_effects (key, backend) values (${job.key}, pg_backend_pid())`.execute(trx);
        seqInFlight--;
      });
      await d.db.transaction().execute(async (trx) => {
        for (let i = 0; i < 7; i++) await q.schedule(trx, { kind: "par", key: `j${i}`, runAt: T0 });
      });
      expect(await q.runDue(5)).toBe(5);
      expect(most).toBe(3);
      const rows = (await sql<{ key: string; backend: number }>`select * from job_effects`.execute(d.db)).rows;
      expect(rows).toHaveLength(5);
      expect(new Set(rows.map((r) => r.backend)).size).toBeGreaterThanOrEqual(3); // three connections
      expect(await q.runDue(10)).toBe(2);
      await d.db.transaction().execute(async (trx) => {
        for (let i = 0; i < 4; i++) await q.schedule(trx, { kind: "seq", key: `s${i}`, runAt: T0 });
      });
      expect(await q.runDue(10)).toBe(4);
      expect(seqMost).toBe(1);
      expect(Number((await sql<{ n: string }>`select count(*) as n from jobs`.execute(d.db)).rows[0]?.n)).toBe(0);
    } finally {
      await d.close();
      await scratch.drop();
    }
  }, 15_000);
});
