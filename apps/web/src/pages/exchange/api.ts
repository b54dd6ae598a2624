import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  ExchangeApplication,
  ExchangeApplicationCreate,
  ExchangeObjection,
  ExchangeObjectionAnswer,
} from "@yiwang/contracts";
import { api, unwrap } from "../../api/client";

/** Data sharing and exchange (数据共享交换) API for the workbench pages. */
const KEY = ["exchange"] as const;

export function useResources() {
  return useQuery({
    queryKey: [...KEY, "resources"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/exchange/resources", { params: { query: { limit: 100 } }, signal })),
  });
}

export function useApplications(status: ExchangeApplication["status"] | undefined, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...KEY, "applications", status, page],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/exchange/applications", {
          params: { query: { status, limit: pageSize, offset: (page - 1) * pageSize } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useObjections(status: ExchangeObjection["status"] | undefined) {
  return useQuery({
    queryKey: [...KEY, "objections", status],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/exchange/objections", { params: { query: { status, limit: 100 } }, signal })),
  });
}

export function useStats(from: string, to: string, enabled: boolean) {
  return useQuery({
    queryKey: [...KEY, "stats", from, to],
    queryFn: ({ signal }) => unwrap(api.GET("/api/exchange/stats", { params: { query: { from, to } }, signal })),
    enabled,
  });
}

function useExchangeMutation<V, R>(send: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: send, onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export const useApply = () =>
  useExchangeMutation((body: ExchangeApplicationCreate) => unwrap(api.POST("/api/exchange/applications", { body })));

export const useDecide = () =>
  useExchangeMutation(
    ({ id, action, reason }: { id: string; action: "approve" | "reject" | "revoke"; reason?: string }) => {
      const params = { path: { id } };
      if (action === "approve") {
        return unwrap(api.POST("/api/exchange/applications/{id}/approve", { params, body: reason ? { reason } : {} }));
      }
      // The dialog asks for the reason a rejection or revocation requires; an empty one is the server's 400.
      const body = { reason: reason ?? "" };
      return unwrap(
        action === "reject"
          ? api.POST("/api/exchange/applications/{id}/reject", { params, body })
          : api.POST("/api/exchange/applications/{id}/revoke", { params, body }),
      );
    },
  );

export const useAnswerObjection = () =>
  useExchangeMutation((v: { id: string } & ExchangeObjectionAnswer) =>
    unwrap(
      api.POST("/api/exchange/objections/{id}/answer", {
        params: { path: { id: v.id } },
        body: { result: v.result, answer: v.answer },
      }),
    ),
  );
