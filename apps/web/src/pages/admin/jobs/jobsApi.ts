import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { DeadJobList, RetriedJob } from "@yiwang/contracts";
import { apiFetch } from "../../../shared/api";
import { apiSend } from "../../../shared/session";

export const DEAD_JOBS_KEY = ["jobs", "dead"] as const;
const URL = "/api/admin/jobs";

export interface DeadJobFilter {
  kind?: string;
  limit: number;
  offset: number;
}

/** Dead jobs (platform admins only: `enabled` keeps other people from asking for a 403). */
export function useDeadJobs(filter: DeadJobFilter, enabled: boolean) {
  return useQuery({
    queryKey: [...DEAD_JOBS_KEY, filter],
    queryFn: ({ signal }) => apiFetch<DeadJobList>(`${URL}/dead`, { query: { ...filter }, signal }),
    placeholderData: keepPreviousData,
    enabled,
    staleTime: 0,
  });
}

export const retryDeadJob = (id: string) => apiSend<RetriedJob>("POST", `${URL}/${id}/retry`);
