import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CreateHotlineRequest, IntakeHotlineRequest } from "@yiwang/contracts";
import { api, unwrap } from "../../api/client";

/** 12345 API for the citizen's report page and the operators' and departments' desk. */

const KEY = ["hotline"] as const;

export function useHotlineCategories() {
  return useQuery({
    queryKey: ["hotline", "categories"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/hotline/categories", { signal })),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useMyHotlineRequests(enabled: boolean) {
  return useQuery({
    queryKey: ["hotline", "mine"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/hotline/my/requests", { params: { query: { limit: 50 } }, signal })),
    enabled,
  });
}

export function useDeskRequests(status: string | undefined) {
  return useQuery({
    queryKey: ["hotline", "desk", status],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/hotline/desk/requests", {
          params: { query: { limit: 100, ...(status ? { status: status as "assigned" } : {}) } },
          signal,
        }),
      ),
  });
}

/** One request: the caller in clear for whoever may read it so (an operator's read is recorded); lists mask it. */
export function useHotlineRequest(id: string | null) {
  return useQuery({
    queryKey: ["hotline", "request", id],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/hotline/requests/{id}", { params: { path: { id: id as string } }, signal })),
    enabled: id !== null,
  });
}

export function useDuplicates(id: string | null) {
  return useQuery({
    queryKey: ["hotline", "duplicates", id],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/hotline/requests/{id}/duplicates", { params: { path: { id: id as string } }, signal })),
    enabled: id !== null,
  });
}

export function useFileRequest() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateHotlineRequest) => unwrap(api.POST("/api/hotline/requests", { body })),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export function useIntake() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: IntakeHotlineRequest) => unwrap(api.POST("/api/hotline/desk/requests", { body })),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

type Action = "dispatch" | "merge" | "callback" | "return" | "actions" | "answer" | "extension" | "extension/decide";

/** One staff action on a request; the lists refresh after it. */
export function useRequestAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; action: Action; body: Record<string, unknown> }) =>
      unwrap(
        // biome-ignore lint/suspicious/noExplicitAny: the actions share one shape (path id + JSON body)
        (api.POST as any)(`/api/hotline/requests/{id}/${v.action}`, { params: { path: { id: v.id } }, body: v.body }),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}
