import type { FastifySchemaCompiler } from "fastify";
import { validatorCompiler as zodValidatorCompiler } from "fastify-type-provider-zod";
import type { z } from "zod";

/**
 * C0 control characters other than tab, line feed and carriage return. No text field of the API has a use
 * for them, and NUL in particular cannot be stored in PostgreSQL text at all: before this check a NUL in a
 * login name, a search filter or a reason reached the database and came back as a 500.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
/** The same characters, every occurrence (for making a refused value storable in a log). */
export const CONTROL_CHARACTERS = new RegExp(CONTROL.source, "g");

export const CONTROL_CHARACTER_MESSAGE =
  "不允许包含控制字符（如 NUL）/ Control characters (such as NUL) are not allowed";

/** Paths (within a request part) of every string holding a control character; object keys count too. */
export function controlCharacterPaths(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []) {
  if (typeof value === "string") {
    if (CONTROL.test(value)) out.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      controlCharacterPaths(v, [...path, i], out);
    });
  } else if (value !== null && typeof value === "object" && !(value instanceof Uint8Array)) {
    for (const [k, v] of Object.entries(value)) {
      if (CONTROL.test(k)) out.push([...path, k]);
      controlCharacterPaths(v, [...path, k], out);
    }
  }
  return out;
}

/**
 * The route schemas' validator: zod's, plus one rule for every string of every route's body, query,
 * params and headers — no control characters. It is a refinement of each route's own schema, so a refused
 * value is a 400 VALIDATION_FAILED naming its path like any other contract violation, raised after the
 * permission checks (401/403 first) and before any handler runs (the exchange gateway logs such refusals
 * at its door like every other bad request).
 */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> = (route) => {
  const schema = route.schema.superRefine((value, ctx) => {
    for (const path of controlCharacterPaths(value)) {
      ctx.addIssue({ code: "custom", path, message: CONTROL_CHARACTER_MESSAGE });
    }
  });
  return zodValidatorCompiler({ ...route, schema });
};
