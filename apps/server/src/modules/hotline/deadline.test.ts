import { describe, expect, it } from "vitest";
import { WorkCalendar } from "../../platform/calendar/work-calendar.js";
import { addWorkingHours, deadlineFor, lightOf } from "./deadline.js";

// 2026-10-01..07 National Day holidays, 2026-10-10 (Saturday) a make-up working day.
const cal = new WorkCalendar(
  [
    ...[1, 2, 3, 4, 5, 6, 7].map((d) => ({ date: `2026-10-0${d}`, kind: "holiday" as const, name: "国庆节" })),
    { date: "2026-10-10", kind: "workday" as const, name: "国庆节调休" },
  ],
  "Asia/Shanghai",
);
const at = (s: string) => new Date(s);

describe("hotline time limits in working hours and days", () => {
  it("counts hours inside the working day", () => {
    expect(addWorkingHours(cal, at("2026-03-02T10:00:00+08:00"), 2)).toEqual(at("2026-03-02T12:00:00+08:00"));
  });
  it("carries the rest of a limit over the weekend", () => {
    expect(addWorkingHours(cal, at("2026-03-06T16:30:00+08:00"), 2)).toEqual(at("2026-03-09T10:30:00+08:00"));
  });
  it("starts at the opening hour when taken at night", () => {
    expect(addWorkingHours(cal, at("2026-03-02T22:00:00+08:00"), 2)).toEqual(at("2026-03-03T11:00:00+08:00"));
  });
  it("skips holidays and uses a make-up working day", () => {
    expect(addWorkingHours(cal, at("2026-09-30T16:00:00+08:00"), 24)).toEqual(
      // 1 h on 09-30, 8 h on 10-08, 8 h on 10-09, 7 h on Saturday 10-10 (调休)
      at("2026-10-10T16:00:00+08:00"),
    );
  });
  it("a limit in days ends at the end of the N-th working day", () => {
    expect(deadlineFor(cal, at("2026-03-02T10:00:00+08:00"), { unit: "days", value: 7 })).toEqual(
      at("2026-03-11T23:59:59.999+08:00"),
    );
  });
  it("lights: green, yellow in the last quarter, red when past, none when not being handled", () => {
    const s = at("2026-03-02T10:00:00+08:00");
    const d = at("2026-03-02T14:00:00+08:00");
    expect(lightOf("assigned", s, d, at("2026-03-02T12:00:00+08:00"))).toBe("green");
    expect(lightOf("assigned", s, d, at("2026-03-02T13:30:00+08:00"))).toBe("yellow");
    expect(lightOf("assigned", s, d, at("2026-03-02T14:00:01+08:00"))).toBe("red");
    expect(lightOf("answered", s, d, at("2026-03-02T14:00:01+08:00"))).toBe("none");
  });
});
