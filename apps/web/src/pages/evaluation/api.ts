import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { EvaluationStatsDimension, GiveEvaluationRequest, RectificationStatus } from "@yiwang/contracts";
import { api, rawBody, unwrap } from "../../api/client";

/** 好差评 API for the evaluate page, my evaluations, the rectification inbox, appeals and statistics. */

const KEY = ["evaluation"] as const;
const invitationKey = (id: string) => ["evaluation", "invitation", id] as const;

export function useInvitation(id: string, enabled = true) {
  return useQuery({
    queryKey: invitationKey(id),
    queryFn: ({ signal }) => unwrap(api.GET("/api/evaluation/invitations/{id}", { params: { path: { id } }, signal })),
    enabled,
    retry: false,
  });
}

export function useMyEvaluations(offset: number, limit: number, enabled: boolean) {
  return useQuery({
    queryKey: ["evaluation", "mine", offset, limit],
    queryFn: ({ signal }) => unwrap(api.GET("/api/evaluation/mine", { params: { query: { offset, limit } }, signal })),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** Evaluate, 追评 and the callback: each refreshes the invitation it concerns. */
export function useInvitationActions(id: string) {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: KEY });
  return {
    evaluate: useMutation({
      mutationFn: (body: GiveEvaluationRequest) =>
        unwrap(api.POST("/api/evaluation/invitations/{id}/evaluation", { params: { path: { id } }, body })),
      onSettled: done,
    }),
    followUp: useMutation({
      mutationFn: (body: { text: string; level?: number }) =>
        unwrap(api.POST("/api/evaluation/invitations/{id}/follow-up", { params: { path: { id } }, body })),
      onSettled: done,
    }),
    callback: useMutation({
      mutationFn: (v: { rectificationId: string; satisfied: boolean; comment?: string }) =>
        unwrap(
          api.POST("/api/evaluation/rectifications/{id}/callback", {
            params: { path: { id: v.rectificationId } },
            body: { satisfied: v.satisfied, comment: v.comment },
          }),
        ),
      onSettled: done,
    }),
  };
}

export function useKiosk(token: string) {
  const qc = useQueryClient();
  const key = ["evaluation", "kiosk", token];
  return {
    invitation: useQuery({
      queryKey: key,
      queryFn: ({ signal }) =>
        unwrap(api.GET("/api/evaluation/kiosk/{token}", { params: { path: { token } }, signal })),
      retry: false,
    }),
    evaluate: useMutation({
      mutationFn: (body: Omit<GiveEvaluationRequest, "channel">) =>
        unwrap(api.POST("/api/evaluation/kiosk/{token}/evaluation", { params: { path: { token } }, body })),
      onSettled: () => qc.invalidateQueries({ queryKey: key }),
    }),
  };
}

export function useRectifications(status: RectificationStatus | undefined, offset: number, limit: number) {
  return useQuery({
    queryKey: ["evaluation", "rectifications", status, offset, limit],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/evaluation/rectifications", { params: { query: { status, offset, limit } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useRectificationActions() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: KEY });
  return {
    verify: useMutation({
      mutationFn: (v: {
        id: string;
        version: number;
        handling: "immediate" | "scheduled" | "explained";
        finding: string;
      }) =>
        unwrap(
          api.POST("/api/evaluation/rectifications/{id}/verify", {
            params: { path: { id: v.id } },
            body: { version: v.version, handling: v.handling, finding: v.finding },
          }),
        ),
      onSettled: done,
    }),
    reply: useMutation({
      mutationFn: (v: { id: string; version: number; reply: string }) =>
        unwrap(
          api.POST("/api/evaluation/rectifications/{id}/reply", {
            params: { path: { id: v.id } },
            body: { version: v.version, reply: v.reply },
          }),
        ),
      onSettled: done,
    }),
    appeal: useMutation({
      mutationFn: (v: { evaluationId: string; reason: string }) =>
        unwrap(
          api.POST("/api/evaluation/evaluations/{id}/appeal", {
            params: { path: { id: v.evaluationId } },
            body: { reason: v.reason },
          }),
        ),
      onSettled: done,
    }),
  };
}

export function useAppeals(status: "pending" | "upheld" | "rejected" | undefined, offset: number, limit: number) {
  return useQuery({
    queryKey: ["evaluation", "appeals", status, offset, limit],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/evaluation/appeals", { params: { query: { status, offset, limit } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useDecideAppeal() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; upheld: boolean; reason: string }) =>
      unwrap(
        api.POST("/api/evaluation/appeals/{id}/decide", {
          params: { path: { id: v.id } },
          body: { upheld: v.upheld, reason: v.reason },
        }),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export function useStats(by: EvaluationStatsDimension) {
  return useQuery({
    queryKey: ["evaluation", "stats", by],
    queryFn: ({ signal }) => unwrap(api.GET("/api/evaluation/stats", { params: { query: { by } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function usePublicStats() {
  return useQuery({
    queryKey: ["evaluation", "public"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/evaluation/public/stats", { signal })),
    staleTime: 60_000,
  });
}

/** Uploads the evaluation's optional photo; the answer's id goes into the evaluation (`photoId`). */
export function uploadEvaluationPhoto(invitationId: string, file: File) {
  const body = new FormData();
  body.append("file", file, file.name);
  return unwrap(
    api.POST("/api/evaluation/invitations/{id}/photo", { params: { path: { id: invitationId } }, ...rawBody(body) }),
  );
}

/** Where an evaluation's photo is served (to the invitee and the department's staff). */
export const evaluationPhotoUrl = (evaluationId: string) => `/api/evaluation/evaluations/${evaluationId}/photo`;
