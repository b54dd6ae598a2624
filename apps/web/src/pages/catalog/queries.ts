import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";

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
    queryFn: ({ signal }) => unwrap(api.GET("/api/catalog/search", { params: { query: { ...params } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useFacets(audience?: SearchParams["audience"]) {
  return useQuery({
    queryKey: ["catalog", "facets", audience ?? ""],
    queryFn: ({ signal }) => unwrap(api.GET("/api/catalog/facets", { params: { query: { audience } }, signal })),
  });
}

/** The current published version, or one version when `version` is given. */
export function guideQuery(code: string, version?: number) {
  return {
    queryKey: ["catalog", "item", code, version ?? "current"],
    queryFn: ({ signal }: { signal: AbortSignal }) =>
      unwrap(
        version
          ? api.GET("/api/catalog/items/{code}/versions/{version}", { params: { path: { code, version } }, signal })
          : api.GET("/api/catalog/items/{code}", { params: { path: { code } }, signal }),
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
      unwrap(api.GET("/api/catalog/items/{code}/versions", { params: { path: { code } }, signal })),
    retry: false,
  });
}

export function useBundles() {
  return useQuery({
    queryKey: ["catalog", "bundles"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/catalog/bundles", { signal })),
  });
}

export function useBundle(code: string) {
  return useQuery({
    queryKey: ["catalog", "bundle", code],
    queryFn: ({ signal }) => unwrap(api.GET("/api/catalog/bundles/{code}", { params: { path: { code } }, signal })),
    retry: false,
  });
}

export function useLicenseTypes() {
  return useQuery({
    queryKey: ["catalog", "license-types"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/catalog/license-types", { signal })),
    staleTime: 5 * 60_000,
  });
}
