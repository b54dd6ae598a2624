import fc from "fast-check";
import { describe, expect, it } from "vitest";
import seed from "../../seed/data/work-calendar-cn.json" with { type: "json" };
import { readFixture } from "../../test-support/fixtures.js";
import { type SpecialDay, shiftDate, WorkCalendar } from "./work-calendar.js";

// The reference data in fixtures/ (the State Council notices for 2025 and 2026).
const fixture = readFixture<{ holidays: Record<string, string[]>; makeupWorkdays: Record<string, string[]> }>(
  "work-calendar-cn.json",
);
const days: SpecialDay[] = [
  ...Object.values(fixture.holidays)
    .flat()
    .map((date) => ({ date, kind: "holiday" as const, name: null })),
  ...Object.values(fixture.makeupWorkdays)
    .flat()
    .map((date) => ({ date, kind: "workday" as const, name: null })),
];
const cal = new WorkCalendar(days, "Asia/Shanghai");
const at = (s: string) => new Date(s);

describe("work calendar: which days are working days", () => {
  it("2026 Spring Festival: Feb 15–23 off, Saturdays Feb 14 and Feb 28 are working days", () => {
    for (let d = "2026-02-15"; d <= "2026-02-23"; d = shiftDate(d, 1)) expect(cal.isWorkingDay(d), d).toBe(false);
    expect(cal.dayInfo("2026-02-14")).toMatchObject({ workingDay: true, kind: "workday" });
    expect(cal.dayInfo("2026-02-28")).toMatchObject({ workingDay: true, kind: "workday" });
    expect(cal.isWorkingDay("2026-02-13")).toBe(true); // Friday before
    expect(cal.isWorkingDay("2026-02-24")).toBe(true); // Tuesday after
    expect(cal.dayInfo("2026-03-01")).toMatchObject({ workingDay: false, kind: "weekend" });
  });

  it("plain weekdays and weekends outside the published years follow the Monday–Friday rule", () => {
    expect(cal.dayInfo("2030-07-01").kind).toBe("weekday");
    expect(cal.dayInfo("2030-07-06").kind).toBe("weekend");
  });

  it("the shipped seed copy has exactly the fixture's days", () => {
    const shipped = seed.days.map((d) => `${d.date}:${d.kind}`).sort();
    const reference = days.map((d) => `${d.date}:${d.kind}`).sort();
    expect(shipped).toEqual(reference);
  });
});

