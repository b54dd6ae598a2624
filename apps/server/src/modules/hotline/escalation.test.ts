import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { createStaff, type Headers } from "../../test-support/identity.js";
import { intake, operatorOf, request, runJobs, seedCity, step } from "./testing.js";

/**
 * Issue 19, acceptance 2: a 2-hour request (danger to life or property) escalates (督办) after 2 working
 * hours — counted on the work calendar, over a weekend — rehearsed by moving the platform clock.
 */
describe("hotline: hour-based limits and 督办", () => {
  let t: TestApp;
  // Friday 16:30: half an hour of the working day is left.
  const clock = new TestClock("2026-03-06T16:30:00+08:00");
  let operator: Headers;
  let head: string;
  let supervisor: string;

  beforeAll(async () => {
    t = await createTestApp({ clock });
    await seedCity(t);
    operator = await operatorOf(t);
    head = (await createStaff(t, { roles: ["dept_admin"], departmentKey: "housing" })).id;
    supervisor = (await createStaff(t, { roles: ["supervisor"] })).id;
  });
  afterAll(() => t.close());

  const state = (id: string) =>
    t.database.db
      .selectFrom("hotline_requests")
      .select(["escalation_level", "deadline_at", "status"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
  const overdueNotes = (id: string) =>
    t.database.db
      .selectFrom("notifications")
      .select("recipient_account_id")
      .where("kind", "=", "hotline.overdue")
      .where("subject", "=", `hotline-request:${id}`)
      .execute();

  it("escalates after 2 working hours, not before (Friday 16:30 → Monday 10:30)", async () => {
    const r = await intake(
      t,
      operator,
      request({ categoryCode: "030103", urgent: true, description: "楼道燃气味很重" }),
    );
    expect(r.deadline).toMatchObject({ unit: "hours", value: 2, at: "2026-03-09T02:30:00.000Z", light: "green" });

    clock.set("2026-03-07T12:00:00+08:00"); // Saturday: wall-clock hours do not count
    await runJobs(t);
    expect((await state(r.id)).escalation_level).toBe(0);

    clock.set("2026-03-09T10:29:00+08:00");
    await runJobs(t);
    expect((await state(r.id)).escalation_level).toBe(0);
    expect(await overdueNotes(r.id)).toEqual([]);

    clock.set("2026-03-09T10:31:00+08:00");
    await runJobs(t);
    expect((await state(r.id)).escalation_level).toBe(1);
    const told = (await overdueNotes(r.id)).map((n) => n.recipient_account_id).sort();
    expect(told).toEqual([head, supervisor].sort());
    const actions = await t.database.db
      .selectFrom("hotline_actions")
      .select("type")
      .where("request_id", "=", r.id)
      .orderBy("id")
      .execute();
    expect(actions.map((a) => a.type)).toEqual(["received", "dispatched", "escalated"]);

    // Once only: the timer is done.
    clock.set("2026-03-10T10:31:00+08:00");
    await runJobs(t);
    expect(await overdueNotes(r.id)).toHaveLength(2);
  });

  it("an answer before the deadline stops the timer", async () => {
    clock.set("2026-03-10T09:00:00+08:00");
    operator = await operatorOf(t); // a fresh session at the new time
    const r = await intake(t, operator, request({ categoryCode: "030105", description: "燃气泄漏" }));
    expect(r.deadline.at).toBe("2026-03-10T03:00:00.000Z");
    const pending = await t.app.platform.jobs.pending("hotline.deadline");
    expect(pending.map((j) => j.key)).toContain(r.id);
    const clerk = (await createStaff(t, { roles: ["window_clerk"], departmentKey: "housing" })).headers;
    await step(t, clerk, r.id, "answer", { answer: "已关闭阀门并修复" });
    expect((await t.app.platform.jobs.pending("hotline.deadline")).map((j) => j.key)).not.toContain(r.id);
    clock.set("2026-03-10T12:00:00+08:00");
    await runJobs(t);
    expect((await state(r.id)).escalation_level).toBe(0);
  });

  it("延期: asked once by the department, approved by the desk; the deadline moves on the calendar", async () => {
    clock.set("2026-03-11T09:00:00+08:00"); // Wednesday
    operator = await operatorOf(t);
    const r = await intake(t, operator, request({ categoryCode: "030103", urgent: true, description: "燃气表漏气" }));
    expect(r.deadline.at).toBe("2026-03-11T03:00:00.000Z");
    const clerk = (await createStaff(t, { roles: ["window_clerk"], departmentKey: "housing" })).headers;
    const other = (await createStaff(t, { roles: ["window_clerk"], departmentKey: "eco" })).headers;
    const ask = (who: Headers, payload: object) =>
      t.app.inject({ method: "POST", url: `/api/hotline/requests/${r.id}/extension`, headers: who, payload });
    expect((await ask(other, { value: 1, reason: "需协调" })).statusCode).toBe(404);
    const tooLong = await ask(clerk, { value: 3, reason: "需协调燃气公司" });
    expect([tooLong.statusCode, tooLong.json().code]).toEqual([400, "HOTLINE_EXTENSION_TOO_LONG"]);
    const asked = await step(t, clerk, r.id, "extension", { value: 2, reason: "需协调燃气公司更换表具" });
    expect(asked.extension).toEqual({ status: "requested", value: 2, reason: "需协调燃气公司更换表具" });
    const again = await ask(clerk, { value: 1, reason: "再延" });
    expect([again.statusCode, again.json().code]).toEqual([409, "HOTLINE_EXTENSION_ONCE"]);
    // Only the dispatch desk decides.
    const byClerk = await t.app.inject({
      method: "POST",
      url: `/api/hotline/requests/${r.id}/extension/decide`,
      headers: clerk,
      payload: { approve: true },
    });
    expect(byClerk.statusCode).toBe(403);
    const approved = await step(t, operator, r.id, "extension/decide", { approve: true, comment: "同意" });
    // 2 more working hours from 11:00: 13:00.
    expect(approved).toMatchObject({ extension: { status: "approved" }, deadline: { at: "2026-03-11T05:00:00.000Z" } });
    expect(approved.timeline.map((e) => e.type)).toEqual(["received", "dispatched", "extension_requested", "extended"]);

    clock.set("2026-03-11T12:00:00+08:00"); // past the old deadline, inside the new one
    await runJobs(t);
    expect((await state(r.id)).escalation_level).toBe(0);
    clock.set("2026-03-11T13:01:00+08:00");
    await runJobs(t);
    expect((await state(r.id)).escalation_level).toBe(1);
    const twice = await t.app.inject({
      method: "POST",
      url: `/api/hotline/requests/${r.id}/extension/decide`,
      headers: operator,
      payload: { approve: false },
    });
    expect([twice.statusCode, twice.json().code]).toEqual([409, "HOTLINE_WRONG_STATE"]);
  });
});
