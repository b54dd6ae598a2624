import createClient, { type Middleware } from "openapi-fetch";
import { queryClient } from "../app/queryClient";
import { ApiError, isErrorBody, NETWORK_ERROR, UNEXPECTED_RESPONSE } from "../shared/api";
import { ME_KEY } from "../shared/meKey";
import type { paths } from "./schema";

/**
 * The web's one API client: openapi-fetch over `paths`, generated from the server's OpenAPI document
 * (`npm run gen:api` writes ./schema.d.ts). Paths, path parameters, query, JSON bodies and answers are
 * checked against the server's zod schemas at compile time, so a route change that breaks a page fails
 * `npm run typecheck`.
 *
 * Behaviour (what `apiFetch` did): same-origin requests carry the httpOnly session cookie; `accept:
 * application/json`; empty query values ("" / null / undefined) are left out; every failure is thrown as
 * ApiError — the platform's error body as it is, offline as NETWORK_ERROR (status 0), anything that is not
 * the platform's JSON (a proxy's HTML 502, an OK answer that is not JSON) as UNEXPECTED_RESPONSE — and an
 * aborted request rejects with its AbortError. A write answered 401 AUTH_REQUIRED means the session ended:
 * the signed-in person becomes `null` at once, so pages that need a login send them to log in.
 *
 * Because failures throw, a resolved call always carries its success body: `unwrap(api.GET(…))`.
 */

/** Query string without empty values, so optional filters do not reach the server as "". */
export function serializeQuery(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v === undefined || v === null || v === "") continue;
      params.append(key, String(v));
    }
  }
  return params.toString();
}

function isJson(response: Response): boolean {
  return response.headers.get("content-type")?.includes("application/json") ?? false;
}

const platformErrors: Middleware = {
  onError({ error }) {
    if (error instanceof DOMException && error.name === "AbortError") return;
    return new ApiError(0, { code: NETWORK_ERROR, message: String(error) });
  },
  async onResponse({ request, response }) {
    if (response.ok) {
      if (response.status !== 204 && !isJson(response)) {
        throw new ApiError(response.status, { code: UNEXPECTED_RESPONSE });
      }
      return;
    }
    const body: unknown = isJson(response)
      ? await response
          .clone()
          .json()
          .catch(() => undefined)
      : undefined;
    // e.g. a reverse proxy's HTML 502 page
    const error = isErrorBody(body)
      ? new ApiError(response.status, body)
      : new ApiError(response.status, { code: UNEXPECTED_RESPONSE, message: `HTTP ${response.status}` });
    if (error.code === "AUTH_REQUIRED" && request.method !== "GET") queryClient.setQueryData(ME_KEY, null);
    throw error;
  },
};

export const api = createClient<paths>({
  headers: { accept: "application/json" },
  querySerializer: serializeQuery,
});
api.use(platformErrors);

/**
 * The success body of a call. The middleware throws every failure, so a resolved call is a success; a
 * 204 resolves with `undefined`.
 */
export async function unwrap<T>(call: Promise<{ data?: T; response: Response }>): Promise<T> {
  return (await call).data as T;
}

/**
 * Options for a request whose body is not JSON (a PDF, CSV, PNG, multipart form): the document describes
 * only JSON bodies, so the raw body is passed through as it is, with its content type (none for
 * FormData: the browser sets the multipart boundary).
 */
export function rawBody(body: Blob | FormData | string, contentType?: string) {
  return {
    body: body as never,
    bodySerializer: (b: unknown) => b,
    ...(contentType ? { headers: { "content-type": contentType } } : {}),
  };
}

type Method = "get" | "post" | "put" | "patch" | "delete";

/** The JSON body a route takes, from the document (for the web's own form and mutation types). */
export type RequestJson<P extends keyof paths, M extends Method> = paths[P][M & keyof paths[P]] extends {
  requestBody?: { content: { "application/json": infer B } };
}
  ? B
  : never;

/** The JSON a route answers on success, from the document. */
export type ResponseJson<P extends keyof paths, M extends Method> = paths[P][M & keyof paths[P]] extends {
  responses: infer R;
}
  ? {
      [S in keyof R]: S extends 200 | 201
        ? R[S] extends { content: { "application/json": infer B } }
          ? B
          : never
        : never;
    }[keyof R]
  : never;
