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
