import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { Bundle, BundleList, Facets, ItemHistory, SearchResult, ServiceItem } from "@yiwang/contracts";
import { apiFetch } from "../../shared/api";

/** Catalog reads shared by the portal pages (type-only contract imports keep zod out of the bundle). */

export interface SearchParams {
  q?: string;
  audience?: "natural_person" | "legal_person";
  dept?: string;
  topic?: string;
  onlineDepth?: number;
  page?: number;
  pageSize?: number;
}

export function useCatalogSearch(params: SearchParams) {
  return useQuery({
    queryKey: ["catalog", "search", params],
    queryFn: ({ signal }) => apiFetch<SearchResult>("/api/catalog/search", { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useFacets(audience?: string) {
  return useQuery({
    queryKey: ["catalog", "facets", audience ?? ""],
    queryFn: ({ signal }) => apiFetch<Facets>("/api/catalog/facets", { query: { audience }, signal }),
  });
}

/** The current published version, or one version when `version` is given. */
export function guideQuery(code: string, version?: number) {
  return {
    queryKey: ["catalog", "item", code, version ?? "current"],
    queryFn: ({ signal }: { signal: AbortSignal }) =>
      apiFetch<ServiceItem>(
        version
          ? `/api/catalog/items/${encodeURIComponent(code)}/versions/${version}`
          : `/api/catalog/items/${encodeURIComponent(code)}`,
        { signal },
      ),
    retry: false,
  };
}

export function useGuide(code: string, version?: number) {
  return useQuery(guideQuery(code, version));
}

export function useHistory(code: string) {
  return useQuery({
    queryKey: ["catalog", "history", code],
    queryFn: ({ signal }) =>
      apiFetch<ItemHistory>(`/api/catalog/items/${encodeURIComponent(code)}/versions`, { signal }),
    retry: false,
  });
}

export function useBundles() {
  return useQuery({
    queryKey: ["catalog", "bundles"],
    queryFn: ({ signal }) => apiFetch<BundleList>("/api/catalog/bundles", { signal }),
  });
}

export function useBundle(code: string) {
  return useQuery({
    queryKey: ["catalog", "bundle", code],
    queryFn: ({ signal }) => apiFetch<Bundle>(`/api/catalog/bundles/${encodeURIComponent(code)}`, { signal }),
    retry: false,
  });
}

export function useLicenseTypes() {
  return useQuery({
    queryKey: ["catalog", "license-types"],
    queryFn: ({ signal }) =>
      apiFetch<{ items: { code: string; name: string; nameEn: string | null }[] }>("/api/catalog/license-types", {
        signal,
      }),
    staleTime: 5 * 60_000,
  });
}
