import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { createStaff, type Headers } from "../../test-support/identity.js";
import { seedCity } from "../cases/testing.js";

/**
 * 一次一评 at the window (评价器): a clerk opens a code for the visit, the kiosk shows the in-person indicator
 * set and takes one evaluation without a sign-in; the code is the only key (stored hashed). The public
 * paths are limited per client IP (EVALUATION_PUBLIC_RATE_PER_IP, here 8).
 */
describe("evaluation: kiosk visits and the public rate limit", () => {
  let t: TestApp;
  let clerk: Headers;
  let clerkName: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { EVALUATION_PUBLIC_RATE_PER_IP: "8" } });
    await seedCity(t);
    const staff = await createStaff(t, { roles: ["window_clerk"], departmentKey: "amr" });
    clerk = staff.headers;
    clerkName = staff.username;
  });
  afterAll(() => t.close());

  it("a visit code evaluates once at the kiosk; a 差评 there opens a ticket that the reply closes", async () => {
    const visit = await t.app.inject({
      method: "POST",
      url: "/api/evaluation/visits",
      headers: clerk,
      payload: { itemName: "个体工商户登记咨询" },
    });
    expect(visit.statusCode, visit.body).toBe(201);
    const { token, invitationId } = visit.json();
    const row = await t.database.db
      .selectFrom("evaluation_invitations")
      .select(["token_hash", "account_id"])
      .where("id", "=", invitationId)
      .executeTakeFirstOrThrow();
    expect(row.account_id).toBeNull();
    expect(row.token_hash?.toString("base64url")).not.toBe(token); // only its hash is kept

    const shown = await t.app.inject({ method: "GET", url: `/api/evaluation/kiosk/${token}` });
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json()).toMatchObject({
      itemName: "个体工商户登记咨询",
      departmentName: "示例市市场监督管理局",
      status: "open",
      indicatorSet: { id: "offline-v1", mode: "offline" },
    });
    expect(shown.json().indicatorSet.indicators.map((i: { zh: string }) => i.zh)).toEqual([
      "整体满意度",
      "服务效率",
      "服务水平",
      "服务态度",
    ]);
    expect(shown.body).not.toContain(clerkName);

    const give = (payload: Record<string, unknown>, tok = token) =>
      t.app.inject({ method: "POST", url: `/api/evaluation/kiosk/${tok}/evaluation`, payload });
    expect((await give({ level: 2, tags: ["fast"] })).json().code).toBe("EVALUATION_UNKNOWN_TAG"); // an online tag
    const given = await give({ level: 2, tags: ["poor_attitude"], scores: { attitude: 1 } });
    expect(given.statusCode, given.body).toBe(201);
    expect(given.json()).toMatchObject({ channel: "window", level: 2, scores: { overall: 2, attitude: 1 } });
    expect((await give({ level: 5 })).json().code).toBe("EVALUATION_ALREADY_GIVEN");
    const wrong = await give({ level: 5 }, "A".repeat(32));
    expect([wrong.statusCode, wrong.json().code]).toEqual([404, "EVALUATION_VISIT_TOKEN_INVALID"]);

    const ticket = (await t.app.inject({ method: "GET", url: "/api/evaluation/rectifications", headers: clerk })).json()
      .items[0];
    expect(ticket).toMatchObject({ subject: { kind: "visit" }, applicant: "", evaluation: { id: given.json().id } });
    let res = await t.app.inject({
      method: "POST",
      url: `/api/evaluation/rectifications/${ticket.id}/verify`,
      headers: clerk,
      payload: { version: ticket.version, handling: "explained", finding: "窗口高峰期，已向办事人致歉" },
    });
    res = await t.app.inject({
      method: "POST",
      url: `/api/evaluation/rectifications/${ticket.id}/reply`,
      headers: clerk,
      payload: { version: res.json().version, reply: "已加强窗口服务规范培训" },
    });
    expect(res.json()).toMatchObject({ status: "closed", repliedOnTime: true }); // nobody to call back
  });

  it("limits the public paths per client IP (429 in the error shape)", async () => {
    // Fixed one-minute windows: 17 requests cross at most one boundary, so one window holds more than 8.
    let limited: { statusCode: number; json(): { code: string } } | undefined;
    for (let i = 0; i < 17 && !limited; i++) {
      const res = await t.app.inject({ method: "GET", url: "/api/evaluation/public/stats" });
      if (res.statusCode !== 200) limited = res;
    }
    expect([limited?.statusCode, limited?.json().code]).toEqual([429, "RATE_LIMITED"]);
  });
});
