import type { RJSFSchema } from "@rjsf/utils";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultApplicationForm, validateFormData } from "../../../server/src/platform/forms/json-schema.js";
import catalogItems from "../../../server/src/seed/data/catalog-items.json" with { type: "json" };
import { type FormError, formValidator } from "./validator.js";

/**
 * The browser's validator (interpreting) against the server's (ajv, compiling): the same problems at the
 * same places for the demo forms, the default forms and a nested one, on generated data. The one difference
 * by design: ajv also reports a failed `if` beside the `then` errors that say what is missing.
 */

type Json = Record<string, unknown>;

const demoForms = (catalogItems as { code: string; form?: { schema: Json } | null }[])
  .filter((item) => item.form)
  .map((item) => [item.code, item.form!.schema] as const);
const defaultForms = (["natural_person", "legal_person"] as const).map(
  (audience) => [`default ${audience}`, defaultApplicationForm(audience).schema as Json] as const,
);
const NESTED = {
  type: "object",
  required: ["contact", "owners"],
  definitions: { share: { type: "number", minimum: 0, maximum: 100 } },
  properties: {
    contact: {
      type: "object",
      required: ["city"],
      properties: {
        city: { type: "string", minLength: 2, maxLength: 4 },
        zip: { type: "string", pattern: "^\\d{6}$" },
      },
    },
    owners: {
      type: "array",
      minItems: 1,
      maxItems: 3,
      items: {
        type: "object",
        required: ["name"],
        additionalProperties: false,
        properties: { name: { type: "string", minLength: 1 }, share: { $ref: "#/definitions/share" } },
      },
    },
  },
};
const FORMS: (readonly [string, Json])[] = [...demoForms, ...defaultForms, ["nested", NESTED]];

/** Values that hit each rule's edges, and anything else. */
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  any: fc.oneof(
    { weight: 4, arbitrary: tie("leaf") },
    { weight: 1, arbitrary: fc.array(tie("leaf"), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.constant(["热食类食品制售", "热食类食品制售"]) }, // a choice made twice
    { weight: 1, arbitrary: fc.dictionary(fc.constantFrom("name", "share", "city", "zip", "x"), tie("leaf")) },
  ),
  leaf: fc.oneof(
    fc.constantFrom(
      "",
      "a",
      "杭州",
      "示例市西湖区文三路 1 号",
      "13800138000",
      "12800138000",
      "91330100MA2B3C4D5E",
      "2024-02-29",
      "2023-02-29",
      "2024-13-01",
      "310000",
      "食品销售经营者",
      "热食类食品制售",
      "邮寄到家",
      "银行网点领取",
      "中国银行",
      "合法稳定住所",
      "房屋建筑工程",
      0,
      -1,
      0.5,
      1,
      100,
      101,
      100_000,
      100_000_001,
      true,
      false,
      null,
    ),
    fc.string({ maxLength: 8 }),
    fc.string({ minLength: 190, maxLength: 310 }),
    fc.integer({ min: -5, max: 300 }),
    fc.double({ min: -10, max: 1e9, noNaN: true }),
  ),
})).any;

/** Known patterns of the forms, and a value matching each. */
const MATCHING: Record<string, string> = {
  "^1[3-9]\\d{9}$": "13800138000",
  "^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$": "91330100MA2B3C4D5E",
  "^\\d{6}$": "310000",
};

/** A value that satisfies the property's schema (so that whole forms come out valid too). */
function goodFor(root: Json, schema: Json): fc.Arbitrary<unknown> {
  if (typeof schema.$ref === "string")
    return goodFor(root, (root.definitions as Json)[schema.$ref.split("/")[2]!] as Json);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const n = (k: string) => (typeof schema[k] === "number" ? (schema[k] as number) : undefined);
  switch (schema.type) {
    case "string": {
      if (typeof schema.pattern === "string") return fc.constant(MATCHING[schema.pattern]);
      if (schema.format === "date") return fc.constantFrom("2024-02-29", "2026-01-01");
      const length = Math.min(Math.max(n("minLength") ?? 1, 6), n("maxLength") ?? 6);
      return fc.string({ minLength: length, maxLength: length, unit: fc.constantFrom("示", "例", "a", "1") });
    }
    case "number":
    case "integer":
      return fc.integer({
        min: Math.max(n("minimum") ?? 1, (n("exclusiveMinimum") ?? 0) + 1),
        max: n("maximum") ?? 1000,
      });
    case "boolean":
      return fc.boolean();
    case "array": {
      const items = schema.items as Json;
      return Array.isArray(items.enum)
        ? fc.subarray(items.enum, { minLength: n("minItems") ?? 0 })
        : fc.array(goodFor(root, items), { minLength: n("minItems") ?? 0, maxLength: n("maxItems") ?? 3 });
    }
    case "object":
      return dataFor(root, schema);
    default:
      return value;
  }
}

/** Data for a form: each property mostly valid, sometimes anything, sometimes left out; an extra one at times. */
function dataFor(root: Json, schema: Json = root): fc.Arbitrary<Json> {
  const properties = Object.entries((schema.properties ?? {}) as Record<string, Json>);
  const model: Record<string, fc.Arbitrary<unknown>> = {
    ...Object.fromEntries(
      properties.map(([name, property]) => [
        name,
        fc.oneof(
          { weight: 8, arbitrary: goodFor(root, property) },
          { weight: 1, arbitrary: value },
          { weight: 1, arbitrary: fc.constant(undefined) }, // rjsf's cleared field: absent in JSON
        ),
      ]),
    ),
    extra: value,
  };
  return fc.record(model, { requiredKeys: properties.map(([name]) => name) });
}

const encode = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");
const ours = (schema: Json, data: unknown) => {
  const { errors, validationError } = formValidator.rawValidation<FormError>(schema as RJSFSchema, data);
  if (validationError) throw validationError;
  const found = (errors ?? []).map((e) => {
    const missing = e.params.missingProperty;
    return `${e.instancePath}${typeof missing === "string" ? `/${encode(missing)}` : ""} ${e.keyword}`;
  });
  return [...new Set(found)].sort();
};
const theServers = (schema: Json, data: unknown) =>
  [
    ...new Set(
      validateFormData(schema, JSON.parse(JSON.stringify(data)))
        .filter((issue) => issue.keyword !== "if")
        .map((issue) => `${issue.path} ${issue.keyword}`),
    ),
  ].sort();

describe("the browser's form validator agrees with the server's ajv", () => {
  it.each(FORMS)("%s", (_name, schema) => {
    fc.assert(
      fc.property(dataFor(schema), (data) => {
        expect(ours(schema, data)).toEqual(theServers(schema, data));
      }),
      { numRuns: 300 },
    );
  });

  it("and the generated data reach both outcomes and every keyword the forms use", () => {
    const keywords = new Set<string>();
    let valid = 0;
    for (const [, schema] of FORMS)
      for (const data of fc.sample(dataFor(schema), { numRuns: 300, seed: 1 })) {
        const found = ours(schema, data);
        if (found.length === 0) valid++;
        for (const f of found) keywords.add(f.split(" ")[1]!);
      }
    expect(valid).toBeGreaterThan(0);
    expect([...keywords].sort()).toEqual(
      expect.arrayContaining([
        "additionalProperties",
        "enum",
        "exclusiveMinimum",
        "format",
        "maxItems",
        "maxLength",
        "maximum",
        "minItems",
        "minLength",
        "minimum",
        "pattern",
        "required",
        "type",
        "uniqueItems",
      ]),
    );
  });
});
