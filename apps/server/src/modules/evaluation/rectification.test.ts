import type { EvaluationInvitation, PublicEvaluationStats, Rectification } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { readFixture } from "../../test-support/fixtures.js";
import { type Headers, loginAs, registerCitizen } from "../../test-support/identity.js";
import { enterpriseApplicant, seedCity, staffOf } from "../cases/testing.js";
import { auditEntries, deliveredCase, evaluate, invitationFor, runJobs, storedFor } from "./testing.js";

/**
 * Acceptance 2 and 3 of issue 20: a 非常不满意 opens a rectification ticket for the responsible department
 * with the configured deadline on the work calendar (here across the 2026 National Day holiday), overdue
 * escalates (department heads, then supervisors), the citizen sees the reply and says whether it fixed
 * things; an upheld appeal takes the review out of the statistics but keeps it, with the reason, in history
 * and the audit log.
 */
const calendar = readFixture<{ holidays: Record<string, string[]>; makeupWorkdays: Record<string, string[]> }>(
  "work-calendar-cn.json",
);
const holidays = new Set(Object.values(calendar.holidays).flat());
const makeup = new Set(Object.values(calendar.makeupWorkdays).flat());
const nextDay = (d: string) => {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() + 1);
  return x.toISOString().slice(0, 10);
};
/** The oracle: a working day is a weekday that is not a holiday, or a make-up Saturday/Sunday. */
const working = (d: string) => {
  const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
  return makeup.has(d) || (dow !== 0 && dow !== 6 && !holidays.has(d));
};
function nthWorkingDayAfter(from: string, n: number): string {
  let d = from;
  for (let left = n; left > 0; ) {
    d = nextDay(d);
    if (working(d)) left--;
  }
  return d;
}
/** The last millisecond before 24:00 Beijing time of a local date. */
const endOf = (date: string) => new Date(new Date(`${nextDay(date)}T00:00:00+08:00`).getTime() - 1);

