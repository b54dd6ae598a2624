/**
 * Cross-field rules (ajv's `$data`): a field's numeric limit taken from another field, e.g. the amount withdrawn
 * may not exceed the purchase price — `"amount": { "maximum": { "$data": "1/totalPrice" } }`. The interpreter
 * knows no `$data`, so the validator takes these rules out of its copy of the schema and checks them here. The
 * server (platform/forms/data-references.ts) allows exactly these: the four numeric limits on fields reached
 * through `properties`, pointing at a number field, relatively ("1/totalPrice") or from the root ("/totalPrice");
 * a field that is not a number is left to the other rules, and so is an empty other field; the other field
 * holding something that is not a number breaks the rule, as in ajv.
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

const KEYWORDS = {
  maximum: (v: number, l: number) => v <= l,
  minimum: (v: number, l: number) => v >= l,
  exclusiveMaximum: (v: number, l: number) => v < l,
  exclusiveMinimum: (v: number, l: number) => v > l,
} as const;

export interface DataRule {
  keyword: keyof typeof KEYWORDS;
  /** Property names from the root to the field the rule is on, and to the field it compares with. */
  field: string[];
  target: string[];
  /** The titles people know the two fields by. */
  fieldTitle: string;
  targetTitle: string;
}

/** One broken rule, in the validator's (ajv's) terms. */
export interface DataRuleError {
  keyword: string;
  field: string[];
  schemaPath: string[];
  params: Record<string, unknown>;
  message: string;
}

const decode = (s: string) => s.replace(/~1/g, "/").replace(/~0/g, "~");

function resolve(field: string[], pointer: unknown): string[] | undefined {
  const m = typeof pointer === "string" ? /^(?:(\d+)|)(\/.*)?$/s.exec(pointer) : null;
  if (!m || (m[1] === undefined && m[2] === undefined)) return undefined;
  const rest = m[2] ? m[2].slice(1).split("/").map(decode) : [];
  if (m[1] === undefined) return rest;
  const up = Number(m[1]);
  return up > field.length ? undefined : [...field.slice(0, field.length - up), ...rest];
}

function fieldSchema(root: Json, path: string[]): Json | undefined {
  let node = root;
  for (const name of path) {
    const props = node.properties;
    if (!isObject(props) || !Object.hasOwn(props, name) || !isObject(props[name])) return undefined;
    node = props[name] as Json;
  }
  return node;
}

const hidden = (keyword: string) => `x-data-${keyword}`;

/**
 * The copy of a form's schema that rjsf renders: rjsf puts a number field's limits on its input (max,
 * aria-valuemax), where a `$data` object becomes "[object Object]" — an invalid ARIA value (axe: critical). The
 * copy keeps each rule under `x-data-<keyword>`, which draft-07 ignores and extractDataRules reads, so the
 * validator still checks it. A schema without rules is returned as it is (rjsf caches by identity).
 */
export function forDisplay<T extends object>(schema: T): T {
  let changed = false;
  const copy = (node: Json): Json => {
    const out: Json = { ...node };
    for (const keyword of Object.keys(KEYWORDS)) {
      const value = out[keyword];
      if (!isObject(value) || !Object.hasOwn(value, "$data")) continue;
      delete out[keyword];
      out[hidden(keyword)] = value;
      changed = true;
    }
    if (isObject(out.properties))
      out.properties = Object.fromEntries(
        Object.entries(out.properties).map(([name, prop]) => [name, isObject(prop) ? copy(prop) : prop]),
      );
    return out;
  };
  const result = copy(schema as Json);
  return changed ? (result as T) : schema;
}

/**
 * Takes the rules out of `schema` (a private copy: changed in place) and answers them. A `$data` anywhere else
 * stays, and the meta-schema check then says the schema cannot be used, as the server's item check would.
 */
export function extractDataRules(schema: Json): DataRule[] {
  const rules: DataRule[] = [];
  const walk = (node: Json, field: string[]) => {
    for (const keyword of Object.keys(KEYWORDS) as DataRule["keyword"][]) {
      const at = [keyword, hidden(keyword)].find((k) => isObject(node[k]) && Object.hasOwn(node[k] as Json, "$data"));
      if (!at) continue;
      const value = node[at] as Json;
      delete node[at];
      const target = resolve(field, value.$data);
      const other = target && fieldSchema(schema, target);
      if (!target || !other || field.length === 0) continue; // refused when the item was saved
      const title = (s: Json | undefined, path: string[]) => String(s?.title ?? path.join("."));
      rules.push({ keyword, field, target, fieldTitle: title(node, field), targetTitle: title(other, target) });
    }
    if (!isObject(node.properties)) return;
    for (const [name, prop] of Object.entries(node.properties)) if (isObject(prop)) walk(prop, [...field, name]);
  };
  walk(schema, []);
  return rules;
}

function valueAt(data: unknown, path: string[]): unknown {
  let node = data;
  for (const name of path) {
    if (!isObject(node) || !Object.hasOwn(node, name)) return undefined;
    node = node[name];
  }
  return node;
}

/** The rules the data breaks. */
export function checkDataRules(rules: DataRule[], data: unknown): DataRuleError[] {
  const errors: DataRuleError[] = [];
  for (const r of rules) {
    const value = valueAt(data, r.field);
    const limit = valueAt(data, r.target);
    if (typeof value !== "number" || limit === undefined) continue;
    if (typeof limit !== "number") {
      // ajv's $data error: the other field holds something that is no limit
      errors.push({
        keyword: r.keyword,
        field: r.field,
        schemaPath: [...r.field.flatMap((name) => ["properties", name]), r.keyword],
        params: { fieldTitle: r.fieldTitle, targetTitle: r.targetTitle, badLimit: true },
        message: `${r.target.join(".")} must be a number`,
      });
      continue;
    }
    if (KEYWORDS[r.keyword](value, limit)) continue;
    errors.push({
      keyword: r.keyword,
      field: r.field,
      schemaPath: [...r.field.flatMap((name) => ["properties", name]), r.keyword],
      params: { limit, fieldTitle: r.fieldTitle, targetTitle: r.targetTitle },
      message: `${r.field.join(".")} must be ${r.keyword} ${r.target.join(".")} (${limit})`,
    });
  }
  return errors;
}
