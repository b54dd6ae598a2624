import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { AccountProposalCreate, AccountProposalStatus, SecurityAlertKind } from "@yiwang/contracts";
import { api, unwrap } from "../../../api/client";

export const ALERTS_KEY = ["security", "alerts"] as const;
export const PROPOSALS_KEY = ["identity", "dual-control"] as const;

export interface AlertFilter {
  status?: "open" | "acknowledged";
  kind?: SecurityAlertKind;
  limit: number;
  offset: number;
}

/** Security alerts (security admins and auditors: `enabled` keeps everyone else from asking for a 403). */
export function useSecurityAlerts(filter: AlertFilter, enabled: boolean) {
  return useQuery({
    queryKey: [...ALERTS_KEY, filter],
    queryFn: ({ signal }) => unwrap(api.GET("/api/security/alerts", { params: { query: { ...filter } }, signal })),
    placeholderData: keepPreviousData,
    enabled,
    staleTime: 0,
  });
}

export const acknowledgeAlert = (id: string, note?: string) =>
  unwrap(api.POST("/api/security/alerts/{id}/acknowledge", { params: { path: { id } }, body: { note } }));

export function useProposals(
  filter: { status?: AccountProposalStatus; limit: number; offset: number },
  enabled: boolean,
) {
  return useQuery({
    queryKey: [...PROPOSALS_KEY, filter],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/identity/dual-control/proposals", { params: { query: { ...filter } }, signal })),
    placeholderData: keepPreviousData,
    enabled,
    staleTime: 0,
  });
}

export const propose = (body: AccountProposalCreate) =>
  unwrap(api.POST("/api/identity/dual-control/proposals", { body }));

export const approveProposal = (id: string) =>
  unwrap(api.POST("/api/identity/dual-control/proposals/{id}/approve", { params: { path: { id } } }));

export const refuseProposal = (id: string, note: string) =>
  unwrap(api.POST("/api/identity/dual-control/proposals/{id}/refuse", { params: { path: { id } }, body: { note } }));
