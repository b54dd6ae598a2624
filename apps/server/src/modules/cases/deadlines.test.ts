import type { CaseDetail } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { readFixture } from "../../test-support/fixtures.js";
import type { Headers } from "../../test-support/identity.js";
import { act, enterpriseApplicant, fileCase, seedCity, staffOf } from "./testing.js";

/**
 * Acceptance 2: a supplement request made on the Friday before the 2026 Spring Festival moves the deadline
 * by exactly the working days the case waited, on the work calendar — checked against the shared fixture
 * calendar counted independently here. Fixed clocks throughout (Asia/Shanghai, +08:00).
 */
const calendar = readFixture<{ holidays: Record<string, string[]>; makeupWorkdays: Record<string, string[]> }>(
  "work-calendar-cn.json",
);
const holidays = new Set(Object.values(calendar.holidays).flat());
const makeup = new Set(Object.values(calendar.makeupWorkdays).flat());

function nextDay(d: string): string {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() + 1);
  return x.toISOString().slice(0, 10);
}
/** The oracle: a working day is a weekday that is not a holiday, or a make-up Saturday/Sunday. */
function working(d: string): boolean {
  const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
  return makeup.has(d) || (dow !== 0 && dow !== 6 && !holidays.has(d));
}
function workingDaysBetween(from: string, to: string): number {
  let n = 0;
  for (let d = nextDay(from); d <= to; d = nextDay(d)) if (working(d)) n++;
  return n;
}
function nthWorkingDayAfter(from: string, n: number): string {
  let d = from;
  for (let left = n; left > 0; ) {
    d = nextDay(d);
    if (working(d)) left--;
  }
  return d;
}

describe("cases: working-day deadlines with the clock stopped", () => {
  let t: TestApp;
  const clock = new TestClock(new Date());
  let applicant: Headers;
  let clerk: Headers;
  let approver: Headers;

  beforeAll(async () => {
    t = await createTestApp({ clock });
    await seedCity(t);
    applicant = await enterpriseApplicant(t);
    clerk = await staffOf(t, "window_clerk", "amr");
    approver = await staffOf(t, "approver", "amr");
  });
  afterAll(() => t.close());

  const get = async (id: string, headers: Headers) =>
    (await t.app.inject({ method: "GET", url: `/api/cases/${id}`, headers })).json() as CaseDetail;

  it("a supplement asked on Friday 2026-02-13 and answered after the holiday moves the deadline by the days waited", async () => {
    // 食品经营许可（新办）: promised 5 working days, amr accepts, reviews and decides.
    clock.set("2026-02-10T10:00:00+08:00");
    let c = await fileCase(t, applicant, "990100-XK-001");
    c = (await act(t, clerk, c, "accept")).json();
    const accepted = nthWorkingDayAfter("2026-02-10", 5);
    expect(accepted).toBe("2026-02-24"); // 11, 12, 13, 14 (make-up Saturday), then the holiday, then 24
    expect(c.deadline).toMatchObject({ date: accepted, promiseDays: 5, pausedWorkingDays: 0 });

    clock.set("2026-02-13T16:30:00+08:00"); // the Friday before the Spring Festival holiday
    let res = await act(t, approver, c, "supplement", {
      items: [{ material: "食品安全管理制度目录", note: "缺少第 3 页" }],
      comment: "请一次性补齐",
    });
    expect(res.statusCode, res.body).toBe(200);
    c = res.json();
    expect(c.status).toBe("supplement_requested");
    expect(c.deadline.light).toBe("paused");
    expect(c.supplement?.items).toEqual([{ material: "食品安全管理制度目录", note: "缺少第 3 页" }]);

    clock.set("2026-02-25T09:15:00+08:00"); // answered the Wednesday after the holiday
    c = await get(c.id, applicant);
    res = await t.app.inject({
      method: "POST",
      url: `/api/cases/${c.id}/supplement/answer`,
      headers: applicant,
      payload: { version: c.version, note: "已补齐" },
    });
    expect(res.statusCode, res.body).toBe(200);
    c = res.json();
    const waited = workingDaysBetween("2026-02-13", "2026-02-25");
    expect(waited).toBe(3); // 14 (make-up Saturday), 24, 25
    expect(c.status).toBe("in_review");
    expect(c.deadline).toMatchObject({ date: nthWorkingDayAfter(accepted, waited), pausedWorkingDays: waited });
    expect(c.deadline.date).toBe("2026-02-27");
    expect(c.history.find((h) => h.type === "supplement_answered")?.payload).toMatchObject({
      waitedWorkingDays: 3,
      deadlineDate: "2026-02-27",
    });

    // Once only (一次性告知).
    res = await act(t, approver, c, "supplement", { items: [{ note: "again" }] });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("CASE_SUPPLEMENT_USED");

    // Lights: green with days to spare, yellow on the last day, red once it has passed.
    expect(c.deadline.light).toBe("green");
    clock.set("2026-02-27T10:00:00+08:00");
    expect((await get(c.id, approver)).deadline).toMatchObject({ light: "yellow", remainingWorkingDays: 0 });
    clock.set("2026-03-02T09:00:00+08:00");
    expect((await get(c.id, approver)).deadline.light).toBe("red");
  });

  it("a special procedure stops the clock the same way and records its result", async () => {
    clock.set("2026-09-21T09:00:00+08:00"); // Monday
    let c = await fileCase(t, applicant, "990100-XK-001");
    c = (await act(t, clerk, c, "accept")).json();
    const deadline = nthWorkingDayAfter("2026-09-21", 5);
    expect(c.deadline.date).toBe(deadline);
    clock.set("2026-09-22T15:00:00+08:00");
    let res = await act(t, approver, c, "suspend", { kind: "testing", reason: "抽样检测" });
    expect(res.statusCode, res.body).toBe(200);
    c = res.json();
    expect(c.status).toBe("suspended");
    // Nothing is decided while suspended.
    expect((await act(t, approver, c, "pass")).statusCode).toBe(409);
    clock.set("2026-10-09T11:00:00+08:00"); // across the National Day holiday
    res = await act(t, approver, c, "resume", { result: "检测合格" });
    expect(res.statusCode, res.body).toBe(200);
    c = res.json();
    const waited = workingDaysBetween("2026-09-22", "2026-10-09");
    expect(c.deadline.date).toBe(nthWorkingDayAfter(deadline, waited));
    expect(c.specialProcedures).toEqual([
      expect.objectContaining({ kind: "testing", reason: "抽样检测", result: "检测合格", workingDays: waited }),
    ]);
    expect(c.status).toBe("in_review");
  });
});
