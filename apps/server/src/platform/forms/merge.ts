/**
 * 一表申请: the one form of a bundle application, merged from its drafts' forms. The rule:
 * - a field is asked once when several items' forms have a top-level property of the same name, or with the
 *   same `x-prefill` source, or that the bundle's `fieldMappings` ({ field: { itemCode: property } }) join,
 *   and their schemas are compatible;
 * - the merged field keeps the strictest constraints: required when any item requires it, the intersection of
 *   `enum`, the larger minimum/minLength and the smaller maximum/maxLength; the same `pattern`, `format` and
 *   `x-prefill` (or only one item has it); anything else (nested objects, `$data` rules) must be equal;
 * - otherwise (different types, disjoint enums, two patterns, …) each item keeps its own field, titled with the
 *   item's name.
 * Saving the merged data writes each draft's form with exactly its own properties; each draft is still checked
 * against its own form when the bundle is submitted, so the merged schema is only what the citizen fills in.
 */
import type { ApplicationForm } from "@yiwang/contracts";

export interface FormPart {
  itemCode: string;
  itemName: string;
  form: ApplicationForm;
}

/** Which item properties a merged field feeds. */
export type FieldFeeds = Record<string, { itemCode: string; property: string }[]>;

export interface MergedForm {
  form: ApplicationForm;
  feeds: FieldFeeds;
}

/** Bundle-declared joins of differently named properties: { field: { itemCode: property } }. */
export type FieldMappings = Record<string, Record<string, string>>;

type Prop = Record<string, unknown>;

const LOWER = ["minimum", "exclusiveMinimum", "minLength", "minItems"] as const;
const UPPER = ["maximum", "exclusiveMaximum", "maxLength", "maxItems"] as const;
const SAME_IF_BOTH = ["pattern", "format", "x-prefill", "type"] as const;
const PRESENTATION = new Set(["title", "description", "default", "examples", "enumNames", "x-prefill"]);

const text = (v: unknown) => JSON.stringify(v);
const propsOf = (form: ApplicationForm) => (form.schema.properties ?? {}) as Record<string, Prop>;
const requiredOf = (form: ApplicationForm) => new Set((form.schema.required ?? []) as string[]);

/** The strictest schema both accept, or null when they cannot be one field. */
export function mergeProperty(a: Prop, b: Prop): Prop | null {
  const out: Prop = { ...b, ...a };
  for (const k of SAME_IF_BOTH) if (k in a && k in b && text(a[k]) !== text(b[k])) return null;
  for (const k of LOWER)
    if (typeof a[k] === "number" && typeof b[k] === "number") out[k] = Math.max(a[k] as number, b[k] as number);
  for (const k of UPPER)
    if (typeof a[k] === "number" && typeof b[k] === "number") out[k] = Math.min(a[k] as number, b[k] as number);
  for (const k of LOWER.keys()) {
    const lo = out[LOWER[k]];
    const hi = out[UPPER[k]];
    if (typeof lo === "number" && typeof hi === "number" && lo > hi) return null;
  }
  if (Array.isArray(a.enum) || Array.isArray(b.enum)) {
    const left = (a.enum ?? b.enum) as unknown[];
    const right = new Set(((b.enum ?? a.enum) as unknown[]).map(text));
    const both = left.map((v, i) => [v, i] as const).filter(([v]) => right.has(text(v)));
    if (both.length === 0) return null;
    out.enum = both.map(([v]) => v);
    const names = (a.enum ? a.enumNames : b.enumNames) as unknown[] | undefined;
    if (Array.isArray(names)) out.enumNames = both.map(([, i]) => names[i]);
  }
  const known = new Set<string>([...LOWER, ...UPPER, ...SAME_IF_BOTH, ...PRESENTATION, "enum"]);
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
    if (!known.has(k) && k in a && k in b && text(a[k]) !== text(b[k])) return null;
  return out;
}

interface Field {
  name: string;
  prop: Prop;
  required: boolean;
  feeds: { itemCode: string; property: string }[];
  ui: unknown;
}

/** A separate field's name: the property and the item code, e.g. bank_990100_GG_003. */
const separateName = (property: string, itemCode: string) => `${property}_${itemCode.replace(/[^A-Za-z0-9]/g, "_")}`;

