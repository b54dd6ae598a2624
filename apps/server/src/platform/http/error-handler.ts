import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import { AppError, PlatformErrors } from "../errors.js";

/** Fastify's own error codes for transport problems, mapped to ours. */
const FASTIFY_CODES: Record<string, (typeof PlatformErrors)[keyof typeof PlatformErrors]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: PlatformErrors.INVALID_JSON,
  FST_ERR_CTP_EMPTY_JSON_BODY: PlatformErrors.INVALID_JSON,
  FST_ERR_CTP_BODY_TOO_LARGE: PlatformErrors.BODY_TOO_LARGE,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: PlatformErrors.UNSUPPORTED_MEDIA_TYPE,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: PlatformErrors.BAD_REQUEST,
  FST_ERR_CTP_INVALID_TYPE: PlatformErrors.BAD_REQUEST,
  FST_ERR_VALIDATION: PlatformErrors.VALIDATION_FAILED,
  FST_ERR_BAD_URL: PlatformErrors.BAD_REQUEST,
  FST_ERR_ASYNC_CONSTRAINT: PlatformErrors.BAD_REQUEST,
};

/**
 * PostgreSQL errors that reach here mean a service did not anticipate a constraint; they are still
 * the client's doing (a duplicate, a dangling reference, a malformed value), so they answer 4xx, and the
 * transaction they happened in has already rolled back — nothing half-written.
 */
const PG_CODES: Record<string, (typeof PlatformErrors)[keyof typeof PlatformErrors]> = {
  "23505": PlatformErrors.CONFLICT, // unique_violation
  "23503": PlatformErrors.REFERENCE_CONFLICT, // foreign_key_violation
  "23514": PlatformErrors.VALIDATION_FAILED, // check_violation
  "23502": PlatformErrors.VALIDATION_FAILED, // not_null_violation
  "22P02": PlatformErrors.VALIDATION_FAILED, // invalid_text_representation
  "22007": PlatformErrors.VALIDATION_FAILED, // invalid_datetime_format
  "22008": PlatformErrors.VALIDATION_FAILED, // datetime_field_overflow
  "22001": PlatformErrors.VALIDATION_FAILED, // string_data_right_truncation
};

export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext;
    const issues = error.validation.map((v) => ({
      path: [context, ...v.instancePath.split("/").filter(Boolean)].filter(Boolean).join("."),
      message: v.message ?? "invalid",
      code: v.keyword,
    }));
    return PlatformErrors.VALIDATION_FAILED({ issues });
  }
  const e = error as Partial<FastifyError> & { code?: string };
  if (e.code && FASTIFY_CODES[e.code]) return FASTIFY_CODES[e.code]();
  if (e.code && PG_CODES[e.code]) {
    const pgErr = error as { constraint?: string; column?: string };
    return PG_CODES[e.code]({ constraint: pgErr.constraint, column: pgErr.column });
  }
  if (error instanceof SyntaxError && e.statusCode === 400) return PlatformErrors.INVALID_JSON();
  if (e.statusCode === 429) return PlatformErrors.RATE_LIMITED();
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    const fallback = e.statusCode === 404 ? PlatformErrors.NOT_FOUND : PlatformErrors.BAD_REQUEST;
    return new AppError(fallback.code, { ...fallback.definition, status: e.statusCode });
  }
  return null;
}

export function sendError(reply: FastifyReply, request: FastifyRequest, error: AppError) {
  const body: Record<string, unknown> = {
    code: error.code,
    message: error.definition.message,
    messageEn: error.definition.messageEn,
    requestId: request.id,
  };
  if (error.details !== undefined) body.details = error.details;
  const retryAfter = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (typeof retryAfter === "number") reply.header("retry-after", String(retryAfter));
  return reply.status(error.definition.status).type("application/json; charset=utf-8").send(body);
}

export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error, request, reply) => {
    const known = toAppError(error);
    if (known) {
      if (known.definition.status >= 500) request.log.error({ err: error }, "request failed");
      else request.log.info({ code: known.code }, "request rejected");
      return sendError(reply, request, known);
    }
    // Unknown: log everything, tell the client nothing but the request id.
    if (isResponseSerializationError(error)) request.log.error({ err: error }, "response did not match its schema");
    else request.log.error({ err: error }, "unhandled error");
    return sendError(reply, request, PlatformErrors.INTERNAL_ERROR());
  });
}
