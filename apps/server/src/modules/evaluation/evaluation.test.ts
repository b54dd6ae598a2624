import { EVALUATION_TEXT_MAX } from "@yiwang/contracts";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, registerCitizen } from "../../test-support/identity.js";
import { act, enterpriseApplicant, fileCase, seedCity, staffOf } from "../cases/testing.js";
import { auditEntries, deliveredCase, evaluate, FOOD_LICENSE, invitationFor, runJobs, storedFor } from "./testing.js";

/**
 * Acceptance 1 and 5 of issue 20: a delivered case yields exactly one invitation (linked from the
 * applicant's notification), a second evaluation is 409, a 追评 is accepted once, an expired invitation
 * is 410; bad input is a 4xx in the error shape and stores nothing.
 */
describe("evaluation: invitations and evaluations", () => {
  let t: TestApp;
  const clock = new TestClock("2026-03-02T09:00:00+08:00");
  let applicant: Headers;
  let stranger: Headers;
  let staff: { clerk: Headers; approver: Headers };

  beforeAll(async () => {
    t = await createTestApp({ clock });
    await seedCity(t);
    applicant = await enterpriseApplicant(t);
    stranger = (await registerCitizen(t)).headers;
    staff = { clerk: await staffOf(t, "window_clerk", "amr"), approver: await staffOf(t, "approver", "amr") };
  });
  afterAll(() => t.close());

  const count = async (caseId: string) =>
    (
      await t.database.db
        .selectFrom("evaluation_invitations")
        .select("id")
        .where("subject_kind", "=", "case")
        .where("subject_id", "=", caseId)
        .execute()
    ).length;

  it("a delivered case yields exactly one invitation, however often its events arrive", async () => {
    const c = await deliveredCase(t, applicant, staff);
    // accepted, decided (approved: no invitation yet), delivered → one invitation
    expect(await count(c.id)).toBe(1);
    const inv = await invitationFor(t, applicant, c.id);
    expect(inv).toMatchObject({
      status: "open",
      subject: { kind: "case", id: c.id, label: c.number },
      itemName: "食品经营许可（新办）",
      evaluation: null,
      indicatorSet: { id: "online-v1", mode: "online" },
    });
    expect(inv.indicatorSet.indicators.map((i) => i.zh)).toEqual([
      "整体满意度",
      "办事效率",
      "办事指南精确度",
      "办事便捷度",
      "平台操作性",
    ]);
    expect(new Date(inv.expiresAt).getTime() - new Date(inv.createdAt).getTime()).toBe(30 * 86_400_000);
    // The outbox delivers at least once: the same event again adds nothing.
    await t.database.db.transaction().execute((trx) =>
      t.app.platform.events.publish(trx, {
        type: "case.delivered",
        subject: `case:${c.id}`,
        payload: { caseId: c.id, outcome: "approved" },
      }),
    );
    await runJobs(t);
    expect(await count(c.id)).toBe(1);
    expect((await storedFor(t, inv.id)).history).toEqual(["invited"]);
  });

  it("a refused case invites too, and the invitation is its applicant's only (404 for anyone else, 403 for staff)", async () => {
    const c = await fileCase(t, applicant, FOOD_LICENSE);
    expect((await act(t, staff.clerk, c, "refuse", { reason: "不属于本部门职权范围" })).statusCode).toBe(200);
    await runJobs(t);
    const inv = await invitationFor(t, applicant, c.id);
    const url = `/api/evaluation/invitations/${inv.id}`;
    const other = await t.app.inject({ method: "GET", url, headers: stranger });
    expect([other.statusCode, other.json().code]).toEqual([404, "EVALUATION_INVITATION_NOT_FOUND"]);
    expect((await t.app.inject({ method: "GET", url, headers: staff.clerk })).statusCode).toBe(403);
    expect((await t.app.inject({ method: "GET", url })).statusCode).toBe(401);
  });

  it("evaluates once (409 after), accepts one 追评 (409 after), and never changes an evaluation", async () => {
    const c = await deliveredCase(t, applicant, staff);
    const inv = await invitationFor(t, applicant, c.id);
    const first = await evaluate(t, applicant, inv.id, {
      level: 5,
      scores: { efficiency: 5, usability: 4 },
      tags: ["fast", "one_visit"],
      text: "网上提交后很快办好了",
      channel: "mobile",
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      kind: "initial",
      level: 5,
      scores: { overall: 5, efficiency: 5, usability: 4 },
      channel: "mobile",
      excluded: null,
    });
    const again = await evaluate(t, applicant, inv.id, { level: 1, tags: ["slow"] });
    expect([again.statusCode, again.json().code]).toEqual([409, "EVALUATION_ALREADY_GIVEN"]);

    const followUp = (payload: Record<string, unknown>) =>
      t.app.inject({
        method: "POST",
        url: `/api/evaluation/invitations/${inv.id}/follow-up`,
        headers: applicant,
        payload,
      });
    const fu = await followUp({ text: "证照也已收到，点赞" });
    expect(fu.statusCode, fu.body).toBe(201);
    expect(fu.json()).toMatchObject({ kind: "follow_up", level: 5, text: "证照也已收到，点赞" });
    const twice = await followUp({ text: "再补充一句" });
    expect([twice.statusCode, twice.json().code]).toEqual([409, "EVALUATION_FOLLOW_UP_USED"]);

    const view = (
      await t.app.inject({ method: "GET", url: `/api/evaluation/invitations/${inv.id}`, headers: applicant })
    ).json();
    expect(view).toMatchObject({ status: "evaluated", followUpUntil: null, rectification: null });
    expect(view.evaluation.id).toBe(first.json().id);
    expect(view.followUp.id).toBe(fu.json().id);
    // A good review opens no rectification; the history and the audit log have both records.
    expect((await storedFor(t, inv.id)).history).toEqual(["invited", "evaluated", "followed_up"]);
    const audited = (await auditEntries(t)).filter((e) => e.subject === `evaluation:${first.json().id}`);
    expect(audited.map((e) => e.type)).toEqual(["evaluation.evaluated"]);
    // Immutable in the database too.
    await expect(
      sql`update evaluations set level = 1 where id = ${first.json().id}`.execute(t.database.db),
    ).rejects.toThrow(/immutable/);
    await expect(sql`delete from evaluations where id = ${first.json().id}`.execute(t.database.db)).rejects.toThrow(
      /immutable/,
    );

    const mine = await t.app.inject({ method: "GET", url: "/api/evaluation/mine", headers: applicant });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.some((i: { id: string }) => i.id === inv.id)).toBe(true);
    expect((await t.app.inject({ method: "GET", url: "/api/evaluation/mine", headers: stranger })).json().total).toBe(
      0,
    );
  });

  it("a 追评 needs an evaluation first (409)", async () => {
    const c = await deliveredCase(t, applicant, staff);
    const inv = await invitationFor(t, applicant, c.id);
    const res = await t.app.inject({
      method: "POST",
      url: `/api/evaluation/invitations/${inv.id}/follow-up`,
      headers: applicant,
      payload: { text: "还没评价就追评" },
    });
    expect([res.statusCode, res.json().code]).toEqual([409, "EVALUATION_NOT_GIVEN"]);
  });

  it("an expired invitation is 410 and stores nothing", async () => {
    const c = await deliveredCase(t, applicant, staff);
    const inv = await invitationFor(t, applicant, c.id);
    clock.set(new Date(new Date(inv.expiresAt).getTime() + 1));
    try {
      const res = await evaluate(t, applicant, inv.id, { level: 4 });
      expect([res.statusCode, res.json().code]).toEqual([410, "EVALUATION_INVITATION_EXPIRED"]);
      expect(res.json()).toHaveProperty("messageEn");
      expect(await storedFor(t, inv.id)).toEqual({ evaluations: 0, history: ["invited"] });
      const view = (
        await t.app.inject({ method: "GET", url: `/api/evaluation/invitations/${inv.id}`, headers: applicant })
      ).json();
      expect(view.status).toBe("expired");
    } finally {
      clock.set("2026-03-02T09:00:00+08:00");
    }
  });

  it("bad input is a 4xx in the error shape and stores nothing", async () => {
    const c = await deliveredCase(t, applicant, staff);
    const inv = await invitationFor(t, applicant, c.id);
    const cases: [string, Headers, Record<string, unknown>, number, string][] = [
      ["level 6", applicant, { level: 6 }, 400, "VALIDATION_FAILED"],
      ["level 0", applicant, { level: 0 }, 400, "VALIDATION_FAILED"],
      ["a fractional level", applicant, { level: 4.5 }, 400, "VALIDATION_FAILED"],
      ["an unknown tag", applicant, { level: 2, tags: ["bribery"] }, 400, "EVALUATION_UNKNOWN_TAG"],
      ["a tag of another level", applicant, { level: 5, tags: ["slow"] }, 400, "EVALUATION_TAG_NOT_FOR_LEVEL"],
      ["an offline indicator", applicant, { level: 4, scores: { attitude: 4 } }, 400, "EVALUATION_UNKNOWN_INDICATOR"],
      ["a score of 6", applicant, { level: 4, scores: { efficiency: 6 } }, 400, "VALIDATION_FAILED"],
      ["a bad review without a reason", applicant, { level: 1 }, 400, "EVALUATION_REASON_REQUIRED"],
      [
        "text over the limit",
        applicant,
        { level: 3, text: "长".repeat(EVALUATION_TEXT_MAX + 1) },
        400,
        "VALIDATION_FAILED",
      ],
      ["the kiosk's channel", applicant, { level: 4, channel: "window" }, 400, "VALIDATION_FAILED"],
      ["someone else's invitation", stranger, { level: 5 }, 404, "EVALUATION_INVITATION_NOT_FOUND"],
    ];
    for (const [what, headers, payload, status, code] of cases) {
      const res = await evaluate(t, headers, inv.id, payload);
      expect([res.statusCode, res.json().code], what).toEqual([status, code]);
      expect(res.json(), what).toMatchObject({ message: expect.any(String), messageEn: expect.any(String) });
    }
    const unknown = await evaluate(t, applicant, "00000000-0000-4000-8000-000000000000", { level: 5 });
    expect(unknown.statusCode).toBe(404);
    expect(await storedFor(t, inv.id)).toEqual({ evaluations: 0, history: ["invited"] });
    expect(
      await t.database.db.selectFrom("evaluation_rectifications").select("id").execute(),
      "no ticket from a refused bad review",
    ).toEqual([]);
    // Exactly at the limit is fine.
    const ok = await evaluate(t, applicant, inv.id, { level: 3, text: "长".repeat(EVALUATION_TEXT_MAX) });
    expect(ok.statusCode, ok.body).toBe(201);
  });
});
