/**
 * Slot arithmetic of a window type's template (pure): the slots of a day are the opening periods cut into
 * `slotMinutes` pieces (a piece that would run past the period's end is not offered). Times are local
 * "HH:MM"; the instants come from the work calendar's start of day (the platform time zone).
 */
import type { WorkCalendar } from "../../platform/calendar/work-calendar.js";
import { AppointmentErrors } from "./errors.js";

export interface Template {
  weekdays: number[];
  periods: string[];
  slotMinutes: number;
}

export interface DaySlot {
  start: string;
  end: string;
  startMinute: number;
  endMinute: number;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

/** The template's slots in a day; refuses periods that are reversed, overlapping or shorter than a slot. */
export function daySlots(t: Template): DaySlot[] {
  const periods = t.periods
    .map((p) => {
      const [a, b] = p.split("-") as [string, string];
      return { from: minutes(a), to: minutes(b) };
    })
    .sort((x, y) => x.from - y.from);
  const slots: DaySlot[] = [];
  let last = -1;
  for (const p of periods) {
    if (p.to - p.from < t.slotMinutes || p.from < last) throw AppointmentErrors.APPOINTMENT_TEMPLATE_INVALID();
    for (let m = p.from; m + t.slotMinutes <= p.to; m += t.slotMinutes)
      slots.push({ start: hhmm(m), end: hhmm(m + t.slotMinutes), startMinute: m, endMinute: m + t.slotMinutes });
    last = p.to;
  }
  return slots;
}

/**
 * Whether the hall opens on a date: a working day of the calendar whose weekday the template opens on. A
 * make-up working day (调休上班, often a Saturday) opens as a Monday would; a holiday never opens.
 */
export function opensOn(t: Template, calendar: WorkCalendar, date: string): boolean {
  const info = calendar.dayInfo(date);
  if (!info.workingDay) return false;
  if (info.kind === "workday") return t.weekdays.includes(1);
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
  return t.weekdays.includes(weekday);
}

/** The instant a local minute of a local date falls on. */
export function instantOf(calendar: WorkCalendar, date: string, minute: number): Date {
  return new Date(calendar.startOfDay(date).getTime() + minute * 60_000);
}
