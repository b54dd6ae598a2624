import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";

export const DEAD_JOBS_KEY = ["jobs", "dead"] as const;

export interface DeadJobFilter {
  kind?: string;
  limit: number;
  offset: number;
}

/** Dead jobs (platform admins only: `enabled` keeps other people from asking for a 403). */
export function useDeadJobs(filter: DeadJobFilter, enabled: boolean) {
  return useQuery({
    queryKey: [...DEAD_JOBS_KEY, filter],
    queryFn: ({ signal }) => unwrap(api.GET("/api/admin/jobs/dead", { params: { query: { ...filter } }, signal })),
    placeholderData: keepPreviousData,
    enabled,
    staleTime: 0,
  });
}

export const retryDeadJob = (id: string) =>
  unwrap(api.POST("/api/admin/jobs/{id}/retry", { params: { path: { id } } }));
