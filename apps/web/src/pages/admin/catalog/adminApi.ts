import type {
  AdminItemList,
  Bundle,
  BundleList,
  ImportReport,
  ServiceItem,
  ServiceItemInputRaw,
} from "@yiwang/contracts";
import { ApiError, apiFetch } from "../../../shared/api";

/**
 * Catalog administration calls with the development admin token (sessionStorage: survives a reload, not
 * the tab). Identity replaces the token with the staff session; only `authHeaders` changes then.
 */
const TOKEN_KEY = "yiwang.adminToken";
export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export function readAdminToken(): string {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? "";
  } catch {
    return "";
  }
}

export function saveAdminToken(token: string) {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // the token still works for this page view
  }
}

function authHeaders(): Record<string, string> {
  const token = readAdminToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

export const adminList = (q: string, signal?: AbortSignal) =>
  apiFetch<AdminItemList>("/api/catalog/admin/items", {
    query: { q, limit: 500 },
    signal,
    init: { headers: authHeaders() },
  });

export const adminItem = (code: string, signal?: AbortSignal) =>
  apiFetch<ServiceItem>(`/api/catalog/admin/items/${encodeURIComponent(code)}`, {
    signal,
    init: { headers: authHeaders() },
  });

function send<T>(method: string, path: string, body?: unknown) {
  return apiFetch<T>(path, {
    init: {
      method,
      headers: { ...authHeaders(), ...(body === undefined ? {} : { "content-type": "application/json" }) },
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

export const adminBundles = (signal?: AbortSignal) =>
  apiFetch<BundleList>("/api/catalog/admin/bundles", { signal, init: { headers: authHeaders() } });
export const publishBundle = (code: string) =>
  send<Bundle>("POST", `/api/catalog/admin/bundles/${encodeURIComponent(code)}/publish`);
export const retireBundle = (code: string) =>
  send<Bundle>("POST", `/api/catalog/admin/bundles/${encodeURIComponent(code)}/retire`);

export function importWorkbook(file: File, validOnly: boolean): Promise<ImportReport> {
  return apiFetch<ImportReport>("/api/catalog/admin/import", {
    query: { mode: validOnly ? "valid" : "all" },
    init: { method: "POST", headers: { ...authHeaders(), "content-type": XLSX }, body: file },
  });
}

/** Downloads the export through fetch (it needs the token header) and saves it as a file. */
export async function downloadExport(): Promise<void> {
  const res = await fetch("/api/catalog/admin/export", { headers: authHeaders() });
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
