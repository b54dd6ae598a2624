/**
 * Cross-field rules in application forms: a limit keyword whose value is ajv's `$data` reference to another
 * field, e.g. the amount withdrawn may not exceed the purchase price:
 *   "amount": { "type": "number", "maximum": { "$data": "1/totalPrice" } }
 * The pointer is a relative JSON Pointer from the field ("1/totalPrice": up to the object holding the field,
 * then its `totalPrice`) or an absolute one from the form's root ("/totalPrice"). Only the numeric limits, and
 * only on fields reached through `properties`, are allowed: the web's interpreter (apps/web/src/forms/
 * validator.ts) evaluates exactly these, so browser and server agree. An item's form is refused when a
 * reference is elsewhere, on another keyword, or names a field that is not a number field of the form.
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Keywords that may take a `$data` reference, with how the rule reads in Chinese and in English. */
export const DATA_KEYWORDS = {
  maximum: { zh: "不能大于", en: "must be <=" },
  minimum: { zh: "不能小于", en: "must be >=" },
  exclusiveMaximum: { zh: "应小于", en: "must be <" },
  exclusiveMinimum: { zh: "应大于", en: "must be >" },
} as const;
export type DataKeyword = keyof typeof DATA_KEYWORDS;

export interface DataReference {
  /** Schema path of the keyword, e.g. ["properties", "amount", "maximum"]. */
  schemaPath: string[];
  keyword: string;
  pointer: string;
  /** Property names from the root to the field the rule is on. */
  field: string[];
  /** Property names from the root to the field the pointer names (undefined when it names none). */
  target?: string[];
}

export interface DataReferenceIssue {
  /** Schema path of the `$data` reference. */
  path: string[];
  message: string;
  messageEn: string;
}

const decode = (s: string) => s.replace(/~1/g, "/").replace(/~0/g, "~");

/** The field a pointer names, from the field `field` the rule is on; undefined when it cannot name one. */
export function resolvePointer(field: string[], pointer: string): string[] | undefined {
  const m = /^(?:(\d+)|)(\/.*)?$/s.exec(pointer);
  if (!m || (m[1] === undefined && m[2] === undefined)) return undefined;
  const rest = m[2] ? m[2].slice(1).split("/").map(decode) : [];
  if (m[1] === undefined) return rest; // absolute: from the root
  const up = Number(m[1]);
  if (up > field.length) return undefined;
  return [...field.slice(0, field.length - up), ...rest];
}

/** The schema of the field at `path` (through `properties` only), if the form has one. */
export function fieldSchema(schema: Json, path: string[]): Json | undefined {
  let node: Json = schema;
  for (const name of path) {
    const props = node.properties;
    if (!isObject(props) || !Object.hasOwn(props, name) || !isObject(props[name])) return undefined;
    node = props[name] as Json;
  }
  return node;
}

/** Every `$data` reference in the schema, and the problems that keep the form from using them. */
export function dataReferences(schema: Json): { refs: DataReference[]; issues: DataReferenceIssue[] } {
  const refs: DataReference[] = [];
  const issues: DataReferenceIssue[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (Array.isArray(node)) {
      for (const [i, v] of node.entries()) walk(v, [...path, String(i)]);
      return;
    }
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (isObject(value) && Object.hasOwn(value, "$data")) check(path, key, value.$data);
      else walk(value, [...path, key]);
    }
  };
  const check = (at: string[], keyword: string, pointer: unknown) => {
    const where = [...at, keyword, "$data"];
    const name = at.join(".") || "/";
    // The rule's field: the path must be properties/<name>/properties/<name>/…
    const field = at.filter((_, i) => i % 2 === 1);
    const inProperties = at.length > 0 && at.length % 2 === 0 && at.every((s, i) => i % 2 === 1 || s === "properties");
    if (!inProperties || !Object.hasOwn(DATA_KEYWORDS, keyword)) {
      issues.push({
        path: where,
        message: `${name} 的 ${keyword}：$data 只能用于字段的 ${Object.keys(DATA_KEYWORDS).join("、")}`,
        messageEn: `${name} ${keyword}: $data is allowed only in a field's ${Object.keys(DATA_KEYWORDS).join(", ")}`,
      });
      return;
    }
    const target = typeof pointer === "string" ? resolvePointer(field, pointer) : undefined;
    const targetSchema = target ? fieldSchema(schema, target) : undefined;
    if (!target || !targetSchema) {
      issues.push({
        path: where,
        message: `字段 ${field.join(".")} 的 ${keyword} 引用的字段“${String(pointer)}”不存在`,
        messageEn: `${keyword} of ${field.join(".")} refers to "${String(pointer)}", which is not a field of the form`,
      });
      return;
    }
    if (targetSchema.type !== "number" && targetSchema.type !== "integer") {
      issues.push({
        path: where,
        message: `字段 ${field.join(".")} 的 ${keyword} 引用的字段“${String(pointer)}”不是数字字段`,
        messageEn: `${keyword} of ${field.join(".")} refers to "${String(pointer)}", which is not a number field`,
      });
      return;
    }
    refs.push({ schemaPath: [...at, keyword], keyword, pointer: String(pointer), field, target });
  };
  walk(schema, []);
  return { refs, issues };
}
