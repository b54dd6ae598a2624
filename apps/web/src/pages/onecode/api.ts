import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";

/** 一码通 API for the holder's code page and the window's scanning page. */

const KEY = ["onecode"] as const;
/** How often the phone looks for a scan waiting for its answer, and the window for the answer. */
export const POLL_MS = 2000;

/** The holder's current code; `attach`: a license of theirs to carry as an extension field (扩展域). */
export function useMyCode(enabled: boolean, attach?: string) {
  return useQuery({
    queryKey: ["onecode", "code", attach ?? null],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/onecode/code", { params: { query: attach ? { attach } : {} }, signal })),
    enabled,
    retry: false,
    // Refreshed by the page's own timer before expiry; never served stale from the cache.
    staleTime: 0,
    gcTime: 0,
  });
}

export function useMyScans(enabled: boolean) {
  return useQuery({
    queryKey: ["onecode", "scans", "mine"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/onecode/scans/mine", { signal })),
    enabled,
    refetchInterval: POLL_MS,
  });
}

export function useScanAnswer() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: KEY });
  return {
    consent: useMutation({
      mutationFn: (v: { id: string; licenseIds: string[]; showCases: boolean }) =>
        unwrap(
          api.POST("/api/onecode/scans/{id}/consent", {
            params: { path: { id: v.id } },
            body: { licenseIds: v.licenseIds, showCases: v.showCases },
          }),
        ),
      onSettled: done,
    }),
    decline: useMutation({
      mutationFn: (id: string) => unwrap(api.POST("/api/onecode/scans/{id}/decline", { params: { path: { id } } })),
      onSettled: done,
    }),
  };
}

export function useScanCode() {
  return useMutation({
    mutationFn: (code: string) => unwrap(api.POST("/api/onecode/scans", { body: { code } })),
  });
}

/** The window's scan, polled until the holder has answered. */
export function useClerkScan(id: string | null) {
  return useQuery({
    queryKey: ["onecode", "scan", id],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/onecode/scans/{id}", { params: { path: { id: id as string } }, signal })),
    enabled: id !== null,
    retry: false,
    refetchInterval: (q) => (q.state.data?.status === "pending" ? POLL_MS : false),
  });
}
