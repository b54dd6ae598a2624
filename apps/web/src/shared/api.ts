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

/** Whether a parsed body is the platform's error shape (see `api/client.ts`, which throws it as ApiError). */
export function isErrorBody(body: unknown): body is ErrorResponse {
  return typeof body === "object" && body !== null && typeof (body as { code?: unknown }).code === "string";
}
