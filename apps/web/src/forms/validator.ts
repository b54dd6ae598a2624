import { dereference, type OutputUnit, type Schema, validate } from "@cfworker/json-schema";
import {
  type CustomValidator,
  createErrorHandler,
  type ErrorTransformer,
  getDefaultFormState,
  type RJSFSchema,
  type RJSFValidationError,
  toErrorList,
  toErrorSchema,
  type UiSchema,
  unwrapErrorHandler,
  type ValidationData,
  type ValidatorType,
  validationDataMerge,
} from "@rjsf/utils";
import { checkDataRules, type DataRule, extractDataRules } from "./data-rules.js";
import draft07 from "./json-schema-draft-07.json" with { type: "json" };

/**
 * The application forms' validator for rjsf: JSON Schema interpreted by @cfworker/json-schema, never compiled
 * into code. @rjsf/validator-ajv8 compiled every schema into a function with `new Function`, which made the
 * platform's CSP allow 'unsafe-eval' on every page; with an interpreter script-src is exactly 'self'. The
 * lazy chunk with rjsf's utilities and the validator shrank too (`npm run build:web`: 240 kB → 130 kB, gzip
 * 79.0 → 43.6 kB; the interpreter alone is 23 kB, 6.6 kB gzip).
 *
 * The rules are the server's (platform/forms/json-schema.ts: ajv, draft-07, all errors), whose answer is what
 * counts; this shows the applicant the same problems under the fields before sending:
 * - keywords beside a `$ref` apply, as in ajv 8 (hence the interpreter's 2019-09 mode: for a draft-07 schema
 *   it differs from its "7" mode only there); the root's `$id` is ignored, as on the server;
 * - the data is checked as the JSON the server receives: a field rjsf left `undefined` is absent;
 * - formats are the interpreter's (date, time, date-time, email, uri, uuid, ipv4/6, hostname, regex, …); one
 *   it does not know passes here and is left to the server;
 * - cross-field limits (`"maximum": { "$data": "1/totalPrice" }`, ajv's `$data`) are checked by forms/data-rules.ts;
 * - a schema is checked against the draft-07 meta-schema and for unresolved references first, as ajv's compile
 *   does (the item editor's preview shows the problem).
 * Errors carry ajv's keyword names, instance paths and params (`limit`, `missingProperty`, …), so that
 * forms/messages.ts words them for people. Errors that only summarise the errors below them (`properties`,
 * `items`, `$ref`, `allOf`, `if`) are left out: rjsf shows each under its field.
 */

type Json = Record<string, unknown>;

/** One problem, in ajv's terms. */
export interface FormError {
  keyword: string;
  /** JSON Pointer of the offending value ("" for the whole form), like the server's issues. */
  instancePath: string;
  /** JSON Pointer (as a URI fragment) of the failing keyword in the schema, through any `$ref`. */
  schemaPath: string;
  params: Record<string, unknown>;
  /** The interpreter's English message; forms/messages.ts has the words people see. */
  message: string;
}

/** Every form's references resolve against this, whatever page the form is on. */
const BASE = new URL("https://form.invalid/schema.json");
/** Where a subschema given to `isValid` is filed beside its root's subschemas (its references are the root's). */
const SUBSCHEMA_POINTER = "/x-yiwang-subschema";

const metaLookup = dereference(draft07 as Schema);

/** The data as the server would receive it: JSON (`undefined` members dropped, a missing whole as null). */
function asJson(data: unknown): unknown {
  const text = JSON.stringify(data);
  return text === undefined ? null : JSON.parse(text);
}

const decodeSegment = (s: string) => decodeURIComponent(s).replace(/~1/g, "/").replace(/~0/g, "~");
const encodeSegment = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");
/** The interpreter's locations are URI fragments ("#/a%20b/0"); ajv's paths are plain pointers ("/a b/0"). */
const segmentsOf = (location: string) => (location.length > 2 ? location.slice(2).split("/").map(decodeSegment) : []);
const pointerOf = (segments: string[]) => segments.map((s) => `/${encodeSegment(s)}`).join("");

type Lookup = Record<string, Schema | boolean>;
interface Prepared {
  schema: Schema;
  lookup: Lookup;
  /** Why the schema cannot be used (ajv's compile would have thrown), if so. */
  problem?: string;
  /** The cross-field rules, taken out of `schema` (the interpreter knows no `$data`). */
  rules: DataRule[];
  subschemas: WeakMap<object, { schema: Schema; lookup: Lookup }>;
}

