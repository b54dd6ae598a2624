import type { HotlineRequestView } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, registerCitizen } from "../../test-support/identity.js";
import {
  departmentId,
  fileOnPortal,
  HERE,
  intake,
  north,
  operatorOf,
  request,
  runJobs,
  seedCity,
  staffOf,
  step,
  view,
} from "./testing.js";

/**
 * Issue 19, acceptance 1 (phone and portal; Open311 in open311.test.ts): a request is routed by category ×
 * district, handled, answered, called back and closed (an outbox event for the evaluation module); a 退单
 * goes back to the dispatch desk; a merged duplicate's callers all get the answer.
 */
describe("hotline: intake → dispatch → answer → 回访 → 办结", () => {
  let t: TestApp;
  const clock = new TestClock("2026-03-02T09:30:00+08:00");
  let operator: Headers;
  let housing: Headers;
  let dongcheng: Headers;
  let eco: Headers;

  beforeAll(async () => {
    t = await createTestApp({ clock });
    await seedCity(t);
    operator = await operatorOf(t);
    housing = await staffOf(t, "window_clerk", "housing");
    dongcheng = await staffOf(t, "window_clerk", "dongcheng");
    eco = await staffOf(t, "window_clerk", "eco");
  });
  afterAll(() => t.close());

  const events = async (type: string, id: string) =>
    (
      await t.database.db
        .selectFrom("outbox_events")
        .select("payload")
        .where("type", "=", type)
        .where("subject", "=", `hotline-request:${id}`)
        .execute()
    ).length;

  it("phone intake: routed by the rule, handled, answered, called back and closed", async () => {
    const r = await intake(t, operator, request({ caller: { name: "王芳", phone: "13800001111" } }));
    expect(r).toMatchObject({
      channel: "phone",
      status: "assigned",
      department: { id: await departmentId(t, "housing") },
      caller: { name: "王芳", phone: "13800001111", accountLinked: false },
      // 停水: a utility, 24 working hours from Monday 09:30 (7.5 + 8 + 8 + 0.5): Thursday 09:30
      deadline: { unit: "hours", value: 24, at: "2026-03-05T01:30:00.000Z", light: "green" },
    });
    expect(r.number).toMatch(/^12345-20260302-\d{6}$/);
    // Another department neither sees nor handles it.
    expect((await view(t, eco, r.id)).statusCode).toBe(404);
    await step(t, housing, r.id, "actions", { comment: "已联系自来水公司抢修" });
    const answered = await step(t, housing, r.id, "answer", { answer: "管道已抢修完毕，已恢复供水。" });
    expect(answered).toMatchObject({ status: "answered", answer: "管道已抢修完毕，已恢复供水。" });
    const closed = await step(t, operator, r.id, "callback", { resolved: true, satisfied: true });
    expect(closed).toMatchObject({ status: "closed", callback: { resolved: true, satisfied: true } });
    expect(closed.timeline.map((e) => e.type)).toEqual(["received", "dispatched", "handled", "answered", "closed"]);
    expect(await events("hotline.closed", r.id)).toBe(1);
  });

  it("an unresolved 回访 reopens the request with the department", async () => {
    const r = await intake(t, operator, request());
    await step(t, housing, r.id, "answer", { answer: "已处理" });
    const reopened = await step(t, operator, r.id, "callback", {
      resolved: false,
      satisfied: false,
      comment: "仍然停水",
    });
    expect(reopened).toMatchObject({ status: "assigned", callback: { resolved: false } });
    expect(await events("hotline.closed", r.id)).toBe(0);
  });

  it("the operator's routing overrides the rule", async () => {
    const r = await intake(t, operator, request({ departmentId: await departmentId(t, "eco") }));
    expect(r.department?.id).toBe(await departmentId(t, "eco"));
  });

  it("portal: the signed-in caller is linked; a wrong owner's 退单 goes back to dispatch, 派单 again, closed", async () => {
    const citizen = await registerCitizen(t);
    // 道路清扫 in 东城区 is the district government's.
    const r = await fileOnPortal(
      t,
      citizen.headers,
      request({
        categoryCode: "020101",
        kind: "complaint",
        description: "路面垃圾多日无人清扫",
        location: { address: "东城区和平街", districtCode: "990102", ...HERE },
      }),
    );
    expect(r).toMatchObject({
      channel: "web",
      status: "assigned",
      department: { id: await departmentId(t, "dongcheng") },
    });
    expect(r.caller?.accountLinked).toBe(true);

    // The housing clerk cannot give back what is not theirs.
    const notOwner = await t.app.inject({
      method: "POST",
      url: `/api/hotline/requests/${r.id}/return`,
      headers: housing,
      payload: { reason: "不是我们的" },
    });
    expect(notOwner.statusCode).toBe(404);
    const back = await step(t, dongcheng, r.id, "return", { reason: "该路段属市属道路，不归区里管" });
    expect(back).toMatchObject({ status: "dispatching", department: null });
    expect(back.timeline.at(-1)).toMatchObject({ type: "returned", comment: "该路段属市属道路，不归区里管" });
    const desk = await t.app.inject({
      method: "GET",
      url: "/api/hotline/desk/requests?status=dispatching",
      headers: operator,
    });
    expect((desk.json().items as HotlineRequestView[]).map((x) => x.id)).toContain(r.id);
    // After a 退单, the department no longer sees it.
    expect((await view(t, dongcheng, r.id)).statusCode).toBe(404);

    await step(t, operator, r.id, "dispatch", { departmentId: await departmentId(t, "housing") });
    await step(t, housing, r.id, "answer", { answer: "已安排清扫。" });
    await step(t, operator, r.id, "callback", { resolved: true, satisfied: false });
    await runJobs(t);
    const invited = await t.database.db
      .selectFrom("evaluation_invitations")
      .select(["account_id", "department_name", "subject_label"])
      .where("subject_kind", "=", "request")
      .where("subject_id", "=", r.id)
      .execute();
    expect(invited).toEqual([
      { account_id: citizen.id, department_name: "示例市住房和城乡建设局", subject_label: r.number },
    ]);

    const mine = await t.app.inject({ method: "GET", url: "/api/hotline/my/requests", headers: citizen.headers });
    const own = (mine.json().items as HotlineRequestView[]).find((x) => x.id === r.id);
    expect(own).toMatchObject({ status: "closed", answer: "已安排清扫。" });
    expect(own?.timeline.map((e) => e.type)).toEqual([
      "received",
      "dispatched",
      "returned",
      "dispatched",
      "answered",
      "closed",
    ]);
    // Someone else's request is 404 for a citizen.
    const other = await registerCitizen(t);
    expect((await view(t, other.headers, r.id)).statusCode).toBe(404);
  });

  it("改派 moves an assigned request to another department", async () => {
    const r = await intake(t, operator, request());
    const moved = await step(t, operator, r.id, "dispatch", { departmentId: await departmentId(t, "eco") });
    expect(moved.department?.id).toBe(await departmentId(t, "eco"));
    expect(moved.timeline.at(-1)?.type).toBe("reassigned");
    expect((await view(t, housing, r.id)).statusCode).toBe(404);
  });

  it("duplicates within 200 m are suggested and merged; every merged caller gets the answer and the close", async () => {
    const [a, b] = [await registerCitizen(t), await registerCitizen(t)];
    const noise = (at: { lat: number; long: number }) =>
      request({
        categoryCode: "020105",
        description: "夜间施工噪声扰民",
        location: { address: "南城区", districtCode: "990104", ...at },
      });
    const first = await fileOnPortal(t, a.headers, noise(HERE));
    const second = await fileOnPortal(t, b.headers, noise(north(150)));
    const far = await fileOnPortal(t, b.headers, noise(north(400)));
    const dup = await t.app.inject({
      method: "GET",
      url: `/api/hotline/requests/${second.id}/duplicates`,
      headers: operator,
    });
    expect(dup.statusCode, dup.body).toBe(200);
    const items = dup.json().items as { id: string; distanceMeters: number }[];
    expect(items.map((x) => x.id)).toContain(first.id);
    expect(items.map((x) => x.id)).not.toContain(far.id);
    expect(items.find((x) => x.id === first.id)?.distanceMeters).toBeCloseTo(150, -1);

    // Too far to be a duplicate: refused.
    const refused = await t.app.inject({
      method: "POST",
      url: `/api/hotline/requests/${far.id}/merge`,
      headers: operator,
      payload: { intoId: first.id },
    });
    expect([refused.statusCode, refused.json().code]).toEqual([409, "HOTLINE_NOT_DUPLICATE"]);

    const merged = await step(t, operator, second.id, "merge", { intoId: first.id });
    expect(merged).toMatchObject({ status: "merged", mergedInto: first.id });
    await step(t, eco, first.id, "answer", { answer: "已责令施工方夜间停工。" });
    await step(t, operator, first.id, "callback", { resolved: true, satisfied: true });
    await runJobs(t);
    for (const [who, id] of [
      [a, first.id],
      [b, second.id],
    ] as const) {
      const res = await view(t, who.headers, id);
      expect(res.json()).toMatchObject({ status: "closed", answer: "已责令施工方夜间停工。" });
      const notes = await t.app.inject({ method: "GET", url: "/api/notifications?limit=50", headers: who.headers });
      const kinds = (notes.json().items as { kind: string; subject: string }[])
        .filter((n) => n.subject === `hotline-request:${id}`)
        .map((n) => n.kind);
      expect(kinds).toContain("hotline.answered");
      // Closed: the evaluation module (好差评) invited each caller through the outbox.
      expect(kinds).toContain("evaluation.invited");
    }
    expect(await events("hotline.closed", second.id)).toBe(1);
  });
});
