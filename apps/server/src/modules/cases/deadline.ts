/**
 * Deadlines (承诺时限) in working days on the work calendar. The clock starts at acceptance: the deadline
 * is the end of the promiseDays-th working day after the acceptance date. A supplement request or a
 * special procedure stops it; when it restarts, the deadline moves by the working days the case waited
 * (the working days after the stop date up to and including the restart date — the same counting rule
 * as the calendar, so no day is both used and waited). Pure, given a WorkCalendar.
 */
import type { Deadline, DeadlineLight } from "@yiwang/contracts";
import type { WorkCalendar } from "../../platform/calendar/work-calendar.js";

export function initialDeadline(cal: WorkCalendar, acceptedAt: Date, promiseDays: number): string {
  return cal.addWorkingDays(acceptedAt, promiseDays).deadlineDate;
}

/** The deadline after a stop from `pausedAt` to `resumedAt`, and the working days waited. */
export function movedDeadline(
  cal: WorkCalendar,
  deadlineDate: string,
  pausedAt: Date,
  resumedAt: Date,
): { deadlineDate: string; waited: number } {
  const waited = Math.max(0, cal.countWorkingDays(pausedAt, resumedAt));
  return { deadlineDate: waited === 0 ? deadlineDate : cal.nthWorkingDayAfter(deadlineDate, waited), waited };
}

export interface DeadlineState {
  status: string;
  promiseDays: number;
  deadlineDate: string | null;
  pausedWorkingDays: number;
  escalationLevel: number;
}

/**
 * The deadline as the UI shows it at `now`: red once the deadline has passed, yellow when the working
 * days left are at most `yellowShare` of the promised limit (or the deadline is today), paused while the
 * clock is stopped, none before acceptance or after the decision.
 */
export function deadlineView(cal: WorkCalendar, s: DeadlineState, now: Date, yellowShare: number): Deadline {
  const base = {
    promiseDays: s.promiseDays,
    date: s.deadlineDate,
    at: s.deadlineDate ? cal.endOfDay(s.deadlineDate).toISOString() : null,
    pausedWorkingDays: s.pausedWorkingDays,
    escalationLevel: s.escalationLevel,
  };
  if (!s.deadlineDate) return { ...base, remainingWorkingDays: null, light: "none" };
  if (s.status === "supplement_requested" || s.status === "suspended")
    return { ...base, remainingWorkingDays: null, light: "paused" };
  if (s.status !== "accepted" && s.status !== "in_review")
    return { ...base, remainingWorkingDays: null, light: "none" };
  const due = cal.endOfDay(s.deadlineDate);
  const remaining = cal.countWorkingDays(now, due);
  let light: DeadlineLight = "green";
  if (now.getTime() > due.getTime()) light = "red";
  else if (remaining <= 0 || remaining <= s.promiseDays * yellowShare) light = "yellow";
  return { ...base, remainingWorkingDays: now.getTime() > due.getTime() ? Math.min(-1, remaining) : remaining, light };
}
