import { isDeepStrictEqual } from "node:util";
import fastJson from "fast-json-stringify";
import type { FastifySerializerCompiler } from "fastify/types/schema.js";
import { ResponseSerializationError } from "fastify-type-provider-zod";
import { type ZodType, z } from "zod";
import { $ZodType } from "zod/v4/core";

/**
 * Response bodies written by code compiled from each route's zod schema (fast-json-stringify over the JSON
 * Schema that zod emits) instead of zod's encode (a validated deep copy) and JSON.stringify. On the case
 * detail, zod's encode and the copy it makes were 9% of the app's CPU per request plus a share of the GC.
 *
 * Compiled lazily, on a schema's first response, and kept per schema object for the process: the schemas
 * are module constants shared by every app built in one process, so a test file that builds several apps
 * compiles each schema once, and schemas of routes never called are never compiled.
 *
 * A schema that JSON Schema cannot state (a transform, a codec, a date) keeps zod's encode. `checked`
 * (tests, development) also runs zod's encode on every response and throws when the two bodies differ,
 * so the whole suite is a differential test of the compiled code against zod; in production a value that
 * zod would refuse is written as the compiled code coerces it rather than failing the request.
 */
export function responseSerializerCompiler(options: { checked: boolean }): FastifySerializerCompiler<unknown> {
  return ({ schema, method, url }) => {
    const zodSchema = resolveSchema(schema);
    const viaZod = (data: unknown) => {
      const result = z.safeEncode(zodSchema, data);
      if (result.error) throw new ResponseSerializationError(method, url, { cause: result.error });
      return JSON.stringify(result.data);
    };
    let write: ((data: unknown) => string) | undefined;
    return (data: unknown) => {
      write ??= compiledFor(zodSchema) ?? viaZod;
      if (write === viaZod) return viaZod(data);
      if (!options.checked) return write(data);
      const expected = viaZod(data);
      const actual = write(data);
      if (actual !== expected && !sameJson(actual, expected))
        throw new Error(`compiled serializer differs from zod for ${method} ${url}:\n${actual}\n${expected}`);
      return actual;
    };
  };
}

const compiled = new WeakMap<ZodType, ((data: unknown) => string) | null>();

/** The compiled writer of a schema, or null when its JSON Schema cannot say what zod's encode does. */
export function compiledFor(schema: ZodType): ((data: unknown) => string) | null {
  let write = compiled.get(schema);
  if (write !== undefined) return write;
  try {
    const json = z.toJSONSchema(schema, { io: "output", target: "draft-7", unrepresentable: "throw" });
    write = fastJson(simplify(json) as Parameters<typeof fastJson>[0]);
  } catch {
    write = null;
  }
  compiled.set(schema, write);
  return write;
}

/**
 * Shapes zod's JSON Schema for fast-json-stringify without changing what is written:
 * - `additionalProperties: false` dropped: undeclared keys are left out either way, and a branch of a
 *   union is then chosen the way zod chooses it (zod strips unknown keys; a strict check would refuse
 *   every branch of a value that carries one);
 * - `X | null` (anyOf of a typed schema and null) stated as `nullable`, which the compiled code tests
 *   inline instead of validating the whole branch with Ajv on every response.
 */
function simplify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplify);
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "additionalProperties" && v === false) continue;
    if (k === "$schema") continue;
    out[k] = simplify(v);
  }
  const anyOf = out.anyOf as Record<string, unknown>[] | undefined;
  if (anyOf?.length === 2 && Object.keys(out).length === 1) {
    const nullAt = anyOf.findIndex((s) => s.type === "null" && Object.keys(s).length === 1);
    const other = anyOf[1 - nullAt];
    if (nullAt >= 0 && other && typeof other.type === "string" && !("anyOf" in other) && !("oneOf" in other))
      return { ...other, nullable: true };
  }
  return out;
}

function resolveSchema(schema: unknown): ZodType {
  if (schema instanceof $ZodType) return schema as unknown as ZodType;
  const properties = (schema as { properties?: unknown } | undefined)?.properties;
  if (properties instanceof $ZodType) return properties as unknown as ZodType;
  throw new Error(`not a zod schema: ${JSON.stringify(schema)}`);
}

function sameJson(a: string, b: string): boolean {
  return isDeepStrictEqual(JSON.parse(a), JSON.parse(b));
}
