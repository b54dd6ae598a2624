import fs from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import { parse } from "yaml";

/**
 * deploy/compose.yaml checked as `docker compose config` would, without Docker: YAML with merge keys,
 * variable interpolation from an env file, then the compose-spec JSON schema (fixtures/deploy, from
 * compose-spec/compose-spec). What the schema cannot see — services that depend on services that do not
 * exist, bind mounts of missing files, HAProxy naming other hosts than the app nodes — is checked in
 * deploy/compose.test.ts on the result.
 */
export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  ports?: string[];
  restart?: string;
  user?: string;
  read_only?: boolean;
}

export interface Compose {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const SCHEMA = path.resolve(import.meta.dirname, "../../fixtures/deploy/compose-spec.json");
let validateSchema: ReturnType<Ajv["compile"]> | undefined;

/** Parses, interpolates and validates; problems are messages, empty when the file is valid. */
export function loadCompose(text: string, env: Record<string, string | undefined>) {
  const problems: string[] = [];
  const raw = parse(text, { merge: true }) as unknown;
  const compose = interpolate(raw, env, problems) as Compose;
  if (!validateSchema) {
    const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false, validateFormats: false });
    validateSchema = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, "utf8")));
  }
  if (!validateSchema(compose))
    for (const e of validateSchema.errors ?? [])
      problems.push(`${e.instancePath || "/"} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`);
  return { compose, problems };
}

/** Every `${NAME…}` the file refers to, with whether it must be set (`:?` / `?`). */
export function variables(text: string): Map<string, { required: boolean }> {
  const found = new Map<string, { required: boolean }>();
  for (const m of text.matchAll(/\$\{([A-Za-z_]\w*)(:?[-?])?[^}]*\}/g)) {
    const required = m[2]?.endsWith("?") ?? false;
    found.set(m[1], { required: required || found.get(m[1])?.required === true });
  }
  return found;
}

/** KEY=VALUE lines of an env file (comments and blank lines skipped). */
export function parseEnvFile(text: string): Map<string, string> {
  const entries = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)] as const);
  return new Map(entries);
}

/** Compose's interpolation: $$, ${X}, ${X:-default}, ${X-default}, ${X:?error}, ${X?error}, $X. */
function interpolate(value: unknown, env: Record<string, string | undefined>, problems: string[]): unknown {
  if (typeof value === "string")
    return value.replace(
      /\$\$|\$\{([A-Za-z_]\w*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_]\w*)/g,
      (whole, braced: string, op: string | undefined, arg: string | undefined, bare: string) => {
        if (whole === "$$") return "$";
        const name = braced ?? bare;
        const v = env[name];
        const empty = v === undefined || (op?.startsWith(":") && v === "");
        if (op?.endsWith("-")) return empty ? (arg ?? "") : (v as string);
        if (op?.endsWith("?")) {
          if (empty) problems.push(`${name}: ${arg || "required"}`);
          return v ?? "";
        }
        if (v === undefined) problems.push(`${name} is not set (compose would use an empty string)`);
        return v ?? "";
      },
    );
  if (Array.isArray(value)) return value.map((v) => interpolate(v, env, problems));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env, problems)]));
  return value;
}
