import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, rawBody, unwrap } from "../../api/client";

/** 互联网+监管 and 信用: typed calls for the plans, inspector and public credit pages. */

export const useCreditSearch = (q: string) =>
  useQuery({
    queryKey: ["credit", "search", q],
    enabled: q.length >= 2,
    queryFn: ({ signal }) => unwrap(api.GET("/api/credit/search", { params: { query: { q } }, signal })),
  });

export const useCreditProfile = (uscc: string | undefined) =>
  useQuery({
    queryKey: ["credit", "profile", uscc],
    enabled: Boolean(uscc),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/credit/enterprises/{uscc}", { params: { path: { uscc: uscc as string } }, signal })),
  });

/** The applicant enterprise's credit, for staff handling its case. */
export const useCaseCredit = (caseId: string) =>
  useQuery({
    queryKey: ["cases", caseId, "credit"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/cases/{id}/credit", { params: { path: { id: caseId } }, signal })),
  });

export const useMyVisits = () =>
  useQuery({
    queryKey: ["supervision", "visits", "mine"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/supervision/visits/mine", { signal })),
  });

/** A visit's photos (its inspectors and lead department only). */
export const useVisitPhotos = (visitId: string) =>
  useQuery({
    queryKey: ["supervision", "photos", visitId],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/supervision/visits/{id}/photos", { params: { path: { id: visitId } }, signal })),
  });

/** Uploads one photo from the phone's camera (multipart, file part `file`). */
export function useUploadVisitPhoto(visitId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const body = new FormData();
      body.append("file", file, file.name);
      return unwrap(
        api.POST("/api/supervision/visits/{id}/photos", { params: { path: { id: visitId } }, ...rawBody(body) }),
      );
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: ["supervision", "photos", visitId] }),
  });
}

/** Where a visit photo is served (the session cookie authenticates the image request). */
export const visitPhotoUrl = (visitId: string, photoId: string) =>
  `/api/supervision/visits/${visitId}/photos/${photoId}`;

export function useVisitActions() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: ["supervision", "visits"] });
  return {
    start: useMutation({
      mutationFn: (v: { id: string; lat: number; lng: number }) =>
        unwrap(
          api.POST("/api/supervision/visits/{id}/start", {
            params: { path: { id: v.id } },
            body: { position: { lat: v.lat, lng: v.lng } },
          }),
        ),
      onSuccess: done,
    }),
    checks: useMutation({
      mutationFn: (v: { id: string; checks: { index: number; outcome: "pass" | "fail" | "na"; note?: string }[] }) =>
        unwrap(
          api.PUT("/api/supervision/visits/{id}/checks", {
            params: { path: { id: v.id } },
            body: { checks: v.checks },
          }),
        ),
      onSuccess: done,
    }),
    confirm: useMutation({
      mutationFn: (v: { id: string; result: "qualified" | "rectify" | "case"; signature: string }) =>
        unwrap(
          api.POST("/api/supervision/visits/{id}/confirm", {
            params: { path: { id: v.id } },
            body: { result: v.result, signature: v.signature },
          }),
        ),
      onSuccess: done,
    }),
  };
}

export const usePlans = () =>
  useQuery({
    queryKey: ["supervision", "plans"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/supervision/plans", { signal })),
  });

export const useDrawRecord = (id: string | null) =>
  useQuery({
    queryKey: ["supervision", "draw", id],
    enabled: Boolean(id),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/supervision/draws/{id}", { params: { path: { id: id as string } }, signal })),
  });

export function usePlanActions() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: ["supervision"] });
  return {
    commit: useMutation({
      mutationFn: (id: string) => unwrap(api.POST("/api/supervision/plans/{id}/commit", { params: { path: { id } } })),
      onSuccess: done,
    }),
    draw: useMutation({
      mutationFn: (id: string) => unwrap(api.POST("/api/supervision/plans/{id}/draw", { params: { path: { id } } })),
      onSuccess: done,
    }),
  };
}

type Evidence = { title: string; description: string };

/** 责令整改: the enterprise's (or inspector's) report and the inspector's re-check. */
export function useRectificationActions() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: ["supervision"] });
  return {
    report: useMutation({
      mutationFn: (v: { id: string; report: string; evidence: Evidence[] }) =>
        unwrap(
          api.POST("/api/supervision/rectifications/{id}/report", {
            params: { path: { id: v.id } },
            body: { report: v.report, evidence: v.evidence },
          }),
        ),
      onSuccess: done,
    }),
    recheck: useMutation({
      mutationFn: (v: {
        id: string;
        passed: boolean;
        note: string;
        next?: "case" | "deadline";
        deadlineDate?: string;
      }) =>
        unwrap(
          api.POST("/api/supervision/rectifications/{id}/recheck", {
            params: { path: { id: v.id } },
            body: { passed: v.passed, note: v.note, next: v.next, deadlineDate: v.deadlineDate },
          }),
        ),
      onSuccess: done,
    }),
  };
}

export const useEnterpriseRectifications = () =>
  useQuery({
    queryKey: ["supervision", "rectifications", "enterprise"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/supervision/rectifications/enterprise", { signal })),
  });

/** 一公开: the public list of published results. */
export const usePublishedResults = (q: string, page: number) =>
  useQuery({
    queryKey: ["supervision", "results", q, page],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/supervision/results", {
          params: { query: { q: q || undefined, page, pageSize: 10 } },
          signal,
        }),
      ),
  });

export const useDashboard = () =>
  useQuery({
    queryKey: ["supervision", "dashboard"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/supervision/dashboard", { signal })),
  });
