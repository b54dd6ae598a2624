/**
 * The work calendar: which days are working days, and deadline arithmetic in working days.
 *
 * A day is a working day when it is Monday–Friday and not a public holiday, or when it is a make-up
 * working day (调休上班, usually a Saturday or Sunday next to a long holiday). The State Council publishes
 * both lists each year; they live in the database and are edited through the admin API.
 *
 * Counting rule (行政许可法 §82 and common practice for 承诺时限): the day an application is accepted is
 * not counted; a limit of N working days ends at the end (24:00 local time) of the N-th working day after
 * that day. Dates are taken in the platform time zone (Asia/Shanghai by default), whatever the server's.
 *
 * This file is pure: no I/O, no clock. Every deadline in Yiwang is computed here.
 */
import { localDate } from "../clock/clock.js";

export type DayKind = "weekday" | "weekend" | "holiday" | "workday";

export interface SpecialDay {
  date: string; // YYYY-MM-DD
  kind: "holiday" | "workday";
  name: string | null;
}

export interface DayInfo {
  date: string;
  workingDay: boolean;
  kind: DayKind;
  name: string | null;
}

const DAY_MS = 86_400_000;

/** YYYY-MM-DD ± n days, in pure calendar arithmetic (no time zone involved). */
export function shiftDate(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * DAY_MS;
  return new Date(t).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 of a YYYY-MM-DD date (UTC calendar arithmetic). */
const dayNumber = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);

/** Saturday or Sunday, by day number (day 0, 1970-01-01, was a Thursday). */
function isWeekend(day: number): boolean {
  const weekday = (((day + 4) % 7) + 7) % 7;
  return weekday === 0 || weekday === 6;
}

/**
 * Offsets are cached per quarter hour: every time zone's offset is a whole number of quarter hours and
 * changes only on a quarter-hour boundary (DST switches at 01:00–03:00 local), so it is constant inside one.
 */
const QUARTER_HOUR_MS = 900_000;
const CACHE_LIMIT = 4096;
const FOUR_DIGIT_YEARS = [Date.UTC(1000, 0, 2), Date.UTC(9999, 11, 30)] as const;

/**
 * Deadline lights are computed for every row a list shows (an inbox page: 50 entries and ~40 light
 * groups). Through Intl and day-by-day date strings that cost ~110 µs each — 10.9 ms of CPU per inbox
 * page on the case-reads bench, most of it here. Working days are now counted over integer day numbers
 * (the special days keyed by day number) and the zone's offset and the start of each local day cached:
 * the same answers (work-calendar.test.ts holds them to the day-by-day definition).
 */
export class WorkCalendar {
  readonly #special = new Map<string, SpecialDay>();
  /** The special days by day number: whether each is a working day. */
  readonly #specialByDay = new Map<number, boolean>();
  readonly #partsFmt: Intl.DateTimeFormat;
  readonly #offsets = new Map<number, number>();
  readonly #dayStarts = new Map<string, number>();

  constructor(
    specialDays: Iterable<SpecialDay>,
    readonly timeZone: string,
  ) {
    for (const d of specialDays) {
      this.#special.set(d.date, d);
      this.#specialByDay.set(dayNumber(d.date), d.kind === "workday");
    }
    this.#partsFmt = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  }

  dayInfo(date: string): DayInfo {
    const special = this.#special.get(date);
    if (special) return { date, workingDay: special.kind === "workday", kind: special.kind, name: special.name };
    const weekend = isWeekend(dayNumber(date));
    return { date, workingDay: !weekend, kind: weekend ? "weekend" : "weekday", name: null };
  }

  isWorkingDay(date: string): boolean {
    return this.#isWorkingDayNumber(dayNumber(date));
  }

  /** dayInfo's workingDay by day number. */
  #isWorkingDayNumber(day: number): boolean {
    return this.#specialByDay.get(day) ?? !isWeekend(day);
  }

  /** The calendar date of an instant in the platform time zone. */
  localDate(instant: Date): string {
    const t = instant.getTime();
    // Years 1000–9999 only: toISOString writes others as ±YYYYYY, where Intl's answer is the reference.
    if (!(t >= FOUR_DIGIT_YEARS[0] && t <= FOUR_DIGIT_YEARS[1])) return localDate(instant, this.timeZone);
    return new Date(t + this.#offsetMs(t)).toISOString().slice(0, 10);
  }

  /** The first instant of a local calendar date (handles zones with DST, although China has none). */
  startOfDay(date: string): Date {
    const cached = this.#dayStarts.get(date);
    if (cached !== undefined) return new Date(cached);
    const guess = Date.parse(`${date}T00:00:00Z`);
    let t = guess - this.#offsetMs(guess);
    const corrected = guess - this.#offsetMs(t);
    if (corrected !== t) t = corrected;
    if (this.#dayStarts.size >= CACHE_LIMIT) this.#dayStarts.clear();
    this.#dayStarts.set(date, t);
    return new Date(t);
  }

  /** The last millisecond of a local calendar date. */
  endOfDay(date: string): Date {
    return new Date(this.startOfDay(shiftDate(date, 1)).getTime() - 1);
  }

  /** The n-th working day after `date` (n ≥ 1); for n = 0, `date` itself if it is a working day, else the next one. */
  nthWorkingDayAfter(date: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) throw new RangeError("n must be a non-negative integer");
    let d = date;
    if (n === 0) {
      while (!this.isWorkingDay(d)) d = shiftDate(d, 1);
      return d;
    }
    let left = n;
    while (left > 0) {
      d = shiftDate(d, 1);
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }

  /**
   * Deadline of a limit of `days` working days counted from the instant `from` (acceptance, say):
   * the end of the `days`-th working day after from's local date. `days` = 0 is an immediate case:
   * the end of the same day, or of the next working day if `from` falls on a day off.
   */
  addWorkingDays(from: Date, days: number): { deadline: Date; deadlineDate: string } {
    const deadlineDate = this.nthWorkingDayAfter(this.localDate(from), days);
    return { deadline: this.endOfDay(deadlineDate), deadlineDate };
  }

  /**
   * Working days from `from` to `to`: the working days d with localDate(from) < d ≤ localDate(to), so that
   * countWorkingDays(t, addWorkingDays(t, n).deadline) = n for n ≥ 1. Negative when `to` is before `from`.
   */
  countWorkingDays(from: Date, to: Date): number {
    const a = this.localDate(from);
    const b = this.localDate(to);
    if (a === b) return 0;
    const [lo, hi, sign] = a < b ? [a, b, 1] : [b, a, -1];
    let count = 0;
    const last = dayNumber(hi);
    for (let d = dayNumber(lo) + 1; d <= last; d++) if (this.#isWorkingDayNumber(d)) count++;
    return count === 0 ? 0 : sign * count; // never -0 (a weekend counted backwards)
  }

  /** Offset of the time zone from UTC at an instant, in ms (e.g. +8 h for Asia/Shanghai). */
  #offsetMs(instant: number): number {
    const quarter = Math.floor(instant / QUARTER_HOUR_MS);
    const cached = this.#offsets.get(quarter);
    if (cached !== undefined) return cached;
    const offset = this.#offsetOf(instant);
    if (this.#offsets.size >= CACHE_LIMIT) this.#offsets.clear();
    this.#offsets.set(quarter, offset);
    return offset;
  }

  #offsetOf(instant: number): number {
    const p: Record<string, number> = {};
    for (const part of this.#partsFmt.formatToParts(new Date(instant))) {
      if (part.type !== "literal") p[part.type] = Number(part.value);
    }
    const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    return asUtc - (instant - (((instant % 1000) + 1000) % 1000));
  }
}
