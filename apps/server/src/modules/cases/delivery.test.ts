import type { CaseDetail, Inbox } from "@yiwang/contracts";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, readMigrationFiles } from "../../platform/db/migrator.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import type { Headers } from "../../test-support/identity.js";
import { act, enterpriseApplicant, fileCase, seedCity, staffOf } from "./testing.js";

/**
 * 送达 is a task in the lead department's window queue (issue 15): a decided case shows in the window
 * clerk's 待办 and, once claimed, 我的在办; delivering completes the task. Cases decided before the task
 * existed get it from the migration.
 */
describe("cases: delivery (送达) is a window task", () => {
  let t: TestApp;
  let applicant: Headers;
  const s: Record<string, Headers> = {};

  beforeAll(async () => {
    t = await createTestApp();
    await seedCity(t);
    applicant = await enterpriseApplicant(t);
    for (const [name, role, dept] of [
      ["amrClerk", "window_clerk", "amr"],
      ["amrApprover", "approver", "amr"],
      ["landClerk", "window_clerk", "land"],
    ] as const)
      s[name] = await staffOf(t, role, dept);
  });
  afterAll(() => t.close());

  const inbox = async (headers: Headers, query = "") => {
    const res = await t.app.inject({ method: "GET", url: `/api/cases/inbox${query}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Inbox;
  };
  const ids = (i: Inbox) => i.items.map((e) => e.case.id);
  const get = async (id: string, headers: Headers) =>
    (await t.app.inject({ method: "GET", url: `/api/cases/${id}`, headers })).json() as CaseDetail;

  /** 食品经营许可 (市场监管局: accept, review, decide) up to the decision. */
  async function decided(outcome: "approve" | "deny"): Promise<CaseDetail> {
    let c = await fileCase(t, applicant, "990100-XK-001");
    c = (await act(t, s.amrClerk!, c, "accept")).json();
    c = (await act(t, s.amrApprover!, c, "pass")).json();
    const res = await act(t, s.amrApprover!, c, outcome, outcome === "deny" ? { reason: "场所不符合要求" } : {});
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  it("an approved case waits in the lead window's 待办 and 我的在办 until delivered", async () => {
    let c = await decided("approve");
    expect(c).toMatchObject({ status: "approved", stage: "deliver" });
    const task = c.tasks.find((x) => x.status === "open");
    expect(task).toMatchObject({ stage: "deliver", dept: "amr", claimedBy: null });

    // The window clerk's queue has it (also filtered by stage); the approver's, without case.deliver, not.
    const open = await inbox(s.amrClerk!);
    expect(ids(open)).toContain(c.id);
    expect(open.items.find((e) => e.case.id === c.id)?.task.stage).toBe("deliver");
    expect(ids(await inbox(s.amrClerk!, "?stage=deliver"))).toContain(c.id);
    expect(ids(await inbox(s.amrClerk!, "?stage=accept"))).not.toContain(c.id);
    expect(ids(await inbox(s.amrApprover!))).not.toContain(c.id);
    expect(ids(await inbox(s.landClerk!))).not.toContain(c.id);

    // The clerk sees claim and deliver; claiming puts it into 我的在办.
    c = await get(c.id, s.amrClerk!);
    expect(c.allowedActions).toEqual(expect.arrayContaining(["claim", "deliver"]));
    expect(c.myTaskId).toBe(task?.id);
    expect((await get(c.id, s.amrApprover!)).allowedActions).toEqual([]);
    let res = await t.app.inject({
      method: "POST",
      url: `/api/cases/${c.id}/claim`,
      headers: s.amrClerk!,
      payload: { taskId: task?.id },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(ids(await inbox(s.amrClerk!, "?scope=mine"))).toContain(c.id);

    // Another department's window may not deliver; the lead window does, and the task is done.
    c = await get(c.id, s.amrClerk!);
    expect((await act(t, s.landClerk!, c, "deliver", { method: "online" })).statusCode).toBe(403);
    res = await act(t, s.amrClerk!, c, "deliver", { method: "window", comment: "窗口领取" });
    expect(res.statusCode, res.body).toBe(200);
    c = res.json();
    expect(c).toMatchObject({ status: "delivered", stage: null });
    expect(c.tasks.find((x) => x.id === task?.id)).toMatchObject({
      status: "done",
      outcome: "delivered",
      comment: "窗口领取",
    });
    expect(c.tasks.filter((x) => x.status === "open")).toEqual([]);
    expect(ids(await inbox(s.amrClerk!))).not.toContain(c.id);
    expect(ids(await inbox(s.amrClerk!, "?scope=mine"))).not.toContain(c.id);
    expect(ids(await inbox(s.amrClerk!, "?scope=done"))).toContain(c.id);
    expect((await act(t, s.amrClerk!, c, "deliver", { method: "online" })).statusCode).toBe(409);
  });

  it("a denied case is delivered too (the denial is handed over)", async () => {
    const c = await decided("deny");
    expect(c.status).toBe("denied");
    expect(ids(await inbox(s.amrClerk!, "?stage=deliver"))).toContain(c.id);
    const res = await act(t, s.amrClerk!, c, "deliver", { method: "post" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe("delivered");
  });

  it("the migration opens the missing deliver task of cases decided before it, and only those", async () => {
    const waiting = await decided("approve");
    const denied = await decided("deny");
    const delivered = (await act(t, s.amrClerk!, await get(denied.id, s.amrClerk!), "deliver", {})).json();
    expect(delivered.status).toBe("delivered");
    const db = t.database.db;
    // As before the migration: decided cases without a deliver task.
    await db.deleteFrom("case_tasks").where("stage", "=", "deliver").where("status", "=", "open").execute();
    expect(ids(await inbox(s.amrClerk!))).not.toContain(waiting.id);

    const file = readMigrationFiles().filter((f) => f.name === "20261202140000_case_delivery_tasks.sql");
    expect(file).toHaveLength(1);
    await sql`delete from schema_migrations where name = ${file[0]!.name}`.execute(db);
    expect((await migrate(db, file)).applied).toEqual([file[0]!.name]);

    const open = await inbox(s.amrClerk!);
    expect(ids(open)).toContain(waiting.id);
    expect(ids(open)).not.toContain(delivered.id);
    const tasks = (await get(waiting.id, s.amrClerk!)).tasks.filter((x) => x.status === "open");
    expect(tasks).toMatchObject([{ stage: "deliver", dept: "amr", step: 3, branch: 0 }]);
    // Each waiting case has exactly one open deliver task, and delivering it works as for a new one.
    const counts = await db
      .selectFrom("case_tasks")
      .select(["case_id", sql<number>`count(*)::int`.as("n")])
      .where("stage", "=", "deliver")
      .where("status", "=", "open")
      .groupBy("case_id")
      .execute();
    expect(counts.every((r) => r.n === 1)).toBe(true);
    const res = await act(t, s.amrClerk!, await get(waiting.id, s.amrClerk!), "deliver", { method: "online" });
    expect(res.statusCode, res.body).toBe(200);
  });
});
