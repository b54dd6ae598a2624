import {
  type ApplicationForm,
  PREFILL_REGISTRY_FIELDS,
  PREFILL_SOURCES,
  parsePrefill,
  type ServiceItemInput,
} from "@yiwang/contracts";
import { dataReferences } from "../../platform/forms/data-references.js";
import { checkFormSchema } from "../../platform/forms/json-schema.js";
import type { References, RefIssue } from "./references.js";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Splits the platform's "中文 / English" messages. */
function bilingual(text: string): { message: string; messageEn: string } {
  const i = text.indexOf(" / ");
  return i > 0 ? { message: text.slice(0, i), messageEn: text.slice(i + 3) } : { message: text, messageEn: text };
}

/** The object schemas of a form with their uiSchema and path: the top, nested objects, objects in arrays. */
function* objects(schema: Json, ui: unknown, path: (string | number)[] = []): Generator<[Json, Json, typeof path]> {
  if (!isObject(schema.properties)) return;
  const uiObj = isObject(ui) ? ui : {};
  yield [schema, uiObj, path];
  for (const [name, prop] of Object.entries(schema.properties)) {
    if (!isObject(prop)) continue;
    yield* objects(prop, uiObj[name], [...path, name]);
    if (isObject(prop.items))
      yield* objects(prop.items, isObject(uiObj[name]) ? uiObj[name].items : {}, [...path, name, "items"]);
  }
}

const SOURCE_SHAPES = [
  ...PREFILL_SOURCES,
  "license:<证照类型>.<字段>",
  ...Object.entries(PREFILL_REGISTRY_FIELDS).flatMap(([r, fields]) => fields.map((f) => `registry:${r}.${f}`)),
];

function prefillIssue(name: string, source: string): RefIssue {
  return {
    path: ["form", "schema", "properties", name, "x-prefill"],
    message: `字段 ${name} 的 x-prefill 取值“${source}”无效，应为：${SOURCE_SHAPES.join("、")}（证照类型及其字段须存在）`,
    messageEn: `x-prefill of ${name} must be one of ${SOURCE_SHAPES.join(", ").replace("<证照类型>.<字段>", "<licenseType>.<field>")} (the license type and field must exist), not "${source}"`,
  };
}

/**
 * Why an item's application form cannot be used ([] when it has none, or it is fine): the schema must
 * compile as a draft-07 object form (platform/forms); an `x-prefill` must name a source the platform fills
 * (a `license:` source a field of an existing license type, when `refs` are given);
 * a cross-field `$data` rule must name a number field of the form (platform/forms/data-references.ts);
 * a `ui:order` must name every field or end in "*" (rjsf refuses to render the form otherwise). Checked on
 * every save (API, workbook import, seed), so a published version's form always compiles and renders.
 */
export function itemFormIssues(
  item: Pick<ServiceItemInput, "form">,
  refs?: Pick<References, "licenseFields">,
): RefIssue[] {
  if (!item.form) return [];
  const { schema, uiSchema } = item.form;
  const issues: RefIssue[] = checkFormSchema(schema).map((p) => ({ path: ["form", "schema"], ...bilingual(p) }));
  if (issues.length) return issues;
  for (const issue of dataReferences(schema).issues) issues.push({ ...issue, path: ["form", "schema", ...issue.path] });
  const props = (schema.properties ?? {}) as Record<string, Json | undefined>;
  for (const [name, prop] of Object.entries(props)) {
    const source = prop?.["x-prefill"];
    if (source === undefined) continue;
    const ref = parsePrefill(String(source));
    const known =
      ref !== null && (ref.kind !== "license" || !refs || refs.licenseFields.get(ref.type)?.has(ref.field) === true);
    if (!known) issues.push(prefillIssue(name, String(source)));
  }
  for (const [s, ui, path] of objects(schema, uiSchema)) {
    const order = ui["ui:order"];
    if (order === undefined) continue;
    const listed = Array.isArray(order) ? order.map(String) : [];
    const missing = Object.keys(s.properties as Json).filter((k) => !listed.includes(k));
    if (!Array.isArray(order) || (missing.length && !listed.includes("*")))
      issues.push({
        path: ["form", "uiSchema", ...path, "ui:order"],
        message: `ui:order 应列出全部字段或以 "*" 结尾，缺少：${missing.join("、")}`,
        messageEn: `ui:order must list every field or end in "*"; missing: ${missing.join(", ")}`,
      });
  }
  return issues;
}

/**
 * The form with the field order written down: PostgreSQL's jsonb does not keep the order of object keys,
 * so each object schema without a `ui:order` gets one from the order its properties were given in (plus
 * "*", so fields added later still show). Applied when a version is saved.
 */
export function withFieldOrder(form: ApplicationForm): ApplicationForm {
  const walk = (schema: Json, ui: Json): Json => {
    if (!isObject(schema.properties)) return ui;
    const props = schema.properties;
    let out = ui;
    const set = (key: string, value: unknown) => {
      if (out === ui) out = { ...ui };
      out[key] = value;
    };
    if (ui["ui:order"] === undefined && Object.keys(props).length > 1) set("ui:order", [...Object.keys(props), "*"]);
    for (const [name, prop] of Object.entries(props)) {
      if (!isObject(prop)) continue;
      const before = isObject(ui[name]) ? ui[name] : {};
      let next = walk(prop, before);
      if (isObject(prop.items)) {
        const items = isObject(next.items) ? next.items : {};
        const ordered = walk(prop.items, items);
        if (ordered !== items) next = { ...next, items: ordered };
      }
      if (next !== before) set(name, next);
    }
    return out;
  };
  const uiSchema = walk(form.schema, form.uiSchema);
  return uiSchema === form.uiSchema ? form : { ...form, uiSchema };
}
