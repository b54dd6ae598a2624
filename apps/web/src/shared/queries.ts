import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiFetch } from "./api";
import type { CalendarDayList, DayInfo, DepartmentList } from "./contracts";

/** Read queries shared by several pages; one cache key per resource keeps pages consistent. */

export interface DepartmentFilter {
  q?: string;
  limit: number;
  offset: number;
}

export function useDepartments(filter: DepartmentFilter) {
  return useQuery({
    queryKey: ["org", "departments", filter],
    queryFn: ({ signal }) => apiFetch<DepartmentList>("/api/org/departments", { query: { ...filter }, signal }),
    // Paging or filtering keeps the previous rows on screen instead of flashing a skeleton.
    placeholderData: keepPreviousData,
  });
}

export function useDayInfo(date: string) {
  return useQuery({
    queryKey: ["calendar", "day", date],
    queryFn: ({ signal }) => apiFetch<DayInfo>("/api/calendar/day", { query: { date }, signal }),
  });
}

export function useCalendarYear(year: number) {
  return useQuery({
    queryKey: ["calendar", "days", year],
    queryFn: ({ signal }) => apiFetch<CalendarDayList>("/api/calendar/days", { query: { year }, signal }),
  });
}
