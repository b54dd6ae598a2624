import { z } from "zod";
import { isoDate, isoInstant } from "./common.js";

/** A day that departs from the Monday–Friday rule: a public holiday, or a make-up working day (调休). */
export const CalendarDayKind = z.enum(["holiday", "workday"]);
export type CalendarDayKind = z.infer<typeof CalendarDayKind>;

export const CalendarDay = z
  .object({
    date: z.string(),
    kind: CalendarDayKind,
    name: z.string().nullable(),
  })
  .meta({ id: "CalendarDay" });
export type CalendarDay = z.infer<typeof CalendarDay>;

export const CalendarDayUpsert = z.object({
  kind: CalendarDayKind,
  name: z.string().trim().max(50).nullish(),
});

export const CalendarYearQuery = z.object({
  year: z.coerce.number().int().min(1990).max(2100),
});

export const CalendarDayList = z.object({ year: z.number().int(), days: z.array(CalendarDay) });
export type CalendarDayList = z.infer<typeof CalendarDayList>;

export const AddWorkingDaysQuery = z.object({
  from: isoInstant,
  days: z.coerce.number().int().min(0).max(3650),
});
export const AddWorkingDaysResult = z.object({
  from: z.string(),
  days: z.number().int(),
  deadline: z.string().describe("End of the last working day, as an instant"),
  deadlineDate: z.string().describe("The last working day in the platform time zone"),
  timeZone: z.string(),
});
export type AddWorkingDaysResult = z.infer<typeof AddWorkingDaysResult>;

export const CountWorkingDaysQuery = z.object({ from: isoInstant, to: isoInstant });
export const CountWorkingDaysResult = z.object({
  from: z.string(),
  to: z.string(),
  workingDays: z.number().int(),
  timeZone: z.string(),
});
export type CountWorkingDaysResult = z.infer<typeof CountWorkingDaysResult>;

export const DayInfo = z.object({
  date: z.string(),
  workingDay: z.boolean(),
  kind: z.enum(["weekday", "weekend", "holiday", "workday"]),
  name: z.string().nullable(),
});
export type DayInfo = z.infer<typeof DayInfo>;
export const DayInfoQuery = z.object({ date: isoDate });
