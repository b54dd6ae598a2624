import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CreateBenefitRequest, RuleEdit } from "@yiwang/contracts";
import { api, unwrap } from "../../api/client";

/** 惠企政策 API: the department's library, rules and batch review; the enterprise's calculator and entitlements. */

const KEY = ["policies"] as const;

export function useBenefits() {
  return useQuery({
    queryKey: ["policies", "benefits"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/policies/benefits", { signal })),
  });
}

export function useFactCatalogue() {
  return useQuery({
    queryKey: ["policies", "facts"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/policies/facts", { signal })),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useEntitlements(benefitId: string | null) {
  return useQuery({
    queryKey: ["policies", "entitlements", benefitId],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/policies/benefits/{id}/entitlements", { params: { path: { id: benefitId as string } }, signal }),
      ),
    enabled: benefitId !== null,
  });
}

export function useCalculator(enabled: boolean) {
  return useQuery({
    queryKey: ["policies", "calculator"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/policies/calculator", { signal })),
    enabled,
  });
}

export function useMyEntitlements(enabled: boolean) {
  return useQuery({
    queryKey: ["policies", "mine"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/policies/my/entitlements", { signal })),
    enabled,
  });
}

function useInvalidating<A, R>(fn: (a: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export function useCreateBenefit() {
  return useInvalidating(
    async (v: {
      document: { title: string; issuer: string; issuedOn: string; fullText: string; legalBasis: string };
      benefit: Omit<CreateBenefitRequest, "documentId">;
    }) => {
      const doc = await unwrap(api.POST("/api/policies/documents", { body: v.document }));
      return unwrap(api.POST("/api/policies/benefits", { body: { ...v.benefit, documentId: doc.id } }));
    },
  );
}

export function useEditRules() {
  return useInvalidating((v: { id: string; edit: RuleEdit }) =>
    unwrap(api.PUT("/api/policies/benefits/{id}/rules", { params: { path: { id: v.id } }, body: v.edit })),
  );
}

export function usePublish() {
  return useInvalidating((id: string) =>
    unwrap(api.POST("/api/policies/benefits/{id}/publish", { params: { path: { id } } })),
  );
}

export function useRunMatch() {
  return useInvalidating(() => unwrap(api.POST("/api/policies/match")));
}

export function useTestRule() {
  return useMutation({
    mutationFn: (body: RuleEdit & { uscc: string }) => unwrap(api.POST("/api/policies/rules/test", { body })),
  });
}

export function useDecide(benefitId: string) {
  return useInvalidating((body: { confirm: string[]; exclude: { id: string; reason: string }[] }) =>
    unwrap(api.POST("/api/policies/benefits/{id}/entitlements/decide", { params: { path: { id: benefitId } }, body })),
  );
}

export function useObject() {
  return useInvalidating((v: { id: string; text: string }) =>
    unwrap(
      api.POST("/api/policies/my/entitlements/{id}/objection", {
        params: { path: { id: v.id } },
        body: { text: v.text },
      }),
    ),
  );
}

/** 快申快享: apply with the registry's facts, confirming the bank account. */
export function useQuickApply() {
  return useInvalidating((v: { id: string; bankAccount: string }) =>
    unwrap(
      api.POST("/api/policies/my/benefits/{id}/apply", {
        params: { path: { id: v.id } },
        body: { bankAccount: v.bankAccount, confirmed: true },
      }),
    ),
  );
}

/** 兑现统计: per benefit and overall. */
export function useStats() {
  return useQuery({
    queryKey: ["policies", "stats"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/policies/stats", { signal })),
  });
}

/** The department's objections awaiting an answer. */
export function useObjections() {
  return useQuery({
    queryKey: ["policies", "objections"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/policies/objections", { signal })),
  });
}

export function useAnswerObjection() {
  return useInvalidating((v: { id: string; upheld: boolean; answer: string }) =>
    unwrap(
      api.POST("/api/policies/entitlements/{id}/objection/answer", {
        params: { path: { id: v.id } },
        body: { upheld: v.upheld, answer: v.answer },
      }),
    ),
  );
}
