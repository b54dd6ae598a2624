/**
 * Sample form data for the demo forms, shared by the tests (cases/testing.ts) and the fault drill's client
 * (ops/drill/client.ts), which runs outside vitest: so this file imports nothing.
 */

/** The demo enterprise (李娜 is its legal representative). */
export const ENTERPRISE_USCC = "91990100MA0001018E";

/** A value that satisfies a (simple) JSON Schema property, for filling demo forms in tests. */
function sample(prop: Record<string, unknown>): unknown {
  if (Array.isArray(prop.enum)) return prop.enum[0];
  switch (prop.type) {
    case "number":
    case "integer":
      return typeof prop.minimum === "number" ? Math.max(prop.minimum, 1) : 100;
    case "boolean":
      return true;
    case "array": {
      const items = (prop.items ?? {}) as Record<string, unknown>;
      const min = typeof prop.minItems === "number" ? prop.minItems : 1;
      const values = Array.isArray(items.enum) ? items.enum.slice(0, Math.max(min, 1)) : [sample(items)];
      return values;
    }
    case "object":
      return fill(prop, {});
    default: {
      const pattern = String(prop.pattern ?? "");
      if (pattern.includes("1[3-9]")) return "13912345678";
      if (pattern.includes("0-9A-HJ-NPQRTUWXY")) return ENTERPRISE_USCC;
      if (prop.format === "date") return "2026-03-02";
      if (prop.format === "email") return "test@example.cn";
      const min = typeof prop.minLength === "number" ? prop.minLength : 1;
      return "测试内容".padEnd(Math.max(min, 4), "测");
    }
  }
}

export function fill(schema: Record<string, unknown>, data: Record<string, unknown>): Record<string, unknown> {
  const out = { ...data };
  const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const name of (schema.required ?? []) as string[]) {
    if (out[name] === undefined || out[name] === "") out[name] = sample(props[name] ?? {});
  }
  return out;
}