describe("evaluation: 差评 rectification, escalation, appeals", () => {
  let t: TestApp;
  const START = "2026-09-24T10:00:00+08:00"; // a Thursday before the National Day holiday
  const clock = new TestClock(START);
  let applicant: Headers;
  let stranger: Headers;
  let supervisor: Headers;
  const s: Record<string, Headers> = {};

  beforeAll(async () => {
    t = await createTestApp({ clock });
    await seedCity(t);
    applicant = await enterpriseApplicant(t);
    stranger = (await registerCitizen(t)).headers;
    supervisor = await loginAs(t, "supervisor");
    for (const [name, role, dept] of [
      ["clerk", "window_clerk", "amr"],
      ["approver", "approver", "amr"],
      ["head", "dept_admin", "amr"],
      ["landClerk", "window_clerk", "land"],
      ["landHead", "dept_admin", "land"],
    ] as const)
      s[name] = await staffOf(t, role, dept);
  });
  afterAll(() => t.close());

  const get = async (url: string, headers?: Headers) => t.app.inject({ method: "GET", url, headers });
  const post = async (url: string, headers: Headers | undefined, payload: Record<string, unknown>) =>
    t.app.inject({ method: "POST", url, headers, payload });
  const notes = async (headers: Headers) =>
    (await get("/api/notifications?limit=100", headers)).json().items as { kind: string; link: string }[];
  const badReview = async (level: 1 | 2, tags: string[]) => {
    const c = await deliveredCase(t, applicant, { clerk: s.clerk!, approver: s.approver! });
    const inv = await invitationFor(t, applicant, c.id);
    const res = await evaluate(t, applicant, inv.id, { level, tags, text: "等了很久，也没人解释" });
    expect(res.statusCode, res.body).toBe(201);
    return { inv, evaluationId: res.json().id as string };
  };
  const ticketOf = async (evaluationId: string, headers: Headers) => {
    const list = (await get("/api/evaluation/rectifications?limit=100", headers)).json();
    return (list.items as Rectification[]).find((r) => r.evaluation.id === evaluationId);
  };

  it("a 非常不满意 opens a ticket for the department with the configured working-day deadline", async () => {
    clock.set(START);
    const { evaluationId } = await badReview(1, ["slow", "overdue"]);
    const ticket = await ticketOf(evaluationId, s.clerk!);
    const expected = nthWorkingDayAfter("2026-09-24", 10);
    expect(expected).toBe("2026-10-15"); // 28, 29, 30 Sep; 8, 9, 10 (make-up Saturday), 12–15 Oct
    expect(ticket).toMatchObject({
      status: "verifying",
      deadlineDate: expected,
      deadlineAt: endOf(expected).toISOString(),
      overdue: false,
      escalationLevel: 0,
      itemName: "食品经营许可（新办）",
      applicant: "*娜", // 李娜, masked
      evaluation: { level: 1, tags: ["slow", "overdue"] },
    });
    expect(JSON.stringify(ticket)).not.toContain("李娜");
    expect((await notes(s.head!)).some((n) => n.kind === "evaluation.bad_review")).toBe(true);
    expect((await notes(s.clerk!)).some((n) => n.kind === "evaluation.bad_review")).toBe(true);
  });

  it("other departments neither see nor touch it (404); a department role without evaluation.rectify gets 403", async () => {
    const { evaluationId } = await badReview(2, ["extra_materials"]);
    const ticket = (await ticketOf(evaluationId, s.clerk!)) as Rectification;
    expect(await ticketOf(evaluationId, s.landClerk!)).toBeUndefined();
    expect((await get(`/api/evaluation/rectifications/${ticket.id}`, s.landClerk)).statusCode).toBe(404);
    const verify = (headers: Headers) =>
      post(`/api/evaluation/rectifications/${ticket.id}/verify`, headers, {
        version: ticket.version,
        handling: "immediate",
        finding: "核实属实",
      });
    expect((await verify(s.landClerk!)).statusCode).toBe(404);
    const approver = await verify(s.approver!);
    expect([approver.statusCode, approver.json().code]).toEqual([403, "FORBIDDEN"]);
    const appeal = await post(`/api/evaluation/evaluations/${evaluationId}/appeal`, s.landHead!, { reason: "误评" });
    expect(appeal.statusCode).toBe(404);
    // The supervisors read every department's tickets.
    expect(await ticketOf(evaluationId, supervisor)).toBeDefined();
  });

  it("overdue escalates to the department's heads, then to the supervisors; the reply and the callback close it", async () => {
    clock.set(START);
    const { inv, evaluationId } = await badReview(1, ["no_reply"]);
    let ticket = (await ticketOf(evaluationId, s.clerk!)) as Rectification;
    const due = endOf(ticket.deadlineDate);

    clock.set(new Date(due.getTime() - 60_000));
    await runJobs(t);
    expect((await ticketOf(evaluationId, s.clerk!))?.escalationLevel).toBe(0);

    clock.set(new Date(due.getTime() + 3_600_000));
    await runJobs(t);
    ticket = (await ticketOf(evaluationId, s.clerk!)) as Rectification;
    expect(ticket).toMatchObject({ escalationLevel: 1, overdue: true });
    expect((await notes(s.head!)).some((n) => n.kind === "evaluation.overdue")).toBe(true);
    expect((await notes(supervisor)).some((n) => n.kind === "evaluation.overdue.supervision")).toBe(false);

    // EVALUATION_ESCALATION_WORKING_DAYS (2) working days later: the supervisors.
    const second = nthWorkingDayAfter(ticket.deadlineDate, 2);
    clock.set(new Date(endOf(second).getTime() + 60_000));
    await runJobs(t);
    ticket = (await ticketOf(evaluationId, s.clerk!)) as Rectification;
    expect(ticket.escalationLevel).toBe(2);
    expect((await notes(supervisor)).some((n) => n.kind === "evaluation.overdue.supervision")).toBe(true);

    const url = `/api/evaluation/rectifications/${ticket.id}`;
    let res = await post(`${url}/reply`, s.clerk!, { version: ticket.version, reply: "已整改" });
    expect([res.statusCode, res.json().code]).toEqual([409, "EVALUATION_RECTIFICATION_ILLEGAL"]); // verify first
    res = await post(`${url}/verify`, s.clerk!, { version: ticket.version, handling: "scheduled", finding: "属实" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: "rectifying", handling: "scheduled", finding: "属实" });
    const stale = await post(`${url}/reply`, s.clerk!, { version: ticket.version, reply: "已整改" });
    expect([stale.statusCode, stale.json().code]).toEqual([409, "EVALUATION_VERSION_CONFLICT"]);
    res = await post(`${url}/reply`, s.head!, {
      version: res.json().version,
      reply: "已约谈经办人员并优化审批流程，今后同类申请 3 个工作日内办结。",
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: "replied", repliedOnTime: false });

    // The citizen sees the reply (the notification opens the evaluate page) and answers the callback.
    expect(
      (await notes(applicant)).some((n) => n.kind === "evaluation.replied" && n.link === `/evaluate/${inv.id}`),
    ).toBe(true);
    const view = (await get(`/api/evaluation/invitations/${inv.id}`, applicant)).json() as EvaluationInvitation;
    expect(view.rectification).toMatchObject({
      status: "replied",
      reply: "已约谈经办人员并优化审批流程，今后同类申请 3 个工作日内办结。",
      callback: null,
    });
    const callback = (headers: Headers, satisfied: boolean) =>
      post(`/api/evaluation/rectifications/${ticket.id}/callback`, headers, { satisfied, comment: "还行" });
    expect((await callback(stranger, true)).statusCode).toBe(404);
    res = await callback(applicant, false);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: "closed", callback: { satisfied: false, comment: "还行" } });
    expect((await callback(applicant, true)).statusCode).toBe(409);
    expect((await storedFor(t, inv.id)).history).toEqual([
      "invited",
      "evaluated",
      "rectification_opened",
      "rectification_escalated",
      "rectification_escalated",
      "rectification_verified",
      "rectification_replied",
      "rectification_callback",
    ]);
    // Nothing fires any more: the timer ended with the reply.
    clock.advance(60 * 86_400_000);
    await runJobs(t);
    expect((await ticketOf(evaluationId, s.clerk!))?.escalationLevel).toBe(2);
  });

  it("an upheld appeal takes the review out of the statistics, keeps it and the reason, and audits both steps", async () => {
    clock.set(START);
    const { inv, evaluationId } = await badReview(2, ["system_trouble"]);
    const before = (await get("/api/evaluation/stats?by=department", s.head)).json();
    const amr = (b: { rows: { label: string; bad: number; total: number }[] }) =>
      b.rows.find((r) => r.label === "示例市市场监督管理局") ?? { bad: 0, total: 0 };

    const file = (headers: Headers) =>
      post(`/api/evaluation/evaluations/${evaluationId}/appeal`, headers, {
        reason: "该办件由申请人填报错误导致，系统运行正常，属于误评。",
      });
    expect((await file(s.clerk!)).statusCode).toBe(403); // heads appeal, clerks do not
    const filed = await file(s.head!);
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.json()).toMatchObject({ status: "pending", decision: null });
    expect([(await file(s.head!)).statusCode, (await file(s.head!)).json().code]).toEqual([
      409,
      "EVALUATION_APPEAL_EXISTS",
    ]);
    expect((await notes(supervisor)).some((n) => n.kind === "evaluation.appeal")).toBe(true);

    const pending = (await get("/api/evaluation/appeals?status=pending", supervisor)).json();
    const appeal = pending.items.find((a: { evaluationId: string }) => a.evaluationId === evaluationId);
    expect(appeal).toMatchObject({ itemName: "食品经营许可（新办）", evaluation: { level: 2 } });
    expect((await get("/api/evaluation/appeals", s.head)).statusCode).toBe(403);
    const decide = (upheld: boolean) =>
      post(`/api/evaluation/appeals/${appeal.id}/decide`, supervisor, {
        upheld,
        reason: "经复核，差评原因与办件无关，予以剔除。",
      });
    const decided = await decide(true);
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({
      status: "upheld",
      decision: { reason: "经复核，差评原因与办件无关，予以剔除。" },
    });
    expect((await decide(false)).json().code).toBe("EVALUATION_APPEAL_DECIDED");

    // Out of the statistics …
    const after = (await get("/api/evaluation/stats?by=department", s.head)).json();
    expect(amr(after).bad).toBe(amr(before).bad - 1);
    expect(amr(after).total).toBe(amr(before).total - 1);
    // … but kept, with the reason, for the citizen and in history; the ticket is void.
    const view = (await get(`/api/evaluation/invitations/${inv.id}`, applicant)).json() as EvaluationInvitation;
    expect(view.evaluation).toMatchObject({
      id: evaluationId,
      level: 2,
      excluded: { reason: "经复核，差评原因与办件无关，予以剔除。" },
    });
    expect(view.rectification?.status).toBe("void");
    expect(
      await t.database.db.selectFrom("evaluations").select("id").where("id", "=", evaluationId).execute(),
    ).toHaveLength(1);
    expect((await storedFor(t, inv.id)).history.slice(-3)).toEqual(["appeal_filed", "appeal_decided", "excluded"]);
    const audited = (await auditEntries(t))
      .filter((e) => e.subject === `evaluation:${evaluationId}`)
      .map((e) => e.type);
    expect(audited).toEqual(
      expect.arrayContaining(["evaluation.appeal_filed", "evaluation.appeal_decided", "evaluation.excluded"]),
    );
  });

  it("statistics: staff see their department's (supervisors all); the public page has figures and no personal data", async () => {
    const mine = (await get("/api/evaluation/stats?by=department", s.landClerk)).json();
    expect(mine.rows).toEqual([]); // land has no reviews, and sees no one else's
    const all = (await get("/api/evaluation/stats?by=staff", supervisor)).json();
    expect(all.rows.length).toBeGreaterThan(0);
    expect((await get("/api/evaluation/stats?by=month&from=2026-13", supervisor)).statusCode).toBe(400);
    const channels = (await get("/api/evaluation/stats?by=channel", s.head)).json();
    expect(channels.rows.map((r: { label: string }) => r.label)).toEqual(["网上办事大厅（PC端）"]);

    const pub = await get("/api/evaluation/public/stats");
    expect(pub.statusCode).toBe(200);
    const body = pub.json() as PublicEvaluationStats;
    const amr = body.departments.find((d) => d.departmentName === "示例市市场监督管理局");
    expect(amr).toMatchObject({ total: 3, bad: 3, satisfied: 0, rectified: 1, onTime: 0, badRate: 1, onTimeRate: 0 });
    const text = pub.body;
    for (const personal of ["李娜", "*娜", "13800000003", "990100-2026"]) expect(text).not.toContain(personal);
    expect(Object.keys(amr ?? {}).sort()).toEqual(
      [
        "departmentId",
        "departmentName",
        "total",
        "satisfied",
        "bad",
        "rectified",
        "onTime",
        "satisfactionRate",
        "badRate",
        "rectificationRate",
        "onTimeRate",
      ].sort(),
    );
  });
});
