import type { ErrorResponse } from "@yiwang/contracts";

/**
 * A failed API call. Server errors carry the platform's one error shape (code, 中文 message, English
 * messageEn, requestId); transport failures (offline, proxy pages) are mapped to a synthetic code so
 * callers only ever handle ApiError.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageEn: string;
  readonly details?: unknown;
  readonly requestId?: string;

  constructor(status: number, body: Partial<ErrorResponse> & { code: string }) {
    super(body.message ?? body.code);
    this.name = "ApiError";
    this.status = status;
    this.code = body.code;
    this.messageEn = body.messageEn ?? body.message ?? body.code;
    this.details = body.details;
    this.requestId = body.requestId;
  }

  /** Client errors are not worth retrying: the same request will fail the same way. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

/** Synthetic codes for failures that never produced an API error body. */
export const NETWORK_ERROR = "NETWORK_ERROR";
export const UNEXPECTED_RESPONSE = "UNEXPECTED_RESPONSE";

export type QueryValue = string | number | boolean | undefined | null;

/** `/api/x` + query, dropping empty values so optional filters do not reach the server as "". */
export function apiUrl(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export function isErrorBody(body: unknown): body is ErrorResponse {
  return typeof body === "object" && body !== null && typeof (body as { code?: unknown }).code === "string";
}

/** GETs (and later other verbs) JSON from the API; resolves with the parsed body or throws ApiError. */
export async function apiFetch<T>(
  path: string,
  options: { query?: Record<string, QueryValue>; init?: RequestInit; signal?: AbortSignal } = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      ...options.init,
      signal: options.signal,
      headers: { accept: "application/json", ...options.init?.headers },
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiError(0, { code: NETWORK_ERROR, message: String(cause) });
  }

  const isJson = response.headers.get("content-type")?.includes("application/json") ?? false;
  const body: unknown = isJson ? await response.json().catch(() => undefined) : undefined;
  if (response.ok) {
    if (response.status === 204) return undefined as T;
    if (!isJson) throw new ApiError(response.status, { code: UNEXPECTED_RESPONSE });
    return body as T;
  }
  if (isErrorBody(body)) throw new ApiError(response.status, body);
  // e.g. a reverse proxy's HTML 502 page
  throw new ApiError(response.status, { code: UNEXPECTED_RESPONSE, message: `HTTP ${response.status}` });
}