describe("work calendar: deadlines in working days (Asia/Shanghai)", () => {
  // Accepted Friday 2026-02-13 10:00 Beijing time, the last working day before the holiday but one.
  const friday = at("2026-02-13T10:00:00+08:00");

  it("counts across the Spring Festival and both make-up Saturdays", () => {
    expect(cal.addWorkingDays(friday, 1).deadlineDate).toBe("2026-02-14"); // working Saturday
    expect(cal.addWorkingDays(friday, 2).deadlineDate).toBe("2026-02-24"); // skips Feb 15–23
    expect(cal.addWorkingDays(friday, 5).deadlineDate).toBe("2026-02-27");
    expect(cal.addWorkingDays(friday, 6).deadlineDate).toBe("2026-02-28"); // working Saturday
    expect(cal.addWorkingDays(friday, 7).deadlineDate).toBe("2026-03-02"); // Sunday Mar 1 off
    expect(cal.addWorkingDays(friday, 20).deadlineDate).toBe("2026-03-19"); // Mar 2 is the 7th; 13 more weekdays
  });

  it("the deadline is the last millisecond of that day in Beijing time", () => {
    expect(cal.addWorkingDays(friday, 2).deadline.toISOString()).toBe("2026-02-24T15:59:59.999Z");
  });

  it("uses the platform time zone, not UTC: 23:30 Beijing time is already the next day", () => {
    // 2026-02-13T15:30Z is Friday 23:30 in Beijing; 2026-02-13T16:30Z is Saturday 00:30 (a working day).
    expect(cal.addWorkingDays(at("2026-02-13T15:30:00Z"), 1).deadlineDate).toBe("2026-02-14");
    expect(cal.addWorkingDays(at("2026-02-13T16:30:00Z"), 1).deadlineDate).toBe("2026-02-24");
  });

  it("crosses the year boundary: New Year 2026 off Jan 1–3, Sunday Jan 4 worked", () => {
    const dec31 = at("2025-12-31T09:00:00+08:00"); // Wednesday
    expect(cal.addWorkingDays(dec31, 1).deadlineDate).toBe("2026-01-04");
    expect(cal.addWorkingDays(dec31, 2).deadlineDate).toBe("2026-01-05");
    expect(cal.countWorkingDays(dec31, at("2026-01-05T12:00:00+08:00"))).toBe(2);
    // 2024 → 2025: Jan 1 2025 off.
    expect(cal.addWorkingDays(at("2024-12-31T09:00:00+08:00"), 1).deadlineDate).toBe("2025-01-02");
  });

  it("National Day 2026 (Oct 1–7 off, Saturday Oct 10 worked) and Mid-Autumn (Sep 25–27 off, Sunday Sep 20 worked)", () => {
    expect(cal.addWorkingDays(at("2026-09-30T09:00:00+08:00"), 1).deadlineDate).toBe("2026-10-08");
    expect(cal.addWorkingDays(at("2026-10-09T09:00:00+08:00"), 1).deadlineDate).toBe("2026-10-10");
    expect(cal.addWorkingDays(at("2026-09-19T09:00:00+08:00"), 1).deadlineDate).toBe("2026-09-20");
    expect(cal.addWorkingDays(at("2026-09-24T09:00:00+08:00"), 1).deadlineDate).toBe("2026-09-28");
  });

  it("zero days (immediate case) ends today, or on the next working day when accepted on a day off", () => {
    expect(cal.addWorkingDays(friday, 0).deadlineDate).toBe("2026-02-13");
    expect(cal.addWorkingDays(at("2026-02-16T10:00:00+08:00"), 0).deadlineDate).toBe("2026-02-24");
  });

  it("counts working days between two instants, negative when reversed", () => {
    const after = at("2026-03-02T09:00:00+08:00");
    expect(cal.countWorkingDays(friday, after)).toBe(7);
    expect(cal.countWorkingDays(after, friday)).toBe(-7);
    expect(cal.countWorkingDays(friday, at("2026-02-13T23:00:00+08:00"))).toBe(0);
    // The whole holiday contributes nothing.
    expect(cal.countWorkingDays(at("2026-02-14T12:00:00+08:00"), at("2026-02-23T12:00:00+08:00"))).toBe(0);
  });

  it("property: count(from, add(from, n)) = n and deadlines are working days, 2025–2026 and beyond", () => {
    fc.assert(
      fc.property(
        fc.date({ min: at("2024-12-01T00:00:00Z"), max: at("2027-01-31T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: 1, max: 300 }),
        (from, n) => {
          const { deadline, deadlineDate } = cal.addWorkingDays(from, n);
          expect(cal.isWorkingDay(deadlineDate)).toBe(true);
          expect(cal.localDate(deadline)).toBe(deadlineDate);
          expect(cal.countWorkingDays(from, deadline)).toBe(n);
          // One millisecond later is the next day.
          expect(cal.localDate(new Date(deadline.getTime() + 1))).toBe(shiftDate(deadlineDate, 1));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("works in another time zone (configurable), including one with DST", () => {
    const ny = new WorkCalendar([], "America/New_York");
    expect(ny.startOfDay("2026-03-08").toISOString()).toBe("2026-03-08T05:00:00.000Z"); // EST
    expect(ny.startOfDay("2026-03-09").toISOString()).toBe("2026-03-09T04:00:00.000Z"); // EDT
    expect(ny.endOfDay("2026-03-08").toISOString()).toBe("2026-03-09T03:59:59.999Z");
  });

  it("property: the cached and integer fast paths answer as Intl and day-by-day counting do, in zones with DST", () => {
    const zones = ["Asia/Shanghai", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Europe/London"];
    const calendars = zones.map((z) => new WorkCalendar(days, z));
    // The definitions the fast paths replace: Intl's date, and one day at a time over date strings.
    const intlDate = (d: Date, timeZone: string) =>
      new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
    const dayByDay = (c: WorkCalendar, from: Date, to: Date) => {
      const a = intlDate(from, c.timeZone);
      const b = intlDate(to, c.timeZone);
      const [lo, hi, sign] = a < b ? [a, b, 1] : [b, a, -1];
      let n = 0;
      for (let d = shiftDate(lo, 1); d <= hi; d = shiftDate(d, 1)) if (c.dayInfo(d).workingDay) n++;
      return n === 0 ? 0 : sign * n;
    };
    // Counted backwards over a weekend: 0, not -0 (fast-check found it in CI).
    expect(cal.countWorkingDays(at("2026-12-06T04:00:00Z"), at("2026-12-05T04:00:00Z"))).toBe(0);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: calendars.length - 1 }),
        fc.date({ min: at("2024-01-01T00:00:00Z"), max: at("2027-12-31T00:00:00Z"), noInvalidDate: true }),
        fc.date({ min: at("2024-01-01T00:00:00Z"), max: at("2027-12-31T00:00:00Z"), noInvalidDate: true }),
        (i, from, to) => {
          const c = calendars[i] as WorkCalendar;
          expect(c.localDate(from)).toBe(intlDate(from, c.timeZone));
          expect(c.countWorkingDays(from, to)).toBe(dayByDay(c, from, to));
          const date = intlDate(from, c.timeZone);
          const start = c.startOfDay(date);
          expect(intlDate(start, c.timeZone)).toBe(date);
          expect(intlDate(new Date(start.getTime() - 1), c.timeZone)).toBe(shiftDate(date, -1));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("rejects a negative number of days", () => {
    expect(() => cal.addWorkingDays(friday, -1)).toThrow(RangeError);
  });
});
