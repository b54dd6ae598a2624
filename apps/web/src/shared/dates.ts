import dayjs, { type Dayjs } from "dayjs";

/**
 * The platform counts days in China Standard Time whatever the visitor's device says, so "today" and
 * the time a clerk enters are Beijing wall-clock time. China has had no daylight saving since 1991,
 * which makes the offset a constant.
 */
export const PLATFORM_TIME_ZONE = "Asia/Shanghai";
export const PLATFORM_UTC_OFFSET = "+08:00";

const isoDateFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: PLATFORM_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** Today's date (YYYY-MM-DD) in the platform time zone. */
export function platformToday(now = new Date()): string {
  return isoDateFormat.format(now);
}

/** The platform's current wall-clock time as a (zone-less) Dayjs, for pickers' default values. */
export function platformNow(now = new Date()): Dayjs {
  const shifted = new Date(now.getTime() + 8 * 3_600_000);
  return dayjs(shifted.toISOString().slice(0, 19)).second(0).millisecond(0);
}

/** A picker's wall-clock value read as platform time, e.g. 2026-02-13T10:00:00+08:00. */
export function toPlatformInstant(value: Dayjs): string {
  return `${value.format("YYYY-MM-DDTHH:mm:ss")}${PLATFORM_UTC_OFFSET}`;
}

/** Midnight starting a date, platform time. */
export function startOfPlatformDate(date: Dayjs): string {
  return `${date.format("YYYY-MM-DD")}T00:00:00${PLATFORM_UTC_OFFSET}`;
}

const dateTimeFormat = new Intl.DateTimeFormat("sv-SE", {
  timeZone: PLATFORM_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** An instant as platform wall-clock time, "2026-03-02 10:00:00" (Swedish is the locale that writes ISO order). */
export function formatPlatformDateTime(instant: string | number | Date): string {
  return dateTimeFormat.format(new Date(instant));
}

// Dates are plain calendar dates here, so format them in UTC to avoid shifting by the device's zone.
function utcDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

export function formatWeekday(date: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { weekday: "short", timeZone: "UTC" }).format(utcDate(date));
}

export function formatLongDate(date: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, {
    year: "numeric",
    month: "long",
    day: "numeric",
    weekday: "long",
    timeZone: "UTC",
  }).format(utcDate(date));
}