/** The schema holding the keyword at `location` (following `$ref`s as the interpreter did), if found. */
function schemaAt(root: Schema, lookup: Lookup, location: string): Json | undefined {
  let node: unknown = root;
  for (const s of segmentsOf(location).slice(0, -1)) {
    if (node === null || typeof node !== "object") return undefined;
    node = s === "$ref" ? lookup[(node as Schema).__absolute_ref__ ?? ""] : (node as Json)[s];
  }
  return node !== null && typeof node === "object" ? (node as Json) : undefined;
}

const LIMITS = new Set([
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minItems",
  "maxItems",
  "minProperties",
  "maxProperties",
]);

/** ajv's params: from the schema where it has them, else from the interpreter's message (names it quotes). */
function paramsOf(unit: OutputUnit, node: Json | undefined): Record<string, unknown> {
  const k = unit.keyword;
  if (LIMITS.has(k)) return { limit: node?.[k] };
  switch (k) {
    case "required":
      return { missingProperty: /required property "(.*)"\.$/s.exec(unit.error)?.[1] };
    case "dependencies":
    case "dependentRequired": {
      const m = /^Instance has "(.*)" but does not have "(.*)"\.$/s.exec(unit.error);
      return m ? { property: m[1], missingProperty: m[2] } : {};
    }
    case "additionalProperties":
      return { additionalProperty: /^Property "(.*)" does not match/s.exec(unit.error)?.[1] };
    case "uniqueItems": {
      const m = /indexes (\d+) and (\d+)/.exec(unit.error);
      return m ? { i: Number(m[2]), j: Number(m[1]) } : {};
    }
    case "type":
      return { type: node?.type };
    case "enum":
      return { allowedValues: node?.enum };
    case "const":
      return { allowedValue: node?.const };
    case "pattern":
      return { pattern: node?.pattern };
    case "format":
      return { format: node?.format };
    default:
      return {};
  }
}

/**
 * The interpreter's output (all errors, summaries first and the errors they summarise after them) as ajv's
 * list: only the errors that say what is wrong, where.
 */
function toFormErrors(units: OutputUnit[], root: Schema, lookup: Lookup): FormError[] {
  // `contains` lists the failures of every item before itself; ajv reports only that no item matched.
  const containsAt = units.filter((u) => u.keyword === "contains").map((u) => `${u.keywordLocation}/`);
  const kept = units.filter((u, i) => {
    const next = units[i + 1];
    if (u.keyword === "if") return false; // the `then`/`else` errors that follow say what is missing
    if (u.keyword === "false") return i === 0; // a `false` subschema: the error before it names the property
    if (containsAt.some((c) => u.keywordLocation.startsWith(c))) return false;
    // anyOf/oneOf: ajv reports the group beside its branches' errors, and so does this
    if (u.keyword === "anyOf" || u.keyword === "oneOf") return true;
    return !next?.keywordLocation.startsWith(`${u.keywordLocation}/`);
  });
  return kept.map((u) => ({
    keyword: u.keyword,
    instancePath: pointerOf(segmentsOf(u.instanceLocation)),
    schemaPath: `#${pointerOf(segmentsOf(u.keywordLocation))}`,
    params: paramsOf(u, schemaAt(root, lookup, u.keywordLocation)),
    message: u.error,
  }));
}

/** Why `schema` cannot be used as a schema (the meta-schema's first complaint, or an unresolved `$ref`). */
function problemOf(schema: Schema, lookup: Lookup): string | undefined {
  const meta = validate(schema, draft07 as Schema, "7", metaLookup, false);
  if (!meta.valid) {
    const [first] = toFormErrors(meta.errors, draft07 as Schema, metaLookup);
    if (first) return `${first.instancePath || "/"}: ${first.message}`;
  }
  for (const node of Object.values(lookup)) {
    const ref = typeof node === "object" ? node.__absolute_ref__ : undefined;
    if (ref !== undefined && lookup[ref] === undefined) return `Unresolved $ref "${String((node as Schema).$ref)}"`;
  }
  return undefined;
}

let prepared = new WeakMap<object, Prepared>();

/**
 * A private JSON copy of the schema, its references indexed, checked once per schema object. The copy keeps
 * rjsf's objects as they are: the interpreter annotates what it indexes (non-enumerable `__absolute_*__`).
 */
function prepare(original: RJSFSchema): Prepared {
  let p = prepared.get(original);
  if (p) return p;
  const { $id: _ignored, ...schema } = asJson(original) as Json;
  const rules = extractDataRules(schema);
  let lookup: Lookup = Object.create(null);
  let problem: string | undefined;
  try {
    lookup = dereference(schema as Schema, lookup, BASE);
    problem = problemOf(schema as Schema, lookup);
  } catch (e) {
    problem = (e as Error).message;
  }
  p = { schema: schema as Schema, lookup, problem, rules, subschemas: new WeakMap() };
  prepared.set(original, p);
  return p;
}

