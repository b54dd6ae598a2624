import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ApplyRequest, DecideApplicationRequest } from "@yiwang/contracts";
import { api, unwrap } from "../../api/client";

/** The portal's typed reads (the CKAN API stays for CKAN clients). */

export interface DatasetSearch {
  q?: string;
  department?: string;
  theme?: string;
  format?: string;
  openLevel?: "open" | "conditional";
  page: number;
}

export const PAGE_SIZE = 10;
export const ROWS_PER_PAGE = 10;

export function useDatasetSearch(s: DatasetSearch) {
  return useQuery({
    queryKey: ["opendata", "search", s],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/opendata/datasets", { params: { query: { ...s, pageSize: PAGE_SIZE } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useDataset(id: string, resource: string | undefined, offset: number) {
  return useQuery({
    queryKey: ["opendata", "dataset", id, resource, offset],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/opendata/datasets/{id}", {
          params: { path: { id }, query: { offset, limit: ROWS_PER_PAGE, ...(resource ? { resource } : {}) } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

// ── 有条件开放: applying, my applications and keys, the publisher's decisions; statistics ──

export function useApply(datasetId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ApplyRequest) =>
      unwrap(api.POST("/api/opendata/datasets/{id}/applications", { params: { path: { id: datasetId } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["opendata", "mine"] }),
  });
}

export function useMyApplications() {
  return useQuery({
    queryKey: ["opendata", "mine"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/opendata/my/applications", { signal })),
  });
}

export function useTakeKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/opendata/my/applications/{id}/key", { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["opendata", "mine"] }),
  });
}

export function useDepartmentApplications() {
  return useQuery({
    queryKey: ["opendata", "applications"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/opendata/applications", { signal })),
  });
}

export function useDecide() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: DecideApplicationRequest & { id: string }) =>
      unwrap(api.POST("/api/opendata/applications/{id}/decide", { params: { path: { id } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["opendata", "applications"] }),
  });
}

export function useRevoke() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      unwrap(api.POST("/api/opendata/applications/{id}/revoke", { params: { path: { id } }, body: { reason } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["opendata", "applications"] }),
  });
}

export function useOpendataStats(days: number) {
  return useQuery({
    queryKey: ["opendata", "stats", days],
    queryFn: ({ signal }) => unwrap(api.GET("/api/opendata/stats", { params: { query: { days } }, signal })),
  });
}
