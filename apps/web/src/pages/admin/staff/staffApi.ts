import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { RoleName } from "@yiwang/contracts";
import { api, unwrap } from "../../../api/client";

/**
 * What a platform administrator may grant. Not the auditor's or the security administrator's role (三员分立):
 * those accounts come from installation or dual control (the security page), and the server refuses them here.
 */
export const ROLES: RoleName[] = ["window_clerk", "approver", "dept_admin", "platform_admin", "supervisor"];
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
    queryFn: ({ signal }) => unwrap(api.GET("/api/identity/staff/", { params: { query: { ...filter } }, signal })),
    placeholderData: keepPreviousData,
    enabled,
    staleTime: 0,
  });
}
