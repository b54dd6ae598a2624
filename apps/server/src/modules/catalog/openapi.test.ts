import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";

describe("catalog API in the OpenAPI document", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("documents the public search, guide and bundle endpoints with their parameters", async () => {
    const res = await t.app.inject({ method: "GET", url: "/openapi.json" });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    const search = doc.paths["/api/catalog/search"].get;
    expect(search.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["q", "audience", "dept", "topic", "page"]),
    );
    for (const path of [
      "/api/catalog/items/{code}",
      "/api/catalog/items/{code}/versions/{version}",
      "/api/catalog/bundles/{code}",
      "/api/catalog/admin/import",
    ])
      expect(doc.paths[path], path).toBeDefined();
    expect(JSON.stringify(doc.components.schemas.SearchResult ?? doc)).toContain("suggestions");
  });
});
