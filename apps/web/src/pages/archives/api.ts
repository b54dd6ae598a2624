import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RetentionClass } from "@yiwang/contracts";
import { api, unwrap } from "../../api/client";

/** 电子档案 API for /workbench/archives: search, a package, checks, disposals, loans. */

const KEY = ["archives"] as const;

export function usePackages(q: string, retention: RetentionClass | undefined, offset: number, limit: number) {
  return useQuery({
    queryKey: ["archives", "packages", q, retention, offset, limit],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/archives/packages", {
          params: { query: { q: q || undefined, retention, offset, limit } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function usePackage(id: string | null) {
  return useQuery({
    queryKey: ["archives", "package", id],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/archives/packages/{id}", { params: { path: { id: id as string } }, signal })),
    enabled: id !== null,
  });
}

export function useDisposals(enabled: boolean) {
  return useQuery({
    queryKey: ["archives", "disposals"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/archives/disposals", { params: { query: {} }, signal })),
    enabled,
  });
}

export function useLoans() {
  return useQuery({
    queryKey: ["archives", "loans"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/archives/loans", { params: { query: {} }, signal })),
  });
}

export function useArchiveActions() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: KEY });
  const id = (v: string) => ({ params: { path: { id: v } } });
  return {
    check: useMutation({
      mutationFn: (packageId: string) => unwrap(api.POST("/api/archives/packages/{id}/check", id(packageId))),
      onSettled: done,
    }),
    propose: useMutation({
      mutationFn: (v: { packageId: string; reason: string }) =>
        unwrap(api.POST("/api/archives/packages/{id}/disposals", { ...id(v.packageId), body: { reason: v.reason } })),
      onSettled: done,
    }),
    approveArchivist: useMutation({
      mutationFn: (d: string) => unwrap(api.POST("/api/archives/disposals/{id}/approve-archivist", id(d))),
      onSettled: done,
    }),
    approveSupervisor: useMutation({
      mutationFn: (d: string) => unwrap(api.POST("/api/archives/disposals/{id}/approve-supervisor", id(d))),
      onSettled: done,
    }),
    borrow: useMutation({
      mutationFn: (v: { packageId: string; purpose: string; days: number }) =>
        unwrap(
          api.POST("/api/archives/packages/{id}/loans", {
            ...id(v.packageId),
            body: { purpose: v.purpose, days: v.days },
          }),
        ),
      onSettled: done,
    }),
    approveLoan: useMutation({
      mutationFn: (l: string) => unwrap(api.POST("/api/archives/loans/{id}/approve", id(l))),
      onSettled: done,
    }),
    rejectLoan: useMutation({
      mutationFn: (l: string) => unwrap(api.POST("/api/archives/loans/{id}/reject", id(l))),
      onSettled: done,
    }),
  };
}