/** A subschema of `root` (an anyOf option, an `if`), indexed so that its references resolve within the root. */
function prepareSubschema(root: Prepared, original: RJSFSchema): { schema: Schema; lookup: Lookup } {
  let sub = root.subschemas.get(original);
  if (!sub) {
    const schema = asJson(original) as Schema;
    const lookup = dereference(schema, Object.assign(Object.create(null), root.lookup), BASE, SUBSCHEMA_POINTER);
    sub = { schema, lookup };
    root.subschemas.set(original, sub);
  }
  return sub;
}

function interpret(schema: Schema, lookup: Lookup, data: unknown, allErrors: boolean) {
  return validate(asJson(data), schema, "2019-09", lookup, !allErrors);
}

/** rjsf's error: the path as a property accessor (".a.b", "['a.b']"), the required property's own path. */
function toRjsfError(e: FormError): RJSFValidationError {
  const segments = e.instancePath ? segmentsOf(`#${e.instancePath}`) : [];
  const missing = e.params.missingProperty;
  if (typeof missing === "string") segments.push(missing);
  const property = segments
    .map((s) => (/^[^.[\]'"\\]+$/.test(s) ? `.${s}` : `['${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}']`))
    .join("");
  return {
    name: e.keyword,
    property,
    message: e.message,
    params: e.params,
    stack: `${property} ${e.message}`.trim(),
    schemaPath: e.schemaPath,
  };
}

class InterpretingValidator implements ValidatorType {
  /** The schema's problem, or the data's errors in ajv's terms (rjsf's playground call; the tests use it). */
  rawValidation<Result = FormError>(schema: RJSFSchema, formData?: unknown) {
    const p = prepare(schema);
    if (p.problem) return { validationError: new Error(p.problem) };
    try {
      const result = interpret(p.schema, p.lookup, formData, true);
      const crossField = checkDataRules(p.rules, asJson(formData)).map(
        (e): FormError => ({ ...e, instancePath: pointerOf(e.field), schemaPath: `#${pointerOf(e.schemaPath)}` }),
      );
      return { errors: [...toFormErrors(result.errors, p.schema, p.lookup), ...crossField] as Result[] };
    } catch (e) {
      return { validationError: e as Error };
    }
  }

  /** What rjsf's Form calls: the same steps as @rjsf/validator-ajv8's processRawValidationErrors. */
  validateFormData(
    formData: unknown,
    schema: RJSFSchema,
    customValidate?: CustomValidator,
    transformErrors?: ErrorTransformer,
    uiSchema?: UiSchema,
  ): ValidationData<unknown> {
    const { errors: raw = [], validationError } = this.rawValidation<FormError>(schema, formData);
    let errors = raw.map(toRjsfError);
    if (validationError) errors = [...errors, { stack: validationError.message }];
    if (transformErrors) errors = transformErrors(errors, uiSchema);
    const errorSchema = toErrorSchema(errors);
    // rjsf's place for a schema that cannot be used (its ErrorSchema type has no room for it)
    if (validationError) (errorSchema as Json).$schema = { __errors: [validationError.message] };
    if (typeof customValidate !== "function") return { errors, errorSchema };
    const withUndefined = getDefaultFormState(this, schema, formData, schema, true);
    const handler = customValidate(withUndefined, createErrorHandler(withUndefined), uiSchema);
    return validationDataMerge({ errors, errorSchema }, unwrapErrorHandler(handler));
  }

  /** rjsf's question while rendering (which anyOf option, does the `if` hold): does the data match? */
  isValid(schema: RJSFSchema, formData: unknown, rootSchema: RJSFSchema): boolean {
    if (typeof schema === "boolean") return schema;
    try {
      const root = prepare(rootSchema ?? schema);
      const sub = schema === rootSchema ? root : prepareSubschema(root, schema);
      return interpret(sub.schema, sub.lookup, formData, false).valid;
    } catch (e) {
      console.warn("form schema not usable:", e);
      return false;
    }
  }

  /** @deprecated in rjsf (toErrorList from @rjsf/utils); part of its interface until rjsf 6. */
  toErrorList(...args: Parameters<typeof toErrorList>) {
    return toErrorList(...args);
  }

  reset() {
    prepared = new WeakMap();
  }
}

/** The one validator every rjsf form of the web app uses. */
export const formValidator: ValidatorType = new InterpretingValidator();

/** Why a schema cannot be an application form's schema (the item editor's preview says so), if it cannot. */
export function formSchemaProblem(schema: RJSFSchema): string | undefined {
  return prepare(schema).problem;
}
