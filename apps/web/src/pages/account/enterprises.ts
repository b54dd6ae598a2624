import { useQuery } from "@tanstack/react-query";
import type { Agent, MyEnterprise } from "@yiwang/contracts";
import { ApiError, apiFetch } from "../../shared/api";
import { identityUrl } from "../../shared/session";

export const ENTERPRISES_KEY = ["identity", "enterprises"] as const;
export const agentsKey = (enterpriseId: string) => ["identity", "agents", enterpriseId] as const;

export function useMyEnterprises(enabled = true) {
  return useQuery({
    queryKey: ENTERPRISES_KEY,
    queryFn: ({ signal }) => apiFetch<{ items: MyEnterprise[] }>(identityUrl("/me/enterprises"), { signal }),
    enabled,
  });
}

export function useAgents(enterpriseId: string) {
  return useQuery({
    queryKey: agentsKey(enterpriseId),
    queryFn: ({ signal }) =>
      apiFetch<{ items: Agent[] }>(identityUrl(`/enterprises/${enterpriseId}/agents`), { signal }),
    staleTime: 0,
  });
}

/** The server does not have this endpoint yet (it is being built): say "coming soon", not "error". */
export function isNotDeployed(error: unknown): boolean {
  return error instanceof ApiError && error.code === "ROUTE_NOT_FOUND";
}
