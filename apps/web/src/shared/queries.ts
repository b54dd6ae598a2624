import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";

/** Read queries shared by several pages; one cache key per resource keeps pages consistent. */

export interface DepartmentFilter {
  q?: string;
  limit: number;
  offset: number;
}

export function useDepartments(filter: DepartmentFilter) {
  return useQuery({
    queryKey: ["org", "departments", filter],
    queryFn: ({ signal }) => unwrap(api.GET("/api/org/departments", { params: { query: { ...filter } }, signal })),
    // Paging or filtering keeps the previous rows on screen instead of flashing a skeleton.
    placeholderData: keepPreviousData,
  });
}

export function useDayInfo(date: string) {
  return useQuery({
    queryKey: ["calendar", "day", date],
    queryFn: ({ signal }) => unwrap(api.GET("/api/calendar/day", { params: { query: { date } }, signal })),
  });
}

export function useCalendarYear(year: number) {
  return useQuery({
    queryKey: ["calendar", "days", year],
    queryFn: ({ signal }) => unwrap(api.GET("/api/calendar/days", { params: { query: { year } }, signal })),
  });
}
