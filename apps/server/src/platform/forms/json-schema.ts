/**
 * Application forms (申请表) are JSON Schema (draft-07), rendered by @rjsf/antd in the web and validated
 * here with ajv — the same schema on both sides. Compiled validators are cached by the schema's JSON
 * text, so a published item version's form compiles once per process.
 */
import { createRequire } from "node:module";
import type { ApplicationForm } from "@yiwang/contracts";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { DATA_KEYWORDS, type DataKeyword, dataReferences, fieldSchema } from "./data-references.js";

export interface FormIssue {
  /** JSON Pointer of the offending value ("" for the whole form). */
  path: string;
  keyword: string;
  /** ajv's message in Chinese (ajv-i18n), and in English. */
  message: string;
  messageEn: string;
}

const MAX_SCHEMA_BYTES = 64 * 1024;
const CACHE_LIMIT = 500;

// `$data`: cross-field limits (data-references.ts says which are allowed; item saves refuse the others).
const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: false, $data: true });
(addFormats as unknown as (a: Ajv) => Ajv)(ajv);
// rjsf and our prefill annotations use these keywords; ajv must accept them without complaint.
ajv.addKeyword({ keyword: "x-prefill", schemaType: "string" });
ajv.addKeyword({ keyword: "enumNames", schemaType: "array" });

// ajv-i18n is CommonJS (module.exports = localize); its typings claim an ES default export.
const localizeZh = createRequire(import.meta.url)("ajv-i18n/localize/zh") as (errors: ErrorObject[]) => void;

const cache = new Map<string, ValidateFunction>();

/**
 * The cache key: the schema's JSON text as it comes (a version's form is stored once, so it reads back
 * with the same key order every time). A schema written with its keys in another order only compiles once
 * more. Canonicalising and hashing it instead had cost each validation about 40 µs (1.2 % of a submission's
 * CPU in its profile); the Map hashes the text itself. At most 500 schemas of at most 64 KB are kept.
 */
function keyOf(schema: unknown): string {
  return JSON.stringify(schema);
}

function compile(schema: Record<string, unknown>): ValidateFunction {
  const key = keyOf(schema);
  let fn = cache.get(key);
  if (!fn) {
    fn = ajv.compile({ ...schema, $id: undefined });
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, fn);
  }
  return fn;
}

function toIssues(errors: ErrorObject[] | null | undefined): FormIssue[] {
  const en = errors ?? [];
  const zh = en.map((e) => ({ ...e }));
  localizeZh(zh);
  return en.map((e, i) => {
    const missing =
      e.keyword === "required" ? `/${String((e.params as { missingProperty: string }).missingProperty)}` : "";
    return {
      path: `${e.instancePath}${missing}`,
      keyword: e.keyword,
      message: zh[i]?.message ?? e.message ?? e.keyword,
      messageEn: e.message ?? e.keyword,
    };
  });
}

/** Problems that keep a schema from being an application form (checked when an item is saved). */
export function checkFormSchema(schema: Record<string, unknown>): string[] {
  if (JSON.stringify(schema).length > MAX_SCHEMA_BYTES)
    return [`表单定义过大（上限 64 KB） / The form schema is larger than 64 KB`];
  if (schema.type !== "object") return ["表单顶层应为 object / The form's top level must be an object"];
  try {
    compile(schema);
    return [];
  } catch (err) {
    return [`表单定义无效：${(err as Error).message} / Invalid form schema: ${(err as Error).message}`];
  }
}

/** Validates form data against the form's schema; an empty list means valid. */
export function validateFormData(schema: Record<string, unknown>, data: unknown): FormIssue[] {
  const fn = compile(schema);
  return fn(data) ? [] : withFieldNames(schema, toIssues(fn.errors), fn.errors ?? []);
}

/**
 * A broken cross-field rule says which two fields clash ("申请提取金额（元）不能大于购房总价（元）（100）"):
 * ajv's own words would only give the other field's value.
 */
function withFieldNames(schema: Record<string, unknown>, issues: FormIssue[], errors: ErrorObject[]): FormIssue[] {
  const { refs } = dataReferences(schema);
  if (!refs.length) return issues;
  return issues.map((issue, i) => {
    const e = errors[i];
    const ref = e && refs.find((r) => `#/${r.schemaPath.join("/")}` === e.schemaPath);
    if (!e || !ref?.target) return issue;
    const rule = DATA_KEYWORDS[ref.keyword as DataKeyword];
    const title = (path: string[]) => String(fieldSchema(schema, path)?.title ?? path.join("."));
    const limit = (e.params as { limit?: unknown }).limit;
    if (typeof limit !== "number")
      return {
        ...issue,
        message: `请先正确填写${title(ref.target)}`,
        messageEn: `${ref.target.join(".")} must be a number first`,
      };
    return {
      ...issue,
      message: `${title(ref.field)}${rule.zh}${title(ref.target)}（${limit}）`,
      messageEn: `${ref.field.join(".")} ${rule.en} ${ref.target.join(".")} (${limit})`,
    };
  });
}

/** What the platform knows about an applicant, for `x-prefill` properties, by source (`applicant.name`, `license:ID.address`…). */
export type PrefillValues = Partial<Record<string, string | null>>;

/** Fills the top-level properties marked `x-prefill` that the data does not already have. */
export function prefill(schema: Record<string, unknown>, values: PrefillValues, data: Record<string, unknown> = {}) {
  const out = { ...data };
  const props = (schema.properties ?? {}) as Record<string, { "x-prefill"?: string }>;
  for (const [name, prop] of Object.entries(props)) {
    const source = prop?.["x-prefill"];
    const value = source ? values[source] : undefined;
    if (value && (out[name] === undefined || out[name] === "")) out[name] = value;
  }
  return out;
}

/**
 * The form of an item without one of its own: who applies, a contact number and what is asked for.
 * Legal-person items also ask for the enterprise's name and credit code (prefilled when acting for one).
 */
export function defaultApplicationForm(audience: "natural_person" | "legal_person" | "any"): ApplicationForm {
  const enterprise = audience === "legal_person";
  return {
    schema: {
      type: "object",
      required: enterprise
        ? ["enterpriseName", "uscc", "applicantName", "contactPhone", "description"]
        : ["applicantName", "contactPhone", "description"],
      properties: {
        ...(enterprise
          ? {
              enterpriseName: { type: "string", title: "单位名称", maxLength: 200, "x-prefill": "enterprise.name" },
              uscc: {
                type: "string",
                title: "统一社会信用代码",
                pattern: "^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$",
                "x-prefill": "enterprise.uscc",
              },
            }
          : {}),
        applicantName: { type: "string", title: "申请人", minLength: 1, maxLength: 100, "x-prefill": "applicant.name" },
        contactPhone: {
          type: "string",
          title: "联系电话",
          pattern: "^1[3-9]\\d{9}$",
          "x-prefill": "applicant.phone",
        },
        description: { type: "string", title: "申请事项说明", minLength: 1, maxLength: 2000 },
      },
    },
    uiSchema: {
      "ui:order": [
        ...(enterprise ? ["enterpriseName", "uscc"] : []),
        "applicantName",
        "contactPhone",
        "description",
        "*",
      ],
      description: { "ui:widget": "textarea" },
    },
  };
}
