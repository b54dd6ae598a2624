import jsonld from "jsonld";
import { Parser, type Quad } from "n3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { seedCity } from "../cases/testing.js";
import { CkanClient, CkanError, listen, tableCounts } from "./testing.js";

const DCAT = "http://www.w3.org/ns/dcat#";
const DCT = "http://purl.org/dc/terms/";
const FOAF = "http://xmlns.com/foaf/0.1/";
const TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/** DCAT-AP 3.0.1's mandatory properties per class, and what a graph lacks of them (empty = complete). */
const MANDATORY: Record<string, string[]> = {
  [`${DCAT}Catalog`]: [`${DCT}title`, `${DCT}description`, `${DCT}publisher`, `${DCAT}dataset`],
  [`${DCAT}Dataset`]: [`${DCT}title`, `${DCT}description`],
  [`${DCAT}Distribution`]: [`${DCAT}accessURL`],
  [`${DCAT}DataService`]: [`${DCT}title`, `${DCAT}endpointURL`],
  [`${FOAF}Agent`]: [`${FOAF}name`],
};
function missingMandatory(quads: Quad[]): string[] {
  const missing: string[] = [];
  for (const [cls, props] of Object.entries(MANDATORY))
    for (const s of quads
      .filter((q) => q.predicate.value === TYPE && q.object.value === cls)
      .map((q) => q.subject.value))
      for (const p of props)
        if (!quads.some((q) => q.subject.value === s && q.predicate.value === p && q.object.value.trim() !== ""))
          missing.push(`${s} ${p}`);
  return missing;
}
const subjectsOf = (quads: Quad[], cls: string) =>
  quads.filter((q) => q.predicate.value === TYPE && q.object.value === `${DCAT}${cls}`).map((q) => q.subject.value);

/**
 * Issue 21, acceptance 1, 2 and 5: a client that speaks only CKAN's HTTP protocol lists, searches with facets,
 * shows and reads rows through datastore_search; the DCAT-AP export (Turtle and JSON-LD) parses with RDF
 * libraries and has every mandatory property for every dataset; bad input answers a 4xx in CKAN's error object and changes
 * nothing.
 */
