import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { RoleName, StaffAccount } from "@yiwang/contracts";
import { apiFetch } from "../../../shared/api";
import { identityUrl } from "../../../shared/session";

export const ROLES: RoleName[] = ["window_clerk", "approver", "dept_admin", "platform_admin", "auditor", "supervisor"];
/** What a department administrator may grant (the server enforces it; the form only offers these). */
export const DEPARTMENT_GRANTABLE: RoleName[] = ["window_clerk", "approver"];

export interface StaffFilter {
  q?: string;
  departmentId?: string;
  limit: number;
  offset: number;
}

export const STAFF_KEY = ["identity", "staff"] as const;

export function useStaffList(filter: StaffFilter, enabled: boolean) {
  return useQuery({
    queryKey: [...STAFF_KEY, filter],
    queryFn: ({ signal }) =>
      apiFetch<{ items: StaffAccount[]; total: number }>(identityUrl("/staff"), { query: { ...filter }, signal }),
    placeholderData: keepPreviousData,
    enabled,
    staleTime: 0,
  });
}
