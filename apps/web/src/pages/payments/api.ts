import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";

/** 缴费: a case's payment order, one order (the pay page), and the demo pay button. */

export const paymentKey = (caseId: string) => ["cases", caseId, "payment"] as const;
export const orderKey = (id: string) => ["payments", "orders", id] as const;

export const useCasePayment = (caseId: string) =>
  useQuery({
    queryKey: paymentKey(caseId),
    queryFn: ({ signal }) => unwrap(api.GET("/api/payments/cases/{id}", { params: { path: { id: caseId } }, signal })),
  });

export const usePaymentOrder = (id: string) =>
  useQuery({
    queryKey: orderKey(id),
    queryFn: ({ signal }) => unwrap(api.GET("/api/payments/orders/{id}", { params: { path: { id } }, signal })),
    retry: false,
  });

export function useDemoPay(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/payments/orders/{id}/demo-pay", { params: { path: { id } } })),
    onSuccess: (order) => {
      qc.setQueryData(orderKey(id), order);
      void qc.invalidateQueries({ queryKey: ["cases", order.caseId] });
      void qc.invalidateQueries({ queryKey: ["cases", "detail", order.caseId] });
    },
  });
}

/** 2000 fen → "20.00": amounts travel as integer fen and are shown as yuan. */
export function yuan(fen: number): string {
  return `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
}

export const receiptHref = (id: string) => `/api/payments/orders/${id}/receipt`;
