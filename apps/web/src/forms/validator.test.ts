import type { RJSFSchema, RJSFValidationError } from "@rjsf/utils";
import i18next, { type TFunction } from "i18next";
import { afterEach, describe, expect, it } from "vitest";
import { en } from "../i18n/en";
import { zhCN } from "../i18n/zh-CN";
import { zhCNStaff } from "../i18n/zh-CN-staff";
import { forDisplay } from "./data-rules";
import { localizeFormErrors } from "./messages";
import { type FormError, formSchemaProblem, formValidator } from "./validator";

/** An application form with every keyword the demo forms use, nested objects and arrays. */
const FORM = {
  type: "object",
  required: ["name", "phone", "kind", "area", "items", "contact"],
  definitions: { city: { type: "string", minLength: 2 } },
  properties: {
    name: { type: "string", title: "名称", minLength: 1, maxLength: 5 },
    phone: { type: "string", pattern: "^1[3-9]\\d{9}$" },
    email: { type: "string", format: "email" },
    since: { type: "string", format: "date" },
    kind: { type: "string", enum: ["shop", "canteen"] },
    area: { type: "number", exclusiveMinimum: 0, maximum: 100 },
    floors: { type: "integer", minimum: 0 },
    items: { type: "array", minItems: 1, uniqueItems: true, items: { type: "string", enum: ["hot", "cold"] } },
    contact: {
      type: "object",
      required: ["city"],
      properties: { city: { $ref: "#/definitions/city", maxLength: 4 }, zip: { type: "string", pattern: "^\\d{6}$" } },
    },
    owners: {
      type: "array",
      items: {
        type: "object",
        required: ["name"],
        properties: { name: { type: "string" }, share: { type: "number", minimum: 0, maximum: 100 } },
      },
    },
  },
} as RJSFSchema;

const VALID = {
  name: "示例餐馆",
  phone: "13800138000",
  email: "a@example.cn",
  since: "2024-02-29",
  kind: "shop",
  area: 12.5,
  floors: 2,
  items: ["hot", "cold"],
  contact: { city: "杭州", zip: "310000" },
  owners: [{ name: "张三", share: 100 }],
};

const errorsOf = (schema: RJSFSchema, data: unknown) => {
  const { errors, validationError } = formValidator.rawValidation<FormError>(schema, data);
  if (validationError) throw validationError;
  return (errors ?? []).map((e) => [e.instancePath, e.keyword, e.params]).sort((a, b) => (a < b ? -1 : 1));
};

