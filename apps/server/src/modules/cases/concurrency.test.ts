import type { CaseDetail } from "@yiwang/contracts";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testDatabaseUrl } from "../../test-support/database.js";
import { gate } from "../../test-support/gate.js";
import type { Headers } from "../../test-support/identity.js";
import { act, draftCase, enterpriseApplicant, fileCase, seedCity, staffOf } from "./testing.js";

/** Acceptance 3: two staff acting on one case at once — exactly one wins, the other gets 409. */
describe("cases: optimistic locking", () => {
  let t: TestApp;
  let applicant: Headers;
  let clerk: Headers;
  let approverA: Headers;
  let approverB: Headers;

  beforeAll(async () => {
    t = await createTestApp();
    await seedCity(t);
    applicant = await enterpriseApplicant(t);
    clerk = await staffOf(t, "window_clerk", "amr");
    approverA = await staffOf(t, "approver", "amr");
    approverB = await staffOf(t, "approver", "amr");
  });
  afterAll(() => t.close());

  async function atDecision(): Promise<CaseDetail> {
    let c = await fileCase(t, applicant, "990100-XK-001");
    c = (await act(t, clerk, c, "accept")).json();
    c = (await act(t, approverA, c, "pass")).json();
    expect(c.status).toBe("accepted");
    return c;
  }

  it("two concurrent decisions: one succeeds, one gets 409, the history has one decision", async () => {
    for (let round = 0; round < 5; round++) {
      const c = await atDecision();
      const [a, b] = await Promise.all([
        act(t, approverA, c, "approve", { comment: "准予" }),
        act(t, approverB, c, "deny", { reason: "不予" }),
      ]);
      const codes = [a.statusCode, b.statusCode].sort();
      expect(codes, `${a.body} | ${b.body}`).toEqual([200, 409]);
      const loser = a.statusCode === 409 ? a : b;
      expect(["CASE_VERSION_CONFLICT", "CASE_TASK_CLAIMED"]).toContain(loser.json().code);
      const final = (
        await t.app.inject({ method: "GET", url: `/api/cases/${c.id}`, headers: approverA })
      ).json() as CaseDetail;
      const decisions = final.history.filter((h) => h.type === "approved" || h.type === "denied");
      expect(decisions).toHaveLength(1);
      expect(final.status).toBe(decisions[0]!.type);
      expect(final.tasks.filter((x) => x.stage === "decide" && x.status === "done")).toHaveLength(1);
    }
  });

  it("a stale version is refused with 409 and changes nothing", async () => {
    const c = await atDecision();
    const stale = { ...c, version: c.version - 1 };
    const res = await act(t, approverA, stale, "approve");
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: "CASE_VERSION_CONFLICT", details: { current: c.version } });
    const after = (await t.app.inject({ method: "GET", url: `/api/cases/${c.id}`, headers: approverA })).json();
    expect(after.version).toBe(c.version);
    expect(after.status).toBe("accepted");
  });

  it("two concurrent submissions of one draft: one files it, the other gets 409; one number, one first step", async () => {
    for (let round = 0; round < 3; round++) {
      const d = await draftCase(t, applicant, "990100-XK-001");
      const submit = () =>
        t.app.inject({
          method: "POST",
          url: `/api/cases/${d.id}/submit`,
          headers: applicant,
          payload: { version: d.version },
        });
      const [a, b] = await Promise.all([submit(), submit()]);
      expect([a.statusCode, b.statusCode].sort(), `${a.body} | ${b.body}`).toEqual([200, 409]);
      const loser = a.statusCode === 409 ? a : b;
      expect(["CASE_VERSION_CONFLICT", "CASE_ILLEGAL_TRANSITION"]).toContain(loser.json().code);
      const filed = (await t.app.inject({ method: "GET", url: `/api/cases/${d.id}`, headers: applicant })).json();
      expect(filed.history.filter((h: { type: string }) => h.type === "submitted")).toHaveLength(1);
      expect(filed.tasks).toHaveLength(1);
      const events = await sql<{ n: number }>`
        select count(*)::int as n from outbox_events where subject = ${`case:${d.id}`} and type = 'case.submitted'`.execute(
        t.database.db,
      );
      expect(events.rows[0]!.n).toBe(1);
      // The first step's tasks are inserted in the statement that moves the case out of draft: the triggers
      // still leave them the case's new status (what the inbox's light counts read).
      const copies = await sql<{ task: string; case: string }>`
        select t.case_status as task, c.status as case from case_tasks t join cases c on c.id = t.case_id
         where t.case_id = ${d.id}`.execute(t.database.db);
      expect(copies.rows).toEqual([{ task: filed.status, case: filed.status }]);
    }
  });

  // Needs two connections; on PGlite's one a submission cannot interleave with another write.
  it.skipIf(!testDatabaseUrl())(
    "a draft changed after its submission read it is not filed: 409 CASE_VERSION_CONFLICT, nothing written",
    async () => {
      const d = await draftCase(t, applicant, "990100-XK-001");
      const holding = gate();
      const release = gate();
      // Another writer holds the case row (as a concurrent command on it would) and changes it.
      const other = t.database.db.transaction().execute(async (trx) => {
        await sql`select 1 from cases where id = ${d.id} for update`.execute(trx);
        holding.open();
        await release.p;
        await sql`update cases set version = version + 1 where id = ${d.id}`.execute(trx);
      });
      await holding.p;
      const submit = t.app.inject({
        method: "POST",
        url: `/api/cases/${d.id}/submit`,
        headers: applicant,
        payload: { version: d.version },
      });
      // The submission has read the draft and now waits for the row (polled, never slept; bounded).
      const waiting = async () =>
        (
          await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'`.execute(t.database.db)
        ).rows[0]!.n > 0;
      for (let i = 0; i < 2_000 && !(await waiting()); i++);
      expect(await waiting()).toBe(true);
      release.open();
      await other;
      const res = await submit;
      expect([res.statusCode, res.json().code]).toEqual([409, "CASE_VERSION_CONFLICT"]);
      expect(res.json().details).toMatchObject({ expected: d.version, current: d.version + 1 });
      const row = await sql<{ status: string; number: string | null }>`
        select status, number from cases where id = ${d.id}`.execute(t.database.db);
      expect(row.rows[0]).toEqual({ status: "draft", number: null });
      // The submission is one statement whose inserts run whatever its update matched: the guard must
      // have aborted them all, the audit entry (queued or already sequenced) included.
      const subject = `case:${d.id}`;
      const written = await sql<{ actions: number; tasks: number; events: number; audit: number }>`
        select (select count(*)::int from case_actions where case_id = ${d.id} and type = 'submitted') as actions,
               (select count(*)::int from case_tasks where case_id = ${d.id}) as tasks,
               (select count(*)::int from outbox_events where subject = ${subject}) as events,
               (select count(*)::int from audit_queue where convert_from(entry, 'UTF8') like ${`%"case.submitted"%`}
                  and convert_from(entry, 'UTF8') like ${`%"${subject}"%`})
             + (select count(*)::int from audit_entries where subject = ${subject} and event_type = 'case.submitted')
               as audit`.execute(t.database.db);
      expect(written.rows[0]).toEqual({ actions: 0, tasks: 0, events: 0, audit: 0 });
    },
  );

  it("a task claimed by one approver cannot be worked by another", async () => {
    let c = await atDecision();
    const task = c.tasks.find((x) => x.status === "open")!;
    let res = await act(t, approverA, c, "claim", { taskId: task.id });
    expect(res.statusCode, res.body).toBe(200);
    c = res.json();
    expect(c.allowedActions).toContain("release");
    res = await act(t, approverB, c, "approve");
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("CASE_TASK_CLAIMED");
    res = await act(t, approverB, c, "release", { taskId: task.id });
    expect(res.statusCode).toBe(409);
    res = await act(t, approverA, c, "release", { taskId: task.id });
    expect(res.statusCode).toBe(200);
    res = await act(t, approverB, c, "approve");
    expect(res.statusCode, res.body).toBe(200);
  });

  it("illegal transitions answer 409 CASE_ILLEGAL_TRANSITION", async () => {
    const c = await fileCase(t, applicant, "990100-XK-001");
    const res = await act(t, approverA, c, "approve");
    // Deciding a case that is not yet accepted is illegal in its state.
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("CASE_ILLEGAL_TRANSITION");
    const w = await act(t, applicant, c, "submit");
    expect(w.statusCode).toBe(409);
  });
});
