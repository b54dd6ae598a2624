import type { CaseDetail } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import type { Headers } from "../../test-support/identity.js";
import { act, enterpriseApplicant, fileCase, seedCity, staffOf } from "./testing.js";

/**
 * Acceptance 1: 990100-XK-002 建设工程规划许可证核发 — land accepts; land, housing and ecology review in
 * parallel; land decides. Staff of an unrelated department get 403 at every step.
 */
describe("cases: parallel approval (并联审批) across three departments", () => {
  let t: TestApp;
  let applicant: Headers;
  const staff: Record<string, Headers> = {};

  beforeAll(async () => {
    t = await createTestApp();
    await seedCity(t);
    applicant = await enterpriseApplicant(t);
    staff.landClerk = await staffOf(t, "window_clerk", "land");
    staff.landApprover = await staffOf(t, "approver", "land");
    staff.housing = await staffOf(t, "approver", "housing");
    staff.eco = await staffOf(t, "approver", "eco");
    staff.amrClerk = await staffOf(t, "window_clerk", "amr");
    staff.amrApprover = await staffOf(t, "approver", "amr");
  });
  afterAll(() => t.close());

  const get = async (id: string, headers: Headers) => {
    const res = await t.app.inject({ method: "GET", url: `/api/cases/${id}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as CaseDetail;
  };

  /** Every staff command and the read, tried by the unrelated department's staff: all 403. */
  async function outsidersRefused(c: CaseDetail) {
    for (const h of [staff.amrClerk!, staff.amrApprover!]) {
      expect((await t.app.inject({ method: "GET", url: `/api/cases/${c.id}`, headers: h })).statusCode).toBe(403);
      for (const [command, body] of [
        ["accept", {}],
        ["refuse", { reason: "x" }],
        ["pass", {}],
        ["veto", { reason: "x" }],
        ["approve", {}],
        ["deny", { reason: "x" }],
        ["supplement", { items: [{ note: "x" }] }],
        ["suspend", { kind: "expert_review", reason: "x" }],
        ["deliver", { method: "online" }],
      ] as const) {
        const res = await act(t, h, c, command, body);
        expect(res.statusCode, `${command}: ${res.body}`).toBe(403);
      }
      const inbox = await t.app.inject({ method: "GET", url: "/api/cases/inbox", headers: h });
      expect(inbox.json().items.map((e: { case: { id: string } }) => e.case.id)).not.toContain(c.id);
    }
  }

  it("goes from submission to approval with staff of the three departments", async () => {
    let c = await fileCase(t, applicant, "990100-XK-002");
    expect(c).toMatchObject({ status: "submitted", stage: "accept", itemVersion: 1 });
    expect(c.number).toMatch(/^\d{6}-\d{8}-\d{6}$/);
    await outsidersRefused(c);

    // The land window sees it in its queue and accepts it: the clock starts.
    const inbox = await t.app.inject({ method: "GET", url: "/api/cases/inbox", headers: staff.landClerk! });
    expect(inbox.json().items.map((e: { case: { id: string } }) => e.case.id)).toContain(c.id);
    c = await get(c.id, staff.landClerk!);
    expect(c.allowedActions).toEqual(expect.arrayContaining(["claim", "accept", "refuse", "request_supplement"]));
    let res = await act(t, staff.landClerk!, c, "accept", { comment: "材料齐全" });
    expect(res.statusCode, res.body).toBe(200);
    c = res.json();
    expect(c.status).toBe("in_review");
    expect(c.deadline.date).not.toBeNull();
    const open = c.tasks.filter((x) => x.status === "open");
    expect(open.map((x) => x.dept).sort()).toEqual(["eco", "housing", "land"]);
    await outsidersRefused(c);

    // The land clerk cannot review; the approvers of the three departments can, each their own branch.
    expect((await act(t, staff.landClerk!, c, "pass")).statusCode).toBe(403);
    for (const who of ["housing", "eco"] as const) {
      c = await get(c.id, staff[who]!);
      res = await act(t, staff[who]!, c, "pass", { comment: `${who} 同意` });
      expect(res.statusCode, res.body).toBe(200);
      c = res.json();
      expect(c.status).toBe("in_review");
      // A branch once passed cannot be passed again by its department.
      expect((await act(t, staff[who]!, c, "pass")).statusCode).toBe(403);
    }
    res = await act(t, staff.landApprover!, c, "pass");
    expect(res.statusCode, res.body).toBe(200);
    c = res.json();
    expect(c).toMatchObject({ status: "accepted", stage: "decide" });
    await outsidersRefused(c);

    // Housing and ecology read the case but cannot decide it: deciding is land's.
    expect((await act(t, staff.housing!, c, "approve")).statusCode).toBe(403);
    res = await act(t, staff.landApprover!, c, "approve", { comment: "准予许可" });
    expect(res.statusCode, res.body).toBe(200);
    c = res.json();
    expect(c.status).toBe("approved");
    expect(c.decision).toMatchObject({ outcome: "approved" });
    await outsidersRefused(c);

    res = await act(t, staff.landClerk!, c, "deliver", { method: "online" });
    expect(res.statusCode, res.body).toBe(200);
    c = res.json();
    expect(c.status).toBe("delivered");
    expect(c.history.map((h) => h.type)).toEqual([
      "created",
      "updated",
      "material_added",
      "material_added",
      "material_added",
      "material_added",
      "submitted",
      "accepted",
      "review_passed",
      "review_passed",
      "review_passed",
      "approved",
      "delivered",
    ]);
    // The applicant sees the same history, the decision and the actor's enterprise identity on its actions.
    const mine = await get(c.id, applicant);
    expect(mine.decision?.outcome).toBe("approved");
    expect(mine.history.find((h) => h.type === "submitted")?.actingFor).toBe("enterprise:91990100MA0001018E");
  });

  it("a veto by one parallel branch denies the case at once", async () => {
    let c = await fileCase(t, applicant, "990100-XK-002");
    c = (await act(t, staff.landClerk!, c, "accept")).json();
    c = (await act(t, staff.housing!, c, "pass")).json();
    const res = await act(t, staff.eco!, c, "veto", { reason: "环评批复不符合要求" });
    expect(res.statusCode, res.body).toBe(200);
    c = res.json();
    expect(c.status).toBe("denied");
    expect(c.decision).toMatchObject({ outcome: "denied", reason: "环评批复不符合要求" });
    // What remains open is 送达, in the lead department's window.
    expect(c.tasks.filter((x) => x.status === "open").map((x) => [x.stage, x.dept])).toEqual([["deliver", "land"]]);
    expect(c.tasks.find((x) => x.dept === "land" && x.stage === "review")?.status).toBe("cancelled");
    // Nothing can be reviewed or decided any more.
    expect((await act(t, staff.landApprover!, c, "pass")).statusCode).toBe(409);
    expect((await act(t, staff.landApprover!, c, "approve")).statusCode).toBe(409);
    await outsidersRefused(c);
  });
});
