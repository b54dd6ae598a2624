/**
 * Extension fields (扩展域) of a code: what third-party codes attach to the standard part (GB/T 38961's
 * split: standard field + extension field + security check field — here the claims, `x`, and the
 * signature). `x` maps a registered extension type to its fields, e.g. `{ ssc: { no: "…" } }` for a social
 * security card the holder chose to attach. They are signed with the rest of the code, so a gate trusts
 * them as far as it trusts the issuer; a type this verifier does not know is still shown (`known: false`).
 * Limits keep a code scannable: at most MAX_EXTENSIONS types, each field ≤ MAX_EXTENSION_VALUE characters,
 * the whole `x` ≤ MAX_EXTENSIONS_BYTES of JSON — a code breaking them is `malformed`.
 */
export const MAX_EXTENSIONS = 3;
export const MAX_EXTENSION_FIELDS = 4;
export const MAX_EXTENSION_VALUE = 64;
export const MAX_EXTENSIONS_BYTES = 256;

export interface ExtensionTypeInfo {
  label: { "zh-CN": string; en: string };
  fields: Record<string, { label: { "zh-CN": string; en: string }; pattern: RegExp }>;
}

/** The registered extension types (the server attaches only these; verifiers label them). */
export const EXTENSION_TYPES: Readonly<Record<string, ExtensionTypeInfo>> = {
  ssc: {
    label: { "zh-CN": "社会保障卡", en: "Social security card" },
    fields: { no: { label: { "zh-CN": "卡号", en: "Card number" }, pattern: /^[0-9A-Za-z-]{1,32}$/ } },
  },
};

export interface CodeExtension {
  type: string;
  fields: Record<string, string>;
  /** Whether the type is registered here (an unknown one is shown as it is, unlabelled). */
  known: boolean;
}

const TYPE = /^[a-z][a-z0-9]{0,15}$/;
const FIELD = /^[a-z][a-zA-Z0-9]{0,15}$/;

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The extensions of a code's `x` claim (undefined: none), or null when they break the shape or the limits.
 * A registered type must match its fields exactly; an unknown one only the generic limits.
 */
export function readExtensions(x: unknown): CodeExtension[] | null {
  if (x === undefined) return [];
  if (!isPlain(x)) return null;
  const types = Object.keys(x);
  if (types.length === 0 || types.length > MAX_EXTENSIONS) return null;
  if (new TextEncoder().encode(JSON.stringify(x)).length > MAX_EXTENSIONS_BYTES) return null;
  const out: CodeExtension[] = [];
  for (const type of types) {
    const value = x[type];
    if (!TYPE.test(type) || !isPlain(value)) return null;
    const names = Object.keys(value);
    if (names.length === 0 || names.length > MAX_EXTENSION_FIELDS) return null;
    const info = Object.hasOwn(EXTENSION_TYPES, type) ? EXTENSION_TYPES[type] : undefined;
    const fields: Record<string, string> = {};
    for (const name of names) {
      const v = value[name];
      if (!FIELD.test(name) || typeof v !== "string" || v.length === 0 || v.length > MAX_EXTENSION_VALUE) return null;
      if (info && !info.fields[name]?.pattern.test(v)) return null;
      fields[name] = v;
    }
    if (info && Object.keys(info.fields).some((f) => !(f in fields))) return null;
    out.push({ type, fields, known: info !== undefined });
  }
  return out;
}
