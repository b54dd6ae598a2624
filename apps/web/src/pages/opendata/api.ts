import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";

/** The portal's typed reads (the CKAN API stays for CKAN clients). */

export interface DatasetSearch {
  q?: string;
  department?: string;
  theme?: string;
  format?: string;
  openLevel?: "open" | "conditional";
  page: number;
}

export const PAGE_SIZE = 10;
export const ROWS_PER_PAGE = 10;

export function useDatasetSearch(s: DatasetSearch) {
  return useQuery({
    queryKey: ["opendata", "search", s],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/opendata/datasets", { params: { query: { ...s, pageSize: PAGE_SIZE } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useDataset(id: string, resource: string | undefined, offset: number) {
  return useQuery({
    queryKey: ["opendata", "dataset", id, resource, offset],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/opendata/datasets/{id}", {
          params: { path: { id }, query: { offset, limit: ROWS_PER_PAGE, ...(resource ? { resource } : {}) } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}
