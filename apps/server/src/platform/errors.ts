/**
 * One error shape for every failure: { code, message (中文), messageEn, details?, requestId }.
 *
 * Every code is declared once, in the error-code catalog of @yiwang/contracts (`error-codes/<module>.ts`:
 * code → status + both messages), which the web shares. A module makes its section throwable with
 * `defineErrors(OrgErrorCodes)` and throws `OrgErrors.SOME_CODE(details)`; the error handler
 * (http/error-handler.ts) turns anything thrown into that shape. Codes are part of the API contract:
 * clients switch on them, so never rename one.
 */
import { type ErrorCode, type ErrorCodeDefinition, PlatformErrorCodes } from "@yiwang/contracts";

/** Code → status + both messages; the definitions live in the catalog in @yiwang/contracts. */
export type ErrorDefinition = ErrorCodeDefinition;

export class AppError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    readonly definition: ErrorDefinition,
    readonly details?: unknown,
  ) {
    super(definition.messageEn);
    this.name = "AppError";
    this.statusCode = definition.status;
  }
}

export type ErrorFactory<K extends ErrorCode = ErrorCode> = ((details?: unknown) => AppError) & {
  code: K;
  definition: ErrorDefinition;
};

/** Every code made throwable in this process, with its definition (the catalog test compares them). */
const defined = new Map<string, ErrorDefinition>();
export function definedErrors(): ReadonlyMap<string, ErrorDefinition> {
  return defined;
}

/**
 * Turns a section of the catalog (`OrgErrorCodes` from @yiwang/contracts) into throwable factories:
 * `OrgErrors.DEPARTMENT_NOT_FOUND(details)`. Only catalog codes type-check (`K extends ErrorCode`).
 */
export function defineErrors<K extends ErrorCode>(defs: Record<K, ErrorDefinition>): { [P in K]: ErrorFactory<P> } {
  const out = {} as { [P in K]: ErrorFactory<P> };
  for (const code of Object.keys(defs) as K[]) {
    const definition = defs[code];
    const factory = ((details?: unknown) => new AppError(code, definition, details)) as ErrorFactory<typeof code>;
    factory.code = code;
    factory.definition = definition;
    out[code] = factory;
    defined.set(code, definition);
  }
  return out;
}

/** Errors of the platform itself: transport, validation, auth and generic fallbacks. */
export const PlatformErrors = defineErrors(PlatformErrorCodes);
