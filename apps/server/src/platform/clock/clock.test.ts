import { describe, expect, it } from "vitest";
import { clockFromOffset, localDate, OffsetClock, systemClock, TestClock } from "./clock.js";

describe("clock", () => {
  it("system and offset clocks follow the machine's time", () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now - before).toBeLessThan(1000);
    const day = 86_400_000;
    const shifted = new OffsetClock(day).now().getTime() - Date.now();
    expect(Math.abs(shifted - day)).toBeLessThan(1000);
    expect(clockFromOffset(0)).toBe(systemClock);
    expect(clockFromOffset(60)).toBeInstanceOf(OffsetClock);
    expect((clockFromOffset(-60) as OffsetClock).offsetMs).toBe(-60_000);
  });

  it("a test clock stands still until set or advanced, and returns copies", () => {
    const c = new TestClock("2026-02-16T16:00:00Z");
    const a = c.now();
    a.setFullYear(1999);
    expect(c.now().toISOString()).toBe("2026-02-16T16:00:00.000Z");
    c.advance(90_000);
    expect(c.now().toISOString()).toBe("2026-02-16T16:01:30.000Z");
    c.set(new Date("2026-10-01T00:00:00+08:00"));
    expect(c.now().toISOString()).toBe("2026-09-30T16:00:00.000Z");
    expect(() => c.set("not a date")).toThrow(RangeError);
    expect(() => new TestClock(Number.NaN)).toThrow(RangeError);
  });

  it("gives an instant's calendar date in a time zone", () => {
    const lateEvening = new Date("2026-11-22T16:30:00Z"); // 00:30 on the 23rd in Beijing
    expect(localDate(lateEvening, "Asia/Shanghai")).toBe("2026-11-23");
    expect(localDate(lateEvening, "UTC")).toBe("2026-11-22");
    expect(localDate(new Date("2026-03-08T04:30:00Z"), "America/New_York")).toBe("2026-03-07"); // 23:30 EST
  });
});
