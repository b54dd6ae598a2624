/**
 * Time limits (办理时限) on the platform's work calendar. A limit in working days ends, as for cases, at the
 * end of the N-th working day after the day it starts (WorkCalendar.addWorkingDays). A limit in working
 * hours counts only the hotline's working hours (09:00–17:00 local on working days): a 2-hour request
 * taken at 16:30 on a Friday is due at 10:30 on the next working day. Pure, given a WorkCalendar.
 */
import type { WorkCalendar } from "../../platform/calendar/work-calendar.js";
import { shiftDate } from "../../platform/calendar/work-calendar.js";
import type { Limit } from "./categories.js";

const HOUR_MS = 3_600_000;
/** The working hours of a working day, in hours after local midnight. */
export const WORKING_HOURS = { start: 9, end: 17 } as const;

export function addWorkingHours(cal: WorkCalendar, from: Date, hours: number): Date {
  let left = hours * HOUR_MS;
  let date = cal.localDate(from);
  // A year of days off in a row would be a broken calendar; stop rather than loop forever.
  for (let i = 0; i < 400; i++, date = shiftDate(date, 1)) {
    if (!cal.isWorkingDay(date)) continue;
    const midnight = cal.startOfDay(date).getTime();
    const open = midnight + WORKING_HOURS.start * HOUR_MS;
    const close = midnight + WORKING_HOURS.end * HOUR_MS;
    const start = Math.max(open, from.getTime());
    if (start >= close) continue;
    if (left <= close - start) return new Date(start + left);
    left -= close - start;
  }
  throw new RangeError("no working hours within 400 days");
}

export function deadlineFor(cal: WorkCalendar, from: Date, limit: Limit): Date {
  return limit.unit === "hours"
    ? addWorkingHours(cal, from, limit.value)
    : cal.addWorkingDays(from, limit.value).deadline;
}

export type Light = "green" | "yellow" | "red" | "none";

/** Red once past the deadline, yellow in the last quarter of the time given, none when not being handled. */
export function lightOf(status: string, startedAt: Date | null, deadline: Date | null, now: Date): Light {
  if (status !== "assigned" || !startedAt || !deadline) return "none";
  const left = deadline.getTime() - now.getTime();
  if (left < 0) return "red";
  return left <= (deadline.getTime() - startedAt.getTime()) / 4 ? "yellow" : "green";
}
