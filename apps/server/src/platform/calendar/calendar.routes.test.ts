import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../seed/index.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, loginAs } from "../../test-support/identity.js";

describe("work calendar API", () => {
  let t: TestApp;
  let DEV_ADMIN: Headers;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.database.db);
    DEV_ADMIN = await loginAs(t, "platform_admin");
  });
  afterAll(() => t.close());

  const get = (url: string) => t.app.inject({ method: "GET", url });

  it("lists a year's holidays and make-up working days from the seed", async () => {
    const res = await get("/api/calendar/days?year=2026");
    expect(res.statusCode).toBe(200);
    const { days } = res.json();
    expect(days.filter((d: { kind: string }) => d.kind === "holiday")).toHaveLength(33);
    expect(days.filter((d: { kind: string }) => d.kind === "workday").map((d: { date: string }) => d.date)).toEqual([
      "2026-01-04",
      "2026-02-14",
      "2026-02-28",
      "2026-05-09",
      "2026-09-20",
      "2026-10-10",
    ]);
    expect(days.find((d: { date: string }) => d.date === "2026-02-17").name).toBe("春节");
  });

  it("answers whether a date is a working day", async () => {
    expect((await get("/api/calendar/day?date=2026-02-14")).json()).toEqual({
      date: "2026-02-14",
      workingDay: true,
      kind: "workday",
      name: "春节调休上班",
    });
    expect((await get("/api/calendar/day?date=2026-02-17")).json()).toMatchObject({
      workingDay: false,
      kind: "holiday",
    });
  });

  it("computes a deadline and a count across the Spring Festival", async () => {
    const from = encodeURIComponent("2026-02-13T10:00:00+08:00");
    const add = (await get(`/api/calendar/add-working-days?from=${from}&days=2`)).json();
    expect(add).toMatchObject({
      deadlineDate: "2026-02-24",
      deadline: "2026-02-24T15:59:59.999Z",
      timeZone: "Asia/Shanghai",
    });
    const to = encodeURIComponent("2026-03-02T09:00:00+08:00");
    expect((await get(`/api/calendar/count-working-days?from=${from}&to=${to}`)).json().workingDays).toBe(7);
  });

  it("rejects bad input with field details", async () => {
    for (const url of [
      "/api/calendar/add-working-days?from=2026-02-13&days=2", // no time / offset
      "/api/calendar/add-working-days?from=2026-02-13T10:00:00%2B08:00&days=-1",
      "/api/calendar/days?year=abc",
      "/api/calendar/count-working-days?from=x&to=y",
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().code).toBe("VALIDATION_FAILED");
    }
  });

  it("an admin edit changes the arithmetic at once (make Monday 2026-03-02 a holiday)", async () => {
    const from = encodeURIComponent("2026-02-13T10:00:00+08:00");
    const put = await t.app.inject({
      method: "PUT",
      url: "/api/calendar/days/2026-03-02",
      headers: DEV_ADMIN,
      payload: { kind: "holiday", name: "临时休假" },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ date: "2026-03-02", kind: "holiday", name: "临时休假" });
    expect((await get(`/api/calendar/add-working-days?from=${from}&days=7`)).json().deadlineDate).toBe("2026-03-03");

    const del = await t.app.inject({ method: "DELETE", url: "/api/calendar/days/2026-03-02", headers: DEV_ADMIN });
    expect(del.statusCode).toBe(204);
    expect((await get(`/api/calendar/add-working-days?from=${from}&days=7`)).json().deadlineDate).toBe("2026-03-02");
    const again = await t.app.inject({ method: "DELETE", url: "/api/calendar/days/2026-03-02", headers: DEV_ADMIN });
    expect([again.statusCode, again.json().code]).toEqual([404, "CALENDAR_DAY_NOT_FOUND"]);
  });

  it("edits need the admin permission and valid input", async () => {
    const anon = await t.app.inject({
      method: "PUT",
      url: "/api/calendar/days/2026-03-02",
      payload: { kind: "holiday" },
    });
    expect(anon.statusCode).toBe(401);
    const badKind = await t.app.inject({
      method: "PUT",
      url: "/api/calendar/days/2026-03-02",
      headers: DEV_ADMIN,
      payload: { kind: "party" },
    });
    expect(badKind.statusCode).toBe(400);
    const badDate = await t.app.inject({
      method: "PUT",
      url: "/api/calendar/days/2026-13-01",
      headers: DEV_ADMIN,
      payload: { kind: "holiday" },
    });
    expect(badDate.statusCode).toBe(400);
    expect((await get("/api/calendar/day?date=2026-03-02")).json().kind).toBe("weekday");
  });
});