export function mergeForms(parts: FormPart[], mappings: FieldMappings = {}): MergedForm {
  const fields: Field[] = [];
  const order: string[] = [];
  const mappedTo = new Map<string, string>(); // "itemCode\0property" → field
  for (const [field, byItem] of Object.entries(mappings))
    for (const [code, property] of Object.entries(byItem)) mappedTo.set(`${code}\0${property}`, field);

  for (const part of parts) {
    const props = propsOf(part.form);
    const required = requiredOf(part.form);
    const ui = (part.form.uiSchema ?? {}) as Record<string, unknown>;
    const itemOrder = ((ui["ui:order"] as string[] | undefined) ?? []).filter((n) => n !== "*");
    const names = [...itemOrder.filter((n) => n in props), ...Object.keys(props).filter((n) => !itemOrder.includes(n))];
    for (const property of names) {
      const prop = props[property] as Prop;
      const wanted = mappedTo.get(`${part.itemCode}\0${property}`) ?? property;
      const source = prop["x-prefill"];
      const candidates = fields.filter(
        (f) =>
          !f.feeds.some((x) => x.itemCode === part.itemCode) &&
          (f.name === wanted || (source !== undefined && f.prop["x-prefill"] === source)),
      );
      let joined = false;
      for (const f of candidates) {
        const merged = mergeProperty(f.prop, prop);
        if (!merged) continue;
        f.prop = merged;
        f.required ||= required.has(property);
        f.feeds.push({ itemCode: part.itemCode, property });
        joined = true;
        break;
      }
      if (joined) continue;
      const taken = fields.some((f) => f.name === wanted);
      const name = taken ? separateName(property, part.itemCode) : wanted;
      const title = typeof prop.title === "string" ? prop.title : property;
      fields.push({
        name,
        prop: taken ? { ...prop, title: `${title}（${part.itemName}）` } : { ...prop },
        required: required.has(property),
        feeds: [{ itemCode: part.itemCode, property }],
        ui: ui[property],
      });
      order.push(name);
    }
  }
  // A field that stayed apart under its own name while a later one was renamed: title it with its item too.
  for (const f of fields) {
    const clash = fields.some((g) => g !== f && g.feeds[0]?.property === f.feeds[0]?.property && g.name !== f.name);
    const first = f.feeds[0];
    if (clash && f.feeds.length === 1 && first && f.name === first.property) {
      const part = parts.find((p) => p.itemCode === first.itemCode);
      const title = typeof f.prop.title === "string" ? f.prop.title : f.name;
      if (part) f.prop = { ...f.prop, title: `${title}（${part.itemName}）` };
    }
  }
  const uiSchema: Record<string, unknown> = { "ui:order": [...order, "*"] };
  for (const f of fields) if (f.ui !== undefined) uiSchema[f.name] = f.ui;
  return {
    form: {
      schema: {
        type: "object",
        required: fields.filter((f) => f.required).map((f) => f.name),
        properties: Object.fromEntries(fields.map((f) => [f.name, f.prop])),
      },
      uiSchema,
    },
    feeds: Object.fromEntries(fields.map((f) => [f.name, f.feeds])),
  };
}

const empty = (v: unknown) => v === undefined || v === null || v === "";

/** The merged form's data from the drafts' data: a field shows the first item's non-empty value. */
export function joinData(feeds: FieldFeeds, drafts: Map<string, Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, targets] of Object.entries(feeds)) {
    const values = targets.map((t) => drafts.get(t.itemCode)?.[t.property]);
    const value = values.find((v) => !empty(v)) ?? values.find((v) => v !== undefined);
    if (value !== undefined) out[field] = value;
  }
  return out;
}

/** Each draft's data from the merged data: exactly the item's own properties that the merged data has. */
export function splitData(feeds: FieldFeeds, data: Record<string, unknown>): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const [field, targets] of Object.entries(feeds))
    for (const t of targets) {
      const draft = out.get(t.itemCode) ?? {};
      if (data[field] !== undefined) draft[t.property] = data[field];
      out.set(t.itemCode, draft);
    }
  return out;
}

/** Problems with a bundle's field mappings, by path, against its items' forms. */
export function mappingIssues(
  mappings: FieldMappings,
  forms: Map<string, ApplicationForm>,
): { path: (string | number)[]; message: string; messageEn: string }[] {
  const issues: { path: (string | number)[]; message: string; messageEn: string }[] = [];
  for (const [field, byItem] of Object.entries(mappings)) {
    let joined: Prop | null | undefined;
    for (const [code, property] of Object.entries(byItem)) {
      const path = ["fieldMappings", field, code];
      const form = forms.get(code);
      if (!form) {
        issues.push({ path, message: `事项 ${code} 不在本一件事中`, messageEn: `Item ${code} is not in this bundle` });
        continue;
      }
      const prop = propsOf(form)[property];
      if (!prop) {
        issues.push({
          path,
          message: `事项 ${code} 的表单没有字段 ${property}`,
          messageEn: `The form of item ${code} has no field ${property}`,
        });
        continue;
      }
      joined = joined === undefined ? prop : joined && mergeProperty(joined, prop);
      if (joined === null) {
        issues.push({
          path,
          message: `字段 ${property} 与同一映射的其他字段不相容`,
          messageEn: `Field ${property} is not compatible with the other fields of the mapping`,
        });
        break;
      }
    }
  }
  return issues;
}
