/** API response types, from the shared zod contracts so the web app cannot drift from the server. */
export type {
  AddWorkingDaysResult,
  CalendarDay,
  CalendarDayKind,
  CalendarDayList,
  CountWorkingDaysResult,
  DayInfo,
  Department,
  DepartmentList,
} from "@yiwang/contracts";