describe("opendata: the CKAN Action API", () => {
  let t: TestApp;
  let ckan: CkanClient;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedCity(t);
    base = await listen(t);
    ckan = new CkanClient(base);
  });
  afterAll(() => t.close());

  const refused = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CkanError);
    return err as CkanError;
  };

  it("lists, searches with facets, shows, and reads rows", async () => {
    expect(await ckan.call("site_read")).toBe(true);
    expect(await ckan.call("status_show")).toMatchObject({ ckan_version: expect.stringMatching(/^2\./) });
    const names = await ckan.call<string[]>("package_list");
    expect(names).toEqual(["job-vacancies", "market-entities-monthly", "medical-institutions"]);

    const all = await ckan.call<{
      count: number;
      results: { name: string }[];
      search_facets: Record<string, { items: { name: string; count: number }[] }>;
      facets: Record<string, Record<string, number>>;
    }>("package_search", { q: "", rows: 2, "facet.field": ["organization", "res_format", "tags"], sort: "name asc" });
    expect(all.count).toBe(3);
    expect(all.results.map((r) => r.name)).toEqual(["job-vacancies", "market-entities-monthly"]);
    expect(all.facets.organization).toEqual({ amr: 1, health: 1, hrss: 1 });
    expect(all.facets.res_format).toEqual({ CSV: 3 });
    expect(all.search_facets.tags?.items.find((i) => i.name === "招聘")?.count).toBe(1);

    // q and fq narrow the result; the facets count what matched
    const search = await ckan.call<{ count: number; results: { name: string }[]; facets: Record<string, unknown> }>(
      "package_search",
      { q: "统计", fq: 'organization:amr +res_format:"CSV"', "facet.field": '["organization"]' },
    );
    expect(search.count).toBe(1);
    expect(search.results[0]?.name).toBe("market-entities-monthly");
    expect(search.facets).toEqual({ organization: { amr: 1 } });
    // GET with a query string works the same way (CKAN's other calling convention)
    const viaGet = await ckan.get<{ count: number }>("package_search", { fq: "tags:招聘", rows: "1" });
    expect(viaGet.count).toBe(1);

    const pkg = await ckan.call<{
      id: string;
      name: string;
      organization: { name: string; title: string };
      resources: { id: string; format: string; datastore_active: boolean; url: string }[];
      tags: { name: string }[];
    }>("package_show", { id: "market-entities-monthly" });
    expect(pkg.organization).toMatchObject({ name: "amr", title: "示例市市场监督管理局" });
    expect(pkg.tags.map((x) => x.name)).toEqual(["市场主体", "登记", "统计"]);
    const [resource] = pkg.resources;
    expect(resource).toMatchObject({ format: "CSV", datastore_active: true });
    expect(await ckan.call("package_show", { id: pkg.id })).toMatchObject({ name: pkg.name });
    expect(await ckan.call("resource_show", { id: resource?.id })).toMatchObject({ package_id: pkg.id });
    expect(await ckan.call("organization_list")).toEqual(["amr", "health", "hrss"]);
    expect(await ckan.call("organization_show", { id: "amr" })).toMatchObject({ package_count: 1 });
    expect(await ckan.call<string[]>("tag_list")).toContain("医疗机构");
    expect(await ckan.call<string[]>("group_list")).toContain("经济建设");

    type Page = { total: number; records: Record<string, unknown>[]; fields: { id: string; type: string }[] };
    const page = await ckan.call<Page>("datastore_search", { resource_id: resource?.id, limit: 5 });
    expect(page.total).toBe(12);
    expect(page.fields.map((f) => [f.id, f.type])).toEqual([
      ["_id", "int"],
      ["district", "text"],
      ["industry", "text"],
      ["month", "text"],
      ["count", "int"],
    ]);
    expect(page.records[0]).toEqual({
      _id: 1,
      district: "东城区",
      industry: "批发和零售业",
      month: "2026-01",
      count: 412,
    });
    const next = await ckan.call<Page>("datastore_search", { resource_id: resource?.id, limit: 5, offset: 10 });
    expect(next.records.map((r) => r._id)).toEqual([11, 12]);

    const filtered = await ckan.call<Page>("datastore_search", {
      resource_id: resource?.id,
      filters: { district: "西城区", industry: ["信息技术服务业"] },
      sort: "count desc",
      fields: ["month", "count"],
    });
    expect(filtered.total).toBe(3);
    expect(filtered.records).toEqual([
      { month: "2026-03", count: 117 },
      { month: "2026-01", count: 95 },
      { month: "2026-02", count: 81 },
    ]);
    const q = await ckan.get<Page>("datastore_search", { resource_id: resource?.id as string, q: "餐饮", limit: "1" });
    expect(q.total).toBe(3);
    expect(q.records[0]).toMatchObject({ industry: "住宿和餐饮业" });
  });

  it("bad input: CKAN's error object with a 4xx, nothing changed", async () => {
    const before = await tableCounts(t);
    const rows = await refused(ckan.call("package_search", { rows: 100000 }));
    expect([rows.status, rows.error.__type, rows.error.code]).toEqual([
      409,
      "Validation Error",
      "OPENDATA_ROWS_TOO_MANY",
    ]);
    expect(rows.error.rows).toEqual(["Must be less than or equal to 1000"]);
    const fq = await refused(ckan.call("package_search", { fq: 'tags:"unclosed' }));
    expect([fq.status, fq.error.__type, fq.error.code]).toEqual([409, "Validation Error", "OPENDATA_QUERY_INVALID"]);
    for (const bad of ["nosuchfield:x", "tags:(a OR b)", "tags:", "tags:x OR"]) {
      const e = await refused(ckan.call("package_search", { fq: bad }));
      expect([e.status, e.error.code], bad).toEqual([409, "OPENDATA_QUERY_INVALID"]);
    }
    const unknown = await refused(ckan.call("package_show", { id: "no-such-dataset" }));
    expect([unknown.status, unknown.error.__type]).toEqual([404, "Not Found Error"]);
    const noResource = await refused(
      ckan.call("datastore_search", { resource_id: "00000000-0000-4000-8000-000000000000" }),
    );
    expect([noResource.status, noResource.error.__type]).toEqual([404, "Not Found Error"]);
    const action = await refused(ckan.call("package_delete", { id: "job-vacancies" }));
    expect([action.status, action.error.__type]).toEqual([400, "Bad request"]);
    const { resources } = await ckan.call<{ resources: { id: string }[] }>("package_show", { id: "job-vacancies" });
    const id = resources[0]?.id;
    for (const [params, name] of [
      [{ limit: 40000 }, "limit"],
      [{ filters: { "salary_min; drop table x": 1 } }, "filters"],
      [{ filters: { salary_min: "many" } }, "filters"],
      [{ filters: { employer: "a\u0000b" } }, "filters"],
      [{ sort: "salary_min desc, (select 1)" }, "sort"],
      [{ fields: "employer,password" }, "fields"],
      [{ offset: -1 }, "offset"],
    ] as const) {
      const e = await refused(ckan.call("datastore_search", { resource_id: id, ...params }));
      expect([e.status, e.error.__type, Object.keys(e.error)], name).toEqual([
        409,
        "Validation Error",
        expect.arrayContaining([name]),
      ]);
    }
    const malformed = await fetch(`${base}/api/3/action/package_search`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ success: false, error: { __type: "Bad request" } });
    expect(await tableCounts(t)).toEqual(before);
  });

  it("DCAT-AP: Turtle (n3) and JSON-LD (jsonld) parse to the same graph with every mandatory property", async () => {
    const ttl = await fetch(`${base}/catalog.ttl`);
    expect(ttl.headers.get("content-type")).toMatch(/^text\/turtle/);
    const turtle = new Parser({ format: "text/turtle" }).parse(await ttl.text());
    const doc = (await (await fetch(`${base}/catalog.jsonld`)).json()) as jsonld.JsonLdDocument;
    const nquads = (await jsonld.toRDF(doc, { format: "application/n-quads" })) as unknown as string;
    const fromJsonLd = new Parser({ format: "application/n-quads" }).parse(nquads);
    expect(fromJsonLd.length).toBe(turtle.length);

    for (const quads of [turtle, fromJsonLd]) {
      expect(missingMandatory(quads)).toEqual([]);
      const datasets = subjectsOf(quads, "Dataset");
      // every dataset of the portal, closed ones excluded
      expect(datasets.map((d) => d.split("/").pop()).sort()).toEqual(await ckan.call("package_list"));
      expect(subjectsOf(quads, "Distribution")).toHaveLength(3);
      expect(subjectsOf(quads, "Catalog")).toHaveLength(1);
      expect(subjectsOf(quads, "DataService")).toHaveLength(1);
      // recommended properties filled for every dataset
      for (const d of datasets)
        for (const p of [
          `${DCT}publisher`,
          `${DCAT}contactPoint`,
          `${DCAT}distribution`,
          `${DCAT}keyword`,
          `${DCT}accessRights`,
        ])
          expect(
            quads.some((q) => q.subject.value === d && q.predicate.value === p),
            `${d} ${p}`,
          ).toBe(true);
    }
    // the check itself fails on a dataset without a title
    const dataset = subjectsOf(turtle, "Dataset")[0];
    const untitled = turtle.filter((q) => !(q.subject.value === dataset && q.predicate.value === `${DCT}title`));
    expect(missingMandatory(untitled)).toEqual([`${dataset} ${DCT}title`]);
  });
});
