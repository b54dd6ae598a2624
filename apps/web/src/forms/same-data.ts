/**
 * Whether two form values are the same data: as JSON (a property holding `undefined` is absent), whatever the
 * order of object keys. The order differs for the same data: PostgreSQL's jsonb gives keys back shortest
 * first, rjsf writes them in the schema's order — compared as plain JSON text, a draft just opened looked
 * changed, asked before leaving and autosaved (a history and audit entry) without a keystroke.
 */
export function sameFormData(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
        )
      : v,
  );
}
