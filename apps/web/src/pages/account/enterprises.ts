import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { ApiError } from "../../shared/api";

export const ENTERPRISES_KEY = ["identity", "enterprises"] as const;
export const agentsKey = (enterpriseId: string) => ["identity", "agents", enterpriseId] as const;

export function useMyEnterprises(enabled = true) {
  return useQuery({
    queryKey: ENTERPRISES_KEY,
    queryFn: ({ signal }) => unwrap(api.GET("/api/identity/me/enterprises", { signal })),
    enabled,
  });
}

export function useAgents(enterpriseId: string) {
  return useQuery({
    queryKey: agentsKey(enterpriseId),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/identity/enterprises/{id}/agents", { params: { path: { id: enterpriseId } }, signal })),
    staleTime: 0,
  });
}

/** The server does not have this endpoint yet (it is being built): say "coming soon", not "error". */
export function isNotDeployed(error: unknown): boolean {
  return error instanceof ApiError && error.code === "ROUTE_NOT_FOUND";
}
