import type {
  AddWorkingDaysResult as AddWorkingDaysResultSchema,
  CalendarDayList as CalendarDayListSchema,
  CountWorkingDaysResult as CountWorkingDaysResultSchema,
  DayInfo as DayInfoSchema,
} from "@yiwang/contracts";
import type { z } from "zod";

/**
 * Response types of the API, inferred from the shared zod contracts so the web app cannot drift from
 * the server. Type-only imports: no zod code reaches the bundle. Types the contracts package already
 * exports (Department, CalendarDay, …) are imported from it directly.
 */
export type DayInfo = z.infer<typeof DayInfoSchema>;
export type CalendarDayList = z.infer<typeof CalendarDayListSchema>;
export type AddWorkingDaysResult = z.infer<typeof AddWorkingDaysResultSchema>;
export type CountWorkingDaysResult = z.infer<typeof CountWorkingDaysResultSchema>;
export type { CalendarDay, CalendarDayKind, Department, DepartmentList } from "@yiwang/contracts";
