import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FieldPositionBatch, FieldReport } from "@yiwang/contracts";
import { api, unwrap } from "../../api/client";

/** Field forces' API: the field page (上报, positions) and the command map (staff, tracks). */

export function useFieldMe(enabled: boolean) {
  return useQuery({
    queryKey: ["hotline", "field", "me"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/hotline/field/me", { signal })),
    enabled,
  });
}

export function useMyFieldReports(enabled: boolean) {
  return useQuery({
    queryKey: ["hotline", "field", "reports"],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/hotline/field/reports", { params: { query: { limit: 20 } }, signal })),
    enabled,
  });
}

export function useFieldReport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: FieldReport) => unwrap(api.POST("/api/hotline/field/reports", { body })),
    onSettled: () => qc.invalidateQueries({ queryKey: ["hotline", "field", "reports"] }),
  });
}

export function postPositions(body: FieldPositionBatch) {
  return unwrap(api.POST("/api/hotline/field/positions", { body }));
}

/** The command map refreshes every few seconds (polling: cheap, and it survives proxies that cut SSE). */
export const MAP_REFRESH_MS = 5000;

export function useCommandMap() {
  return useQuery({
    queryKey: ["hotline", "field", "map"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/hotline/field/map", { signal })),
    refetchInterval: MAP_REFRESH_MS,
  });
}

export function useTrack(accountId: string | null) {
  return useQuery({
    queryKey: ["hotline", "field", "track", accountId],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/hotline/field/staff/{accountId}/track", {
          params: { path: { accountId: accountId as string } },
          signal,
        }),
      ),
    enabled: accountId !== null,
    refetchInterval: MAP_REFRESH_MS,
  });
}

export function useNearest(requestId: string | null) {
  return useQuery({
    queryKey: ["hotline", "field", "nearest", requestId],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/hotline/field/events/{id}/nearest", {
          params: { path: { id: requestId as string } },
          signal,
        }),
      ),
    enabled: requestId !== null,
  });
}

export function useMobilise() {
  return useMutation({
    mutationFn: (v: { requestId: string; accountId: string }) =>
      unwrap(
        api.POST("/api/hotline/field/events/{id}/mobilise", {
          params: { path: { id: v.requestId } },
          body: { accountId: v.accountId },
        }),
      ),
  });
}
