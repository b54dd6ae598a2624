import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  ExchangeApplication,
  ExchangeApplicationCreate,
  ExchangeObjection,
  ExchangeObjectionAnswer,
  ExchangeResource,
  ExchangeStats,
} from "@yiwang/contracts";
import { apiFetch } from "../../shared/api";
import { apiSend } from "../../shared/session";

/** Data sharing and exchange (数据共享交换) API for the workbench pages. */
const KEY = ["exchange"] as const;

interface Page<T> {
  items: T[];
  total: number;
}

export function useResources() {
  return useQuery({
    queryKey: [...KEY, "resources"],
    queryFn: ({ signal }) =>
      apiFetch<Page<ExchangeResource>>("/api/exchange/resources", { query: { limit: 100 }, signal }),
  });
}

export function useApplications(status: string | undefined, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...KEY, "applications", status, page],
    queryFn: ({ signal }) =>
      apiFetch<Page<ExchangeApplication>>("/api/exchange/applications", {
        query: { status, limit: pageSize, offset: (page - 1) * pageSize },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useObjections(status: string | undefined) {
  return useQuery({
    queryKey: [...KEY, "objections", status],
    queryFn: ({ signal }) =>
      apiFetch<Page<ExchangeObjection>>("/api/exchange/objections", { query: { status, limit: 100 }, signal }),
  });
}

export function useStats(from: string, to: string, enabled: boolean) {
  return useQuery({
    queryKey: [...KEY, "stats", from, to],
    queryFn: ({ signal }) => apiFetch<ExchangeStats>("/api/exchange/stats", { query: { from, to }, signal }),
    enabled,
  });
}

function useExchangeMutation<V, R>(send: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: send, onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export const useApply = () =>
  useExchangeMutation((body: ExchangeApplicationCreate) =>
    apiSend<ExchangeApplication>("POST", "/api/exchange/applications", body),
  );

export const useDecide = () =>
  useExchangeMutation((v: { id: string; action: "approve" | "reject" | "revoke"; reason?: string }) =>
    apiSend<ExchangeApplication>("POST", `/api/exchange/applications/${v.id}/${v.action}`, {
      ...(v.reason ? { reason: v.reason } : {}),
    }),
  );

export const useAnswerObjection = () =>
  useExchangeMutation((v: { id: string } & ExchangeObjectionAnswer) =>
    apiSend<ExchangeObjection>("POST", `/api/exchange/objections/${v.id}/answer`, {
      result: v.result,
      answer: v.answer,
    }),
  );
