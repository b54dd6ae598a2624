import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";

/**
 * The OpenAPI document says what a client must be ready for: every route that can answer 4xx documents it,
 * in the one `ErrorResponse` shape (route files use `errorResponses(…)` from @yiwang/contracts).
 *  - a guarded route (authorize / authenticate) documents 401 and 403 — the guard answers them;
 *  - a route with parameters, a query or a body documents 400 — validation answers it.
 */

interface Operation {
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}
type Doc = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

/** `/api/x/:id` (Fastify) → `/api/x/{id}` (OpenAPI). */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");

/** What the document lacks for the routes, as readable lines (empty = fine). */
export function missingErrorResponses(
  doc: Doc,
  routes: readonly { method: string; url: string; guards: readonly unknown[] }[],
): string[] {
  const missing: string[] = [];
  for (const r of routes) {
    const op = doc.paths[openApiPath(r.url)]?.[r.method.toLowerCase()];
    if (!op) continue; // hidden on purpose (e.g. the OIDC provider's own endpoints)
    const documented = Object.keys(op.responses ?? {});
    const needed = new Set<string>();
    if (r.guards.length > 0) for (const s of ["401", "403"]) needed.add(s);
    if ((op.parameters?.length ?? 0) > 0 || op.requestBody) needed.add("400");
    for (const s of needed) if (!documented.includes(s)) missing.push(`${r.method} ${r.url}: ${s}`);
  }
  return missing;
}

describe("error responses in the OpenAPI document", () => {
  let t: TestApp;
  let doc: Doc;
  let routes: { method: string; url: string; guards: readonly unknown[] }[];
  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.app.inject({ method: "GET", url: "/openapi.json" })).json();
    routes = t.app.auth.routes().filter((r) => r.url.startsWith("/api/") && r.method !== "HEAD");
  });
  afterAll(() => t.close());

  it("every guarded route documents 401 and 403, every route with input documents 400", () => {
    const guarded = routes.filter((r) => r.guards.length > 0);
    expect(guarded.length).toBeGreaterThan(50);
    const documented = routes.filter((r) => doc.paths[openApiPath(r.url)]?.[r.method.toLowerCase()]);
    expect(documented.length).toBeGreaterThan(100);
    expect(missingErrorResponses(doc, routes)).toEqual([]);
  });

  it("the check fails for a guarded route that documents no errors", () => {
    const fake: Doc = {
      ...doc,
      paths: { "/api/x/{id}": { post: { parameters: [{ name: "id" }], responses: { "200": {} } } } },
    };
    expect(missingErrorResponses(fake, [{ method: "POST", url: "/api/x/:id", guards: [{ permission: "x" }] }])).toEqual(
      ["POST /api/x/:id: 401", "POST /api/x/:id: 403", "POST /api/x/:id: 400"],
    );
  });

  it("every documented 4xx/5xx under /api is the one ErrorResponse shape", () => {
    expect(doc.components.schemas.ErrorResponse).toMatchObject({
      required: expect.arrayContaining(["code", "message", "messageEn", "requestId"]),
    });
    const statuses = new Set<string>();
    let count = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.startsWith("/api/")) continue;
      for (const [method, op] of Object.entries(ops)) {
        for (const [status, response] of Object.entries(op.responses ?? {})) {
          if (Number(status) < 400) continue;
          const schema = response.content?.["application/json"]?.schema;
          expect(schema?.$ref, `${method} ${path} ${status}`).toBe("#/components/schemas/ErrorResponse");
          statuses.add(status);
          count++;
        }
      }
    }
    expect(count).toBeGreaterThan(300);
    expect([...statuses]).toEqual(expect.arrayContaining(["400", "401", "403", "404", "409", "422", "429"]));
  });
});
