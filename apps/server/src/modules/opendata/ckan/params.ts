/**
 * CKAN action parameters, from a GET query string or a POST body (JSON or form): CKAN clients send lists and
 * dictionaries either as JSON values or as JSON text in a string (`facet.field=["tags"]`), so both are read.
 * Every refusal names the parameter (CKAN answers 409 "Validation Error" keyed by the parameter).
 */
import { naming, OpendataErrors } from "../errors.js";

export type Params = Record<string, unknown>;
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
export const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function invalid(name: string, problem: string) {
  return naming(OpendataErrors.OPENDATA_INVALID_PARAMETER, name, { [name]: [problem] });
}

export function str(p: Params, name: string): string | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string" && typeof v !== "number") throw invalid(name, "Must be a string");
  const s = String(v);
  if (s.length > 2000 || CONTROL.test(s)) throw invalid(name, "Invalid text");
  return s;
}

export function required(p: Params, name: string): string {
  const v = str(p, name);
  if (v === undefined || v === "") throw invalid(name, "Missing value");
  return v;
}

export function int(p: Params, name: string, fallback: number, max?: number): number {
  const v = p[name];
  if (v === undefined || v === null || v === "") return fallback;
  const n = typeof v === "number" ? v : /^-?\d{1,12}$/.test(String(v)) ? Number(v) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw invalid(name, "Must be a natural number");
  if (max !== undefined && n > max)
    throw naming(OpendataErrors.OPENDATA_ROWS_TOO_MANY, name, { [name]: [`Must be less than or equal to ${max}`] });
  return n;
}

export function bool(p: Params, name: string, fallback: boolean): boolean {
  const v = p[name];
  if (v === undefined || v === null || v === "") return fallback;
  if (typeof v === "boolean") return v;
  if (/^(true|1|yes)$/i.test(String(v))) return true;
  if (/^(false|0|no)$/i.test(String(v))) return false;
  throw invalid(name, "Must be a boolean");
}

/** A value that may arrive as JSON text. */
export function json(p: Params, name: string): unknown {
  const v = p[name];
  if (typeof v !== "string") return v;
  const t = v.trim();
  if (!t.startsWith("{") && !t.startsWith("[")) return v;
  try {
    return JSON.parse(t);
  } catch {
    throw invalid(name, "Invalid JSON");
  }
}

/** A list of names: a JSON list, or text separated by commas. */
export function list(p: Params, name: string): string[] | undefined {
  const v = json(p, name);
  if (v === undefined || v === null || v === "") return undefined;
  const items = Array.isArray(v) ? v : typeof v === "string" ? v.split(",") : null;
  if (!items || items.some((x) => typeof x !== "string" || CONTROL.test(x)))
    throw invalid(name, "Must be a list of strings");
  return (items as string[]).map((s) => s.trim()).filter(Boolean);
}
