import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, loginAs, registerCitizen } from "../../test-support/identity.js";
import { staffPrincipal } from "../../test-support/principals.js";
import type { GuardedRoute } from "../auth/guard.js";
import { can, ROLES, type Role } from "../auth/permissions.js";
import { CONTROL_CHARACTER_MESSAGE, controlCharacterPaths } from "./validator.js";

/**
 * Issue 14, defect 3: a NUL byte in a text field reached PostgreSQL and came back as a 500 on at least 12
 * routes. The route table: every string field of every route's body, query and path — taken from the
 * OpenAPI document, so a new route is covered the day it is added — is sent with a NUL inside, as a caller
 * the route lets through (anonymous for public routes, an allowed role, a level-3 citizen), and must be
 * refused with 400. Where the rest of the request is otherwise valid, the refusal must name that field.
 */

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  minItems?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  default?: unknown;
};
type Operation = {
  parameters?: { in: string; name: string; required?: boolean; schema: Schema }[];
  requestBody?: { content?: Record<string, { schema: Schema }> };
};
type Doc = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };

const ZERO = "00000000-0000-4000-8000-000000000000";
const NUL = "a\u0000b";

describe("control characters in every string field of every route", () => {
  let t: TestApp;
  let doc: Doc;
  let guards: Map<string, GuardedRoute>;
  const as = new Map<Role | "citizen", Headers>();

  beforeAll(async () => {
    t = await createTestApp();
    for (const role of ROLES) as.set(role, await loginAs(t, role));
    const citizen = await registerCitizen(t);
    const idNumber = "990101199506181286"; // a demo person (seed/data/population.json)
    await t.database.db
      .updateTable("accounts")
      .set({
        realname_level: 3,
        real_name: "陈静",
        id_number_enc: t.app.platform.pii.encrypt("id_number", idNumber),
        id_number_bidx: t.app.platform.pii.blindIndex("id_number", idNumber),
      })
      .where("id", "=", citizen.id)
      .execute();
    as.set("citizen", citizen.headers);
    doc = t.app.swagger() as unknown as Doc;
    guards = new Map(t.app.auth.routes().map((r) => [`${r.method} ${r.url}`, r]));
  });
  afterAll(() => t.close());

  const resolve = (s: Schema): Schema => {
    if (!s.$ref) return s;
    const name = s.$ref.split("/").pop() as string;
    return resolve(doc.components?.schemas?.[name] ?? {});
  };
  const typeOf = (s: Schema) => (Array.isArray(s.type) ? s.type.find((x) => x !== "null") : s.type);

  /** A value the schema accepts where that is easy to make; free-text strings are where the NUL goes. */
  function sample(raw: Schema): unknown {
    const s = resolve(raw);
    const branch = s.anyOf ?? s.oneOf;
    if (branch) return sample(branch.find((b) => typeOf(resolve(b)) !== "null") ?? branch[0] ?? {});
    if (s.allOf) return Object.assign({}, ...s.allOf.map((x) => sample(x) as object));
    if (s.const !== undefined) return s.const;
    if (s.enum) return s.enum[0];
    if (s.default !== undefined) return s.default;
    switch (typeOf(s)) {
      case "object": {
        const out: Record<string, unknown> = {};
        for (const key of s.required ?? []) out[key] = sample(s.properties?.[key] ?? {});
        return out;
      }
      case "array":
        return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items ?? {}));
      case "integer":
      case "number":
        return Math.max(1, s.minimum ?? 1);
      case "boolean":
        return false;
      case "string":
        if (s.format === "uuid") return ZERO;
        if (s.format === "date") return "2026-03-02";
        if (s.format === "date-time") return "2026-03-02T10:00:00+08:00";
        return "x".repeat(Math.max(1, s.minLength ?? 1));
      default:
        return "x";
    }
  }

  /** Paths of the top-level and nested free-text strings of a body schema (where a NUL is meaningful). */
  function stringPaths(raw: Schema, path: string[] = [], depth = 0): string[][] {
    const s = resolve(raw);
    if (depth > 4) return [];
    const branch = s.anyOf ?? s.oneOf;
    if (branch) return stringPaths(branch.find((b) => typeOf(resolve(b)) !== "null") ?? {}, path, depth + 1);
    if (typeOf(s) === "string" && !s.enum && s.const === undefined) return [path];
    if (typeOf(s) === "object")
      return Object.entries(s.properties ?? {}).flatMap(([k, v]) => stringPaths(v, [...path, k], depth + 1));
    return [];
  }

  function setAt(target: Record<string, unknown>, path: string[], value: unknown) {
    let node = target;
    for (const key of path.slice(0, -1)) {
      if (typeof node[key] !== "object" || node[key] === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[path.at(-1) as string] = value;
  }

  /** Headers of a caller the route's guards let through, or null when none of ours is. */
  function callerOf(route: GuardedRoute | undefined): Headers | null {
    if (!route || route.guards.length === 0) return {};
    for (const g of route.guards) {
      if ("permission" in g) {
        const role = ROLES.find((r) => can(staffPrincipal(r), g.permission));
        return role ? (as.get(role) ?? null) : null;
      }
    }
    const auth = route.guards.find((g) => "authenticate" in g);
    const kinds = auth && "authenticate" in auth ? auth.authenticate.kinds : undefined;
    if (!kinds || kinds.includes("citizen")) return as.get("citizen") ?? null;
    return as.get("window_clerk") ?? null;
  }

  it("the validator finds control characters in strings and keys at any depth", () => {
    expect(
      controlCharacterPaths({ a: "ok", b: ["x", "y\u0000"], c: { "k\u0007": 1, d: "tab\tand\nnewline" } }),
    ).toEqual([
      ["b", 1],
      ["c", "k\u0007"],
    ]);
  });

  it("refuses a NUL in every string field of every route with 400, never a 500", async () => {
    const checked: string[] = [];
    let named = 0;
    for (const [docPath, methods] of Object.entries(doc.paths)) {
      if (!docPath.startsWith("/api/")) continue;
      const url = docPath.replace(/\{([^}]+)\}/g, ":$1");
      for (const [method, op] of Object.entries(methods)) {
        const verb = method.toUpperCase() as "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
        // A module's root route is documented with its trailing slash ("/api/cases/").
        const headers = callerOf(guards.get(`${verb} ${url}`) ?? guards.get(`${verb} ${url.replace(/(.)\/$/, "$1")}`));
        if (headers === null) continue;
        const concrete = (params: Record<string, string>) =>
          docPath.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(params[name] ?? ZERO));
        const pathParams = (op.parameters ?? []).filter((p) => p.in === "path");
        const queryParams = (op.parameters ?? []).filter((p) => p.in === "query");
        const baseParams = Object.fromEntries(pathParams.map((p) => [p.name, String(sample(p.schema))]));
        const baseQuery = Object.fromEntries(
          queryParams.filter((p) => p.required).map((p) => [p.name, String(sample(p.schema))]),
        );
        const bodySchema = op.requestBody?.content?.["application/json"]?.schema;
        const body = bodySchema ? (sample(bodySchema) as Record<string, unknown>) : undefined;

        const tries: { field: string; url: string; payload?: unknown }[] = [];
        for (const p of pathParams)
          tries.push({ field: `params.${p.name}`, url: concrete({ ...baseParams, [p.name]: NUL }) });
        for (const p of queryParams.filter((q) => typeOf(resolve(q.schema)) === "string" && !resolve(q.schema).enum)) {
          const query = new URLSearchParams({ ...baseQuery, [p.name]: NUL });
          tries.push({ field: `querystring.${p.name}`, url: `${concrete(baseParams)}?${query}`, payload: body });
        }
        if (bodySchema && body && typeof body === "object") {
          for (const path of stringPaths(bodySchema)) {
            const payload = structuredClone(body);
            setAt(payload, path, NUL);
            tries.push({ field: `body.${path.join(".")}`, url: concrete(baseParams), payload });
          }
        }
        for (const attempt of tries) {
          const withQuery =
            attempt.url.includes("?") || Object.keys(baseQuery).length === 0
              ? attempt.url
              : `${attempt.url}?${new URLSearchParams(baseQuery)}`;
          const res = await t.app.inject({
            method: verb,
            url: withQuery,
            headers,
            payload: verb === "GET" || verb === "DELETE" ? undefined : (attempt.payload ?? body ?? {}),
          });
          expect(res.statusCode, `${verb} ${docPath} ${attempt.field}: ${res.body.slice(0, 200)}`).toBe(400);
          const issues = (res.json().details?.issues ?? []) as { path: string; message: string }[];
          if (issues.some((i) => i.path === attempt.field && i.message === CONTROL_CHARACTER_MESSAGE)) named++;
          checked.push(`${verb} ${docPath} ${attempt.field}`);
        }
      }
    }
    // The table is really walked: hundreds of fields, and for most the refusal names the NUL itself.
    expect(checked.length).toBeGreaterThan(150);
    expect(named).toBeGreaterThan(checked.length / 3);
    // The fields of the report (issue 14) are among them.
    expect(checked).toEqual(
      expect.arrayContaining([
        "POST /api/identity/staff/login body.username",
        "GET /api/org/departments querystring.q",
        "POST /api/identity/register body.displayName",
      ]),
    );
  });
});