describe("form validator (interprets JSON Schema, no code generation)", () => {
  it("accepts a valid form", () => {
    expect(errorsOf(FORM, VALID)).toEqual([]);
  });

  it("reports required, pattern, format, enum, limits, nested objects and arrays in ajv's terms", () => {
    const data = {
      name: "名称太长了的",
      phone: "123",
      email: "nope",
      since: "2024-02-30",
      kind: "bar",
      area: 0,
      floors: 1.5,
      items: ["hot", "hot", "warm"],
      contact: { city: "杭州市西湖区", zip: "31" },
      owners: [{ share: 101 }, { name: 3 }],
    };
    expect(errorsOf(FORM, data)).toEqual(
      [
        ["/name", "maxLength", { limit: 5 }],
        ["/phone", "pattern", { pattern: "^1[3-9]\\d{9}$" }],
        ["/email", "format", { format: "email" }],
        ["/since", "format", { format: "date" }],
        ["/kind", "enum", { allowedValues: ["shop", "canteen"] }],
        ["/area", "exclusiveMinimum", { limit: 0 }],
        ["/floors", "type", { type: "integer" }],
        ["/items", "uniqueItems", { i: 1, j: 0 }],
        ["/items/2", "enum", { allowedValues: ["hot", "cold"] }],
        ["/contact/city", "maxLength", { limit: 4 }], // a keyword beside $ref applies, as in ajv 8
        ["/contact/zip", "pattern", { pattern: "^\\d{6}$" }],
        ["/owners/0", "required", { missingProperty: "name" }],
        ["/owners/0/share", "maximum", { limit: 100 }],
        ["/owners/1/name", "type", { type: "string" }],
      ].sort((a, b) => (a < b ? -1 : 1)),
    );
    expect(errorsOf(FORM, { ...VALID, contact: { city: "杭" }, items: [] })).toEqual([
      ["/contact/city", "minLength", { limit: 2 }], // through the $ref
      ["/items", "minItems", { limit: 1 }],
    ]);
  });

  it("treats a field rjsf left undefined as absent, as the JSON the server receives", () => {
    expect(errorsOf(FORM, { ...VALID, name: undefined, contact: { city: undefined } })).toEqual([
      ["", "required", { missingProperty: "name" }],
      ["/contact", "required", { missingProperty: "city" }],
    ]);
    expect(errorsOf({ type: "object" }, undefined)).toEqual([["", "type", { type: "object" }]]);
  });

  it("gives rjsf its errors by field, the required property's under the property", () => {
    const { errors, errorSchema } = formValidator.validateFormData(
      { ...VALID, name: undefined, contact: { city: "杭" }, owners: [{}] },
      FORM,
    );
    expect(errors.map((e) => [e.name, e.property])).toEqual(
      expect.arrayContaining([
        ["required", ".name"],
        ["minLength", ".contact.city"],
        ["required", ".owners.0.name"],
      ]),
    );
    expect(errors).toHaveLength(3);
    expect(errorSchema).toMatchObject({
      name: { __errors: [expect.any(String)] },
      contact: { city: { __errors: [expect.any(String)] } },
      owners: { 0: { name: { __errors: [expect.any(String)] } } },
    });
    // an odd property name stays one path segment
    const odd = formValidator.validateFormData({}, { type: "object", required: ["a.b"] });
    expect(odd.errors[0]?.property).toBe("['a.b']");
    expect(odd.errorSchema).toEqual({ "a.b": { __errors: [expect.any(String)] } });
  });

  it("reports a condition's missing field under the field, and answers rjsf's `if` and anyOf questions", () => {
    // 990100-GG-003: mailing address required when the card is to be mailed
    const condition: RJSFSchema = { required: ["pickup"], properties: { pickup: { const: "mail" } } };
    const byPhone: RJSFSchema = { $ref: "#/definitions/phone" };
    const byEmail: RJSFSchema = { type: "string", format: "email" };
    const form: RJSFSchema = {
      type: "object",
      required: ["pickup"],
      definitions: { phone: { type: "string", pattern: "^1\\d{10}$" } },
      properties: {
        pickup: { type: "string", enum: ["bank", "mail"] },
        mailingAddress: { type: "string" },
        reach: { anyOf: [byPhone, byEmail] },
      },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's keyword
      allOf: [{ if: condition, then: { required: ["mailingAddress"] } }],
    };
    expect(errorsOf(form, { pickup: "bank" })).toEqual([]);
    expect(errorsOf(form, { pickup: "mail" })).toEqual([["", "required", { missingProperty: "mailingAddress" }]]);
    expect(formValidator.isValid(condition, { pickup: "mail" }, form)).toBe(true);
    expect(formValidator.isValid(condition, { pickup: "bank" }, form)).toBe(false);
    // an option of an anyOf whose $ref points into the root (resolved against the root, as rjsf asks)
    expect(formValidator.isValid(byPhone, "13800138000", form)).toBe(true);
    expect(formValidator.isValid(byPhone, "a@example.cn", form)).toBe(false);
    expect(formValidator.isValid(byEmail, "a@example.cn", form)).toBe(true);
    // a copy of the option (rjsf's retrieveSchema makes new objects) resolves the same way
    expect(formValidator.isValid({ ...byPhone }, "1380013800", form)).toBe(false);
    expect(errorsOf(form, { pickup: "bank", reach: "x" }).map(([p, k]) => `${p} ${k}`)).toEqual([
      "/reach anyOf",
      "/reach format",
      "/reach pattern",
    ]);
  });

  it("names a property that is not allowed", () => {
    const form = { type: "object", additionalProperties: false, properties: { a: { type: "string" } } } as RJSFSchema;
    expect(errorsOf(form, { a: "x", b: 1 })).toEqual([["", "additionalProperties", { additionalProperty: "b" }]]);
  });

  it("refuses a schema ajv would not compile, and says why", () => {
    expect(formSchemaProblem(FORM)).toBeUndefined();
    expect(
      formSchemaProblem({ type: "object", properties: { a: { type: "strin" } } } as unknown as RJSFSchema),
    ).toMatch(/^\/properties\/a\/type: /);
    expect(formSchemaProblem({ type: "object", properties: { a: { type: "string", pattern: "(" } } })).toMatch(
      /^\/properties\/a\/pattern: /,
    );
    expect(formSchemaProblem({ type: "object", properties: { a: { $ref: "#/definitions/none" } } })).toMatch(
      /Unresolved \$ref "#\/definitions\/none"/,
    );
    const bad = formValidator.validateFormData({}, { type: "object", minProperties: -1 });
    expect(bad.errorSchema).toMatchObject({ $schema: { __errors: [expect.stringMatching(/^\/minProperties: /)] } });
  });

  it("leaves the caller's schema untouched, frozen or not, and re-reads a schema it has not seen", () => {
    const frozen = deepFreeze(structuredClone(FORM));
    expect(errorsOf(frozen, { ...VALID, area: 101 })).toEqual([["/area", "maximum", { limit: 100 }]]);
    expect(Object.getOwnPropertyNames(frozen)).toEqual(Object.keys(FORM));
    const edited = structuredClone(FORM);
    (edited.properties!.area as RJSFSchema).maximum = 200;
    expect(errorsOf(edited, { ...VALID, area: 101 })).toEqual([]);
  });

  describe("with code generation from strings unavailable (what the CSP without 'unsafe-eval' does)", () => {
    const { Function: realFunction, eval: realEval } = globalThis;
    afterEach(() => {
      globalThis.Function = realFunction;
      globalThis.eval = realEval;
    });

    it("validates all the same", () => {
      function refuse(): never {
        throw new EvalError("code generation from strings refused");
      }
      globalThis.Function = refuse as unknown as FunctionConstructor;
      globalThis.eval = refuse;
      // the patch bites: what ajv's compile does (`new Function(…)`) throws now
      expect(() => new Function("return 1")).toThrow(EvalError);
      // a schema never seen before, so nothing was prepared before the patch
      const fresh = structuredClone(FORM);
      expect(formSchemaProblem(fresh)).toBeUndefined();
      expect(errorsOf(fresh, VALID)).toEqual([]);
      expect(errorsOf(fresh, { ...VALID, phone: "1" })).toEqual([["/phone", "pattern", { pattern: "^1[3-9]\\d{9}$" }]]);
      expect(formValidator.isValid(fresh.properties!.phone as RJSFSchema, "13800138000", fresh)).toBe(true);
    });
  });
});

