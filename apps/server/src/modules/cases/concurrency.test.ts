import type { CaseDetail } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import type { Headers } from "../../test-support/identity.js";
import { act, enterpriseApplicant, fileCase, seedCity, staffOf } from "./testing.js";

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
