/**
 * The platform's notion of "now". Everything that compares against the current time (due jobs, deadlines,
 * event timestamps) asks `app.platform.clock` instead of calling `new Date()`, so tests can set the time and
 * an operator can run a non-production process "in the future" (`CLOCK_OFFSET_SECONDS`).
 */
export interface Clock {
  now(): Date;
}

/** The machine's clock. */
export const systemClock: Clock = Object.freeze({ now: () => new Date() });

/** The system clock shifted by a fixed offset (positive = in the future). */
export class OffsetClock implements Clock {
  constructor(readonly offsetMs: number) {}
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/** A clock that stands still until a test moves it. */
export class TestClock implements Clock {
  #ms: number;
  constructor(start: Date | string | number = Date.now()) {
    this.#ms = new Date(start).getTime();
    if (Number.isNaN(this.#ms)) throw new RangeError(`invalid start time: ${String(start)}`);
  }
  now(): Date {
    return new Date(this.#ms);
  }
  set(date: Date | string | number): void {
    const ms = new Date(date).getTime();
    if (Number.isNaN(ms)) throw new RangeError(`invalid time: ${String(date)}`);
    this.#ms = ms;
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
}

/** The clock the configuration asks for: the system clock, or shifted by `CLOCK_OFFSET_SECONDS`. */
export function clockFromOffset(offsetSeconds: number): Clock {
  return offsetSeconds === 0 ? systemClock : new OffsetClock(offsetSeconds * 1000);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) of an instant in a time zone: "today" where the platform runs. */
export function localDate(instant: Date, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dateFormats.set(timeZone, format);
  }
  return format.format(instant);
}