describe("form error messages", () => {
  async function translator(lng: "zh-CN" | "en"): Promise<TFunction> {
    const i18n = i18next.createInstance();
    await i18n.init({
      lng,
      resources: { "zh-CN": { translation: { ...zhCN, ...zhCNStaff } }, en: { translation: en } },
      interpolation: { escapeValue: false },
      showSupportNotice: false,
    });
    return i18n.t as TFunction;
  }
  const errors: RJSFValidationError[] = [
    { name: "required", property: ".name", params: { missingProperty: "name" }, stack: "" },
    { name: "pattern", property: ".phone", params: { pattern: "^1$" }, stack: "" },
    { name: "format", property: ".email", params: { format: "email" }, stack: "" },
    { name: "minLength", property: ".a", params: { limit: 1 }, stack: "" },
    { name: "minLength", property: ".a", params: { limit: 5 }, stack: "" },
    { name: "maxLength", property: ".a", params: { limit: 200 }, stack: "" },
    { name: "minimum", property: ".n", params: { limit: 0 }, stack: "" },
    { name: "maximum", property: ".n", params: { limit: 100 }, stack: "" },
    { name: "exclusiveMinimum", property: ".n", params: { limit: 0 }, stack: "" },
    { name: "minItems", property: ".items", params: { limit: 2 }, stack: "" },
    { name: "uniqueItems", property: ".items", params: { i: 1, j: 0 }, stack: "" },
    { name: "enum", property: ".kind", params: {}, stack: "" },
    { name: "type", property: ".n", params: { type: "number" }, stack: "" },
    { name: "oneOf", property: ".x", params: {}, stack: "" },
  ];

  it("are Chinese on a Chinese page and English on an English one, for every keyword", async () => {
    expect(localizeFormErrors(errors, await translator("zh-CN")).map((e) => e.message)).toEqual([
      "此项必填",
      "格式不正确",
      "格式不正确",
      "此项必填",
      "至少 5 个字符",
      "最多 200 个字符",
      "不能小于 0",
      "不能大于 100",
      "应大于 0",
      "至少选择 2 项",
      "不能重复",
      "请从选项中选择",
      "填写的内容类型不正确",
      "填写的内容不符合要求",
    ]);
    const inEnglish = localizeFormErrors(errors, await translator("en"));
    expect(inEnglish.map((e) => e.message)).toEqual([
      "Required",
      "Invalid format",
      "Invalid format",
      "Required",
      "At least 5 characters",
      "At most 200 characters",
      "Must be at least 0",
      "Must be at most 100",
      "Must be greater than 0",
      "Choose at least 2 items",
      "Must not repeat",
      "Please choose one of the options",
      "Wrong kind of value",
      "This value is not valid",
    ]);
    expect(inEnglish[0]?.stack).toBe(".name Required");
  });

  it("word what the validator reports", async () => {
    const zh = await translator("zh-CN");
    const { errors: found } = formValidator.validateFormData(
      { ...VALID, name: undefined, area: 0 },
      FORM,
      undefined,
      (e) => localizeFormErrors(e, zh),
    );
    expect(found.map((e) => [e.property, e.message]).sort()).toEqual([
      [".area", "应大于 0"],
      [".name", "此项必填"],
    ]);
  });

  it("name both fields of a broken cross-field rule ($data), in Chinese and in English", async () => {
    const schema = {
      type: "object",
      properties: {
        totalPrice: { type: "number", title: "购房总价" },
        amount: { type: "number", title: "申请提取金额", maximum: { $data: "1/totalPrice" } },
        loan: {
          type: "object",
          properties: { paid: { type: "number", title: "已还金额", exclusiveMinimum: { $data: "/totalPrice" } } },
        },
      },
    } as RJSFSchema;
    expect(formSchemaProblem(schema)).toBeUndefined();
    const data = { totalPrice: 100, amount: 100.5, loan: { paid: 100 } };
    const raw = formValidator.rawValidation<FormError>(schema, data).errors ?? [];
    expect(raw.map((e) => [e.keyword, e.instancePath, e.schemaPath, e.params.limit])).toEqual([
      ["maximum", "/amount", "#/properties/amount/maximum", 100],
      ["exclusiveMinimum", "/loan/paid", "#/properties/loan/properties/paid/exclusiveMinimum", 100],
    ]);
    expect(formValidator.rawValidation<FormError>(schema, { totalPrice: 100, amount: 100 }).errors).toEqual([]);
    // nothing to compare with yet: no error
    expect(formValidator.rawValidation<FormError>(schema, { amount: 5 }).errors).toEqual([]);
    const zh = await translator("zh-CN");
    const english = await translator("en");
    const said = (t: TFunction) =>
      formValidator
        .validateFormData(data, schema, undefined, (e) => localizeFormErrors(e, t))
        .errors.map((e) => e.message);
    expect(said(zh)).toEqual(["申请提取金额不能大于购房总价（100）", "已还金额应大于购房总价（100）"]);
    // the titles are the form's own (Chinese) words; the rule's words follow the page's language
    expect(said(english)).toEqual([
      "申请提取金额 must not be more than 购房总价 (100)",
      "已还金额 must be more than 购房总价 (100)",
    ]);

    // What rjsf renders has no `$data` object in a limit (it would become max="[object Object]" and
    // aria-valuemax on the input), yet the validator checks the same rules on it.
    const shown = forDisplay(schema);
    const limits = (s: RJSFSchema) => JSON.stringify(s).match(/"(maximum|exclusiveMinimum)":\{/g);
    expect(limits(shown)).toBeNull();
    expect(limits(schema)).toHaveLength(2);
    const again = formValidator.rawValidation<FormError>(shown, data).errors ?? [];
    expect(again.map((e) => [e.keyword, e.instancePath, e.params.limit])).toEqual([
      ["maximum", "/amount", 100],
      ["exclusiveMinimum", "/loan/paid", 100],
    ]);
    expect(forDisplay(shown)).toBe(shown); // nothing left to move: the same object (rjsf caches by identity)
  });
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
