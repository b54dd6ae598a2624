import type { Audience, ImportReport, ServiceItemInputRaw } from "@yiwang/contracts";
import { api, rawBody, unwrap } from "../../../api/client";
import { ApiError } from "../../../shared/api";

/**
 * Catalog administration calls. They go with the staff session cookie (same origin); the server checks
 * `catalog.manage` on every one.
 */
export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export const adminList = (q: string, signal?: AbortSignal) =>
  unwrap(api.GET("/api/catalog/admin/items", { params: { query: { q, limit: 500 } }, signal }));

export const adminItem = (code: string, signal?: AbortSignal) =>
  unwrap(api.GET("/api/catalog/admin/items/{code}", { params: { path: { code } }, signal }));

/** The platform's default application form (what an item with `form: null` is applied for with). */
export const defaultForm = (audience: Audience, signal?: AbortSignal) =>
  unwrap(api.GET("/api/catalog/admin/default-form", { params: { query: { audience } }, signal }));

export const saveItem = (input: ServiceItemInputRaw, existing: boolean) =>
  unwrap(
    existing
      ? api.PUT("/api/catalog/admin/items/{code}", { params: { path: { code: input.code } }, body: input })
      : api.POST("/api/catalog/admin/items", { body: input }),
  );
export const publishItem = (code: string) =>
  unwrap(api.POST("/api/catalog/admin/items/{code}/publish", { params: { path: { code } } }));
export const retireItem = (code: string) =>
  unwrap(api.POST("/api/catalog/admin/items/{code}/retire", { params: { path: { code } } }));

export const adminBundles = (signal?: AbortSignal) => unwrap(api.GET("/api/catalog/admin/bundles", { signal }));
export const publishBundle = (code: string) =>
  unwrap(api.POST("/api/catalog/admin/bundles/{code}/publish", { params: { path: { code } } }));
export const retireBundle = (code: string) =>
  unwrap(api.POST("/api/catalog/admin/bundles/{code}/retire", { params: { path: { code } } }));

export function importWorkbook(file: File, validOnly: boolean): Promise<ImportReport> {
  return unwrap(
    api.POST("/api/catalog/admin/import", {
      params: { query: { mode: validOnly ? "valid" : "all" } },
      ...rawBody(file, XLSX),
    }),
  );
}

/** Downloads the export through fetch (errors come back as the API's JSON) and saves it as a file. */
export async function downloadExport(): Promise<void> {
  const res = await fetch("/api/catalog/admin/export");
  if (!res.ok) {
    const body = await res.json().catch(() => ({ code: "UNEXPECTED_RESPONSE" }));
    throw new ApiError(res.status, body);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = "政务服务事项目录.xlsx";
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
