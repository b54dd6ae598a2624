import type {
  AdminItemList,
  ApplicationForm,
  Audience,
  Bundle,
  BundleList,
  ImportReport,
  ServiceItem,
  ServiceItemInputRaw,
} from "@yiwang/contracts";
import { ApiError, apiFetch } from "../../../shared/api";

/**
 * Catalog administration calls. They go with the staff session cookie (same origin); the server checks
 * `catalog.manage` on every one.
 */
export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export const adminList = (q: string, signal?: AbortSignal) =>
  apiFetch<AdminItemList>("/api/catalog/admin/items", {
    query: { q, limit: 500 },
    signal,
  });

export const adminItem = (code: string, signal?: AbortSignal) =>
  apiFetch<ServiceItem>(`/api/catalog/admin/items/${encodeURIComponent(code)}`, {
    signal,
  });

/** The platform's default application form (what an item with `form: null` is applied for with). */
export const defaultForm = (audience: Audience, signal?: AbortSignal) =>
  apiFetch<ApplicationForm>("/api/catalog/admin/default-form", { query: { audience }, signal });

function send<T>(method: string, path: string, body?: unknown) {
  return apiFetch<T>(path, {
    init: {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    },
  });
}

export const saveItem = (input: ServiceItemInputRaw, existing: boolean) =>
  existing
    ? send<ServiceItem>("PUT", `/api/catalog/admin/items/${encodeURIComponent(input.code)}`, input)
    : send<ServiceItem>("POST", "/api/catalog/admin/items", input);
export const publishItem = (code: string) =>
  send<ServiceItem>("POST", `/api/catalog/admin/items/${encodeURIComponent(code)}/publish`);
export const retireItem = (code: string) =>
  send<ServiceItem>("POST", `/api/catalog/admin/items/${encodeURIComponent(code)}/retire`);

export const adminBundles = (signal?: AbortSignal) => apiFetch<BundleList>("/api/catalog/admin/bundles", { signal });
export const publishBundle = (code: string) =>
  send<Bundle>("POST", `/api/catalog/admin/bundles/${encodeURIComponent(code)}/publish`);
export const retireBundle = (code: string) =>
  send<Bundle>("POST", `/api/catalog/admin/bundles/${encodeURIComponent(code)}/retire`);

export function importWorkbook(file: File, validOnly: boolean): Promise<ImportReport> {
  return apiFetch<ImportReport>("/api/catalog/admin/import", {
    query: { mode: validOnly ? "valid" : "all" },
    init: { method: "POST", headers: { "content-type": XLSX }, body: file },
  });
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
