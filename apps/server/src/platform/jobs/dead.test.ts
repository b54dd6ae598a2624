import type { DeadJobList, RetriedJob } from "@yiwang/contracts";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, loginAs } from "../../test-support/identity.js";
import { TestClock } from "../clock/clock.js";

/**
 * The dead letter end to end, with the app's default backoff (5 s, doubling): a job whose handler always
 * fails is dead after exactly its kind's attempts, is not run again, shows in the admin API with its last
 * error and in /metrics, and a platform admin's re-run (audited) puts it back so that it runs again.
 */

const T0 = new Date("2026-03-02T01:00:00Z");

describe("jobs: dead letter, admin API and metric", () => {
  const clock = new TestClock(T0);
  let t: TestApp;
  let admin: Headers;
  let auditor: Headers;
  const broken = { fail: true, calls: 0 };
  beforeAll(async () => {
    t = await createTestApp({ clock });
    const { jobs, events, db } = t.app.platform;
    await sql`create table dead_effects (key text not null)`.execute(db);
    jobs.register(
      "t.broken",
      async (job, trx) => {
        broken.calls++;
        await sql`insert into dead_effects values (${job.key})`.execute(trx);
        if (broken.fail) throw new Error(`upstream down (attempt ${job.attempts + 1})`);
      },
      { maxAttempts: 3 },
    );
    jobs.register(
      "t.once",
      async () => {
        throw new TypeError("bad payload");
      },
      { maxAttempts: 1 },
    );
    events.subscribe(
      "test.fragile",
      ["thing.happened"],
      async () => {
        throw new Error("subscriber down");
      },
      { maxAttempts: 2 },
    );
    admin = await loginAs(t, "platform_admin");
    auditor = await loginAs(t, "auditor");
  });
  afterAll(() => t.close());

  const list = async (query = "") => {
    const res = await t.app.inject({ method: "GET", url: `/api/admin/jobs/dead${query}`, headers: admin });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as DeadJobList;
  };
  const metric = async () =>
    (await t.app.inject({ method: "GET", url: "/metrics" })).body.split("\n").filter((l) => l.startsWith("jobs_dead"));
  const effects = async () =>
    (await sql<{ key: string }>`select key from dead_effects`.execute(t.app.platform.db)).rows.map((r) => r.key);
  let brokenId: string;

  it("a job whose handler always fails is dead after exactly its kind's 3 attempts and is not run again", async () => {
    const { db, jobs } = t.app.platform;
    await db.transaction().execute((trx) => jobs.schedule(trx, { kind: "t.broken", key: "b1", runAt: T0 }));
    expect(await jobs.runDue()).toBe(1);
    expect(await jobs.runDue()).toBe(0); // backing off
    clock.advance(5_000);
    expect(await jobs.runDue()).toBe(1);
    clock.advance(9_999);
    expect(await jobs.runDue()).toBe(0); // doubled: 10 s
    clock.advance(1);
    expect(await jobs.runDue()).toBe(1);
    expect(broken.calls).toBe(3);
    expect(await jobs.pending("t.broken")).toEqual([]);

    clock.advance(3_600_000);
    expect(await jobs.runDue()).toBe(0);
    expect(broken.calls).toBe(3);
    expect(await effects()).toEqual([]); // every attempt's writes rolled back
  });

  it("platform admins list it with its last error; the list pages and filters by kind", async () => {
    const { db, jobs, events } = t.app.platform;
    await db.transaction().execute(async (trx) => {
      await jobs.schedule(trx, { kind: "t.once", key: "o1", runAt: clock.now() });
      await jobs.schedule(trx, { kind: "t.once", key: "o2", runAt: clock.now() });
      await jobs.schedule(trx, {
        kind: "t.broken",
        key: "still-pending",
        runAt: new Date(clock.now().getTime() + 1e9),
      });
    });
    expect(await jobs.runDue()).toBe(2);

    const all = await list();
    expect(all.total).toBe(3);
    expect(all.kinds).toEqual([
      { kind: "t.broken", count: 1 },
      { kind: "t.once", count: 2 },
    ]);
    const b1 = all.items.find((j) => j.key === "b1");
    expect(b1).toEqual({
      id: expect.any(String),
      kind: "t.broken",
      key: "b1",
      attempts: 3,
      lastError: "Error: upstream down (attempt 3)",
      runAt: new Date(T0.getTime() + 15_000).toISOString(),
      deadAt: new Date(T0.getTime() + 15_000).toISOString(),
      createdAt: T0.toISOString(),
    });
    brokenId = b1?.id as string;
    expect(all.items[0]?.kind).toBe("t.once"); // newest first

    const page1 = await list("?kind=t.once&limit=1");
    const page2 = await list("?kind=t.once&limit=1&offset=1");
    expect([page1.total, page2.total]).toEqual([2, 2]);
    expect([...page1.items, ...page2.items].map((j) => j.key).sort()).toEqual(["o1", "o2"]);
    expect(page1.items[0]?.lastError).toBe("TypeError: bad payload");
    expect((await list("?kind=t.nothing")).items).toEqual([]);

    // An event delivery gets its subscriber's own maximum.
    const eventId = await db
      .transaction()
      .execute((trx) => events.publish(trx, { type: "thing.happened", subject: "thing:1", payload: {} }));
    await jobs.runDue();
    clock.advance(5_000);
    await jobs.runDue();
    expect((await list("?kind=event:test.fragile")).items).toMatchObject([
      { key: eventId, attempts: 2, lastError: "Error: subscriber down" },
    ]);
  });

  it("/metrics counts dead jobs by kind", async () => {
    expect(await metric()).toEqual(
      expect.arrayContaining([
        'jobs_dead{kind="t.broken"} 1',
        'jobs_dead{kind="t.once"} 2',
        'jobs_dead{kind="event:test.fragile"} 1',
      ]),
    );
  });

  it("a re-run puts it back to pending (audited) and it runs — and succeeds once the handler does", async () => {
    const { jobs, audit } = t.app.platform;
    broken.fail = false;
    const res = await t.app.inject({ method: "POST", url: `/api/admin/jobs/${brokenId}/retry`, headers: admin });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json() as RetriedJob).toEqual({
      id: brokenId,
      kind: "t.broken",
      key: "b1",
      attempts: 0,
      runAt: clock.now().toISOString(),
    });
    expect(await jobs.pending("t.broken")).toMatchObject([
      { id: brokenId, key: "b1", attempts: 0 },
      { key: "still-pending" },
    ]);
    expect((await list()).items.map((j) => j.key)).not.toContain("b1");
    expect((await metric()).filter((l) => l.includes('kind="t.broken"'))).toEqual([]);

    await audit.flush();
    const entries = (await audit.repo.search({ type: "job.retried", limit: 10, offset: 0 })).map((r) =>
      JSON.parse(r.entry.toString()),
    );
    expect(entries).toMatchObject([
      { type: "job.retried", actor: expect.stringMatching(/^staff:/), subject: `job:${brokenId}` },
    ]);

    expect(await jobs.runDue()).toBe(1);
    expect(broken.calls).toBe(4);
    expect(await effects()).toEqual(["b1"]);
    expect(await jobs.pending("t.broken")).toMatchObject([{ key: "still-pending" }]);
    // It completed, so it is gone: nothing to re-run any more.
    const gone = await t.app.inject({ method: "POST", url: `/api/admin/jobs/${brokenId}/retry`, headers: admin });
    expect([gone.statusCode, gone.json().code]).toEqual([404, "JOB_NOT_FOUND"]);
  });

  it("re-running is refused for a job that is not dead (409), an unknown id (404), and roles other than platform admin", async () => {
    const [pending] = await t.app.platform.jobs.pending("t.broken");
    const retry = (id: string, headers?: Headers) =>
      t.app.inject({ method: "POST", url: `/api/admin/jobs/${id}/retry`, headers });
    const notDead = await retry(pending?.id as string, admin);
    expect([notDead.statusCode, notDead.json().code]).toEqual([409, "JOB_NOT_DEAD"]);
    const unknown = await retry("00000000-0000-4000-8000-000000000000", admin);
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, "JOB_NOT_FOUND"]);
    expect((await retry("not-a-uuid", admin)).statusCode).toBe(400);

    const [dead] = (await list("?kind=t.once")).items;
    expect((await retry(dead?.id as string)).statusCode).toBe(401);
    const asAuditor = await retry(dead?.id as string, auditor);
    expect([asAuditor.statusCode, asAuditor.json().code]).toEqual([403, "FORBIDDEN"]);
    const listAsAuditor = await t.app.inject({ method: "GET", url: "/api/admin/jobs/dead", headers: auditor });
    expect(listAsAuditor.statusCode).toBe(403);
    expect((await list("?kind=t.once")).total).toBe(2); // nothing changed
  });

  it("two admins re-running the same dead job at once: one succeeds, the other gets 409", async () => {
    const [dead] = (await list("?kind=t.once")).items;
    const retry = () => t.app.inject({ method: "POST", url: `/api/admin/jobs/${dead?.id}/retry`, headers: admin });
    const answers = await Promise.all([retry(), retry()]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect((await list("?kind=t.once")).total).toBe(1);
    expect(await t.app.platform.jobs.pending("t.once")).toMatchObject([{ id: dead?.id, attempts: 0 }]);
  });
});
