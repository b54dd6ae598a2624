import { z } from "zod";

/**
 * The one error shape of the whole API. `code` is stable and machine-readable (clients switch on it);
 * `message` is Chinese, `messageEn` English; `requestId` matches the `x-request-id` header and the logs.
 */
export const ErrorResponse = z
  .object({
    code: z.string().describe("Stable machine-readable error code, e.g. VALIDATION_FAILED"),
    message: z.string().describe("中文说明"),
    messageEn: z.string().describe("English explanation"),
    details: z.unknown().optional(),
    requestId: z.string(),
  })
  .meta({ id: "ErrorResponse" });
export type ErrorResponse = z.infer<typeof ErrorResponse>;

export const ValidationIssue = z.object({
  path: z.string(),
  message: z.string(),
  code: z.string().optional(),
});
export type ValidationIssue = z.infer<typeof ValidationIssue>;

/** The HTTP statuses the API answers with an `ErrorResponse`. */
export type ErrorStatus =
  | 400
  | 401
  | 403
  | 404
  | 405
  | 406
  | 409
  | 410
  | 413
  | 415
  | 422
  | 423
  | 429
  | 500
  | 502
  | 503
  | 504;

/**
 * The error part of a route's `schema.response`: every listed status answers the one `ErrorResponse`
 * shape (a `$ref` in the OpenAPI document). `response: { 200: Thing, ...errorResponses(400, 401, 403, 404) }`.
 * A guarded route lists at least 401 and 403, a route with parameters at least 400
 * (`platform/http/openapi-errors.test.ts`).
 */
export function errorResponses<const S extends readonly ErrorStatus[]>(
  ...statuses: S
): { [K in S[number]]: typeof ErrorResponse } {
  const out: Partial<Record<ErrorStatus, typeof ErrorResponse>> = {};
  for (const status of statuses) out[status] = ErrorResponse;
  return out as { [K in S[number]]: typeof ErrorResponse };
}
