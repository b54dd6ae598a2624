import type { OpendataDatasetDetail, OpendataSearchResult, OpendataStats } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { seedCity } from "../cases/testing.js";
import { csvCell } from "./download.js";
import { searchText } from "./publish.service.js";
import { OpendataRepository } from "./repository.js";

/**
 * Issue 21, portal pages: the typed reads behind /opendata — search with the four facets and paging, one
 * dataset with its resources and a page of rows — through the same repository as the CKAN API. Closed
 * datasets are nowhere; conditional ones show metadata and no rows; bad queries are the platform's 400.
 */
describe("opendata: the portal's typed reads", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await seedCity(t);
    // a closed dataset (不予开放) beside the three demo ones: it must never appear
    const dept = await t.database.db
      .selectFrom("departments")
      .select("id")
      .where("key", "=", "amr")
      .executeTakeFirstOrThrow();
    const meta = {
      name: "closed-internal",
      title: "内部统计 不予开放",
      description: "不予开放的数据集",
      keywords: ["统计"],
      themes: ["经济建设"],
    };
    await new OpendataRepository(t.database.db).insertDataset(t.database.db, {
      ...meta,
      department_id: dept.id,
      open_level: "closed",
      license_id: "cc-by-4.0",
      frequency: "monthly",
      spatial: null,
      temporal_start: null,
      temporal_end: null,
      contact_name: "内部",
      contact_email: "x@amr.example.gov.cn",
      search_text: searchText(meta),
    });
  });
  afterAll(() => t.close());

  const search = async (query: string) => {
    const res = await t.app.inject({ method: "GET", url: `/api/opendata/datasets?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as OpendataSearchResult;
  };
  const stats = async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/opendata/stats" });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as OpendataStats;
  };
  const show = async (path: string) => {
    const res = await t.app.inject({ method: "GET", url: `/api/opendata/datasets/${path}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as OpendataDatasetDetail;
  };

  it("searches with facets and pages; closed datasets are not counted", async () => {
    const all = await search("");
    expect(all.total).toBe(3);
    expect(all.items.map((d) => d.name).sort()).toEqual([
      "job-vacancies",
      "market-entities-monthly",
      "medical-institutions",
    ]);
    expect(all.facets.department.map((f) => [f.value, f.count]).sort()).toEqual([
      ["amr", 1],
      ["health", 1],
      ["hrss", 1],
    ]);
    expect(all.facets.department.find((f) => f.value === "amr")?.label).toBe("示例市市场监督管理局");
    expect(all.facets.format).toEqual([{ value: "CSV", label: "CSV", labelEn: "CSV", count: 3 }]);
    expect(all.facets.openLevel.map((f) => [f.value, f.count]).sort()).toEqual([
      ["conditional", 1],
      ["open", 2],
    ]);
    expect(all.facets.theme.find((f) => f.value === "经济建设")?.count).toBe(1);

    expect((await search(`q=${encodeURIComponent("统计")}`)).items.map((d) => d.name)).toEqual([
      "market-entities-monthly",
    ]);
    expect((await search("department=hrss")).items.map((d) => d.name)).toEqual(["job-vacancies"]);
    expect((await search("department=nowhere")).total).toBe(0);
    expect((await search("openLevel=conditional")).items.map((d) => d.name)).toEqual(["medical-institutions"]);
    expect((await search("format=csv")).total).toBe(3);
    const economy = await search(`theme=${encodeURIComponent("经济建设")}&department=amr`);
    expect(economy.items.map((d) => d.name)).toEqual(["market-entities-monthly"]);
    // the facets count what matched
    expect(economy.facets.department).toEqual([
      { value: "amr", label: "示例市市场监督管理局", labelEn: expect.any(String), count: 1 },
    ]);

    const first = await search("pageSize=2&page=1");
    const second = await search("pageSize=2&page=2");
    expect([first.total, first.items.length, second.total, second.items.length]).toEqual([3, 2, 3, 1]);
    expect(new Set([...first.items, ...second.items].map((d) => d.name)).size).toBe(3);
  });

  it("shows an open dataset with its resources and pages of rows", async () => {
    const d = await show("market-entities-monthly");
    expect(d).toMatchObject({ title: "市场主体登记月度统计", openLevel: "open", applyForAccess: false });
    expect(d.department).toMatchObject({ key: "amr", name: "示例市市场监督管理局" });
    expect(d.links.packageShow).toMatch(/\/api\/3\/action\/package_show\?id=market-entities-monthly$/);
    expect(d.links.dcatTurtle).toMatch(/\/catalog\.ttl$/);
    const [resource] = d.resources;
    expect(resource?.fields.map((f) => f.id)).toEqual(["district", "industry", "month", "count"]);
    expect(resource?.apiUrl).toContain(`datastore_search?resource_id=${resource?.id}`);
    expect(d.preview).toMatchObject({ resourceId: resource?.id, total: 12, offset: 0 });
    expect(d.preview?.rows).toHaveLength(12);
    expect(d.preview?.rows[0]).toEqual({
      _id: 1,
      district: "东城区",
      industry: "批发和零售业",
      month: "2026-01",
      count: 412,
    });

    // by id too, and a later page of the chosen resource
    const page = await show(`${d.id}?resource=${resource?.id}&offset=10&limit=5`);
    expect(page.preview?.rows.map((r) => r._id)).toEqual([11, 12]);
    expect(page.preview?.rows[1]).toMatchObject({ district: "西城区", count: 117 });

    // the same rows the CKAN API answers
    const ckan = await t.app.inject({
      method: "GET",
      url: `/api/3/action/datastore_search?resource_id=${resource?.id}&offset=10&limit=5`,
    });
    expect(ckan.json().result.records).toEqual(page.preview?.rows);
  });

  it("a conditional dataset shows metadata but no rows", async () => {
    const d = await show("medical-institutions");
    expect(d).toMatchObject({ openLevel: "conditional", applyForAccess: true, preview: null });
    expect(d.resources).toHaveLength(1);
    expect(d.resources[0]?.rowCount).toBeGreaterThan(0);
    expect(JSON.stringify(d)).not.toContain("contactEmail");
  });

  it("downloads a resource as CSV (anyone for an open dataset, a key for a conditional one) and counts the use", async () => {
    await t.app.opendata.usage.flush(); // what the tests above counted
    const before = await stats();
    const d = await show("market-entities-monthly");
    const resourceId = d.resources[0]?.id as string;
    const res = await t.app.inject({
      method: "GET",
      url: `/api/opendata/datasets/market-entities-monthly/resources/${resourceId}/download`,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.headers["content-disposition"]).toMatch(
      /^attachment; filename="market-entities-monthly-.*\.csv"; filename\*=UTF-8''/,
    );
    const lines = res.body.split("\r\n");
    expect(lines[0]).toBe("\uFEFFdistrict,industry,month,count");
    expect(lines[1]).toBe("东城区,批发和零售业,2026-01,412");
    expect(lines.filter((l) => l)).toHaveLength(1 + 12);
    // the same rows, by the dataset's id too; another dataset's resource id is not found under this one
    const byId = await t.app.inject({
      method: "GET",
      url: `/api/opendata/datasets/${d.id}/resources/${resourceId}/download`,
    });
    expect(byId.body).toBe(res.body);
    const medical = await show("medical-institutions");
    const conditional = medical.resources[0]?.id as string;
    for (const [url, status, code] of [
      [`/api/opendata/datasets/job-vacancies/resources/${resourceId}/download`, 404, "OPENDATA_RESOURCE_NOT_FOUND"],
      [`/api/opendata/datasets/medical-institutions/resources/${conditional}/download`, 403, "OPENDATA_KEY_REQUIRED"],
      [`/api/opendata/datasets/market-entities-monthly/resources/not-a-uuid/download`, 400, "VALIDATION_FAILED"],
    ] as const) {
      const r = await t.app.inject({ method: "GET", url });
      expect([r.statusCode, r.json().code], url).toEqual([status, code]);
    }

    await t.app.inject({ method: "GET", url: `/api/3/action/datastore_search?resource_id=${resourceId}` });
    await t.app.opendata.usage.flush();
    const after = await stats();
    const row = after.top.find((x) => x.name === "market-entities-monthly");
    const was = before.top.find((x) => x.name === "market-entities-monthly");
    // one page view (the conditional dataset's is its own), a download by name and one by id, one datastore call
    expect({
      views: (row?.views ?? 0) - (was?.views ?? 0),
      downloads: (row?.downloads ?? 0) - (was?.downloads ?? 0),
      apiCalls: (row?.apiCalls ?? 0) - (was?.apiCalls ?? 0),
    }).toEqual({ views: 1, downloads: 2, apiCalls: 1 });
    expect(after.supply).toMatchObject({ datasets: 3, open: 2, conditional: 1, publishingDepartments: 3 });
    expect(after.indicators.unconditionalShare).toBeCloseTo(2 / 3, 2);
    expect(after.indicators.machineReadableShare).toBe(1);
    expect((await t.app.inject({ method: "GET", url: "/api/opendata/stats?days=0" })).json().code).toBe(
      "VALIDATION_FAILED",
    );
  });

  it("writes CSV cells per RFC 4180 and defuses spreadsheet formulas in text cells only", () => {
    expect(csvCell("东城区", "text")).toBe("东城区");
    expect(csvCell('说 "好", 行', "text")).toBe('"说 ""好"", 行"');
    expect(csvCell("一行\n两行", "text")).toBe('"一行\n两行"');
    expect(csvCell('=HYPERLINK("x")', "text")).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell("@SUM(A1)", "text")).toBe("'@SUM(A1)");
    expect(csvCell(-12.5, "number")).toBe("-12.5");
    expect(csvCell(null, "integer")).toBe("");
    expect(csvCell(" 前后空格 ", "text")).toBe('" 前后空格 "');
  });

  it("closed and unknown datasets are 404; bad queries 400 in the platform's error shape", async () => {
    const get = (url: string) => t.app.inject({ method: "GET", url });
    for (const url of [
      "/api/opendata/datasets/closed-internal",
      "/api/opendata/datasets/no-such-dataset",
      "/api/opendata/datasets/00000000-0000-4000-8000-000000000000",
    ]) {
      const res = await get(url);
      expect([res.statusCode, res.json().code], url).toEqual([404, "OPENDATA_DATASET_NOT_FOUND"]);
      expect(res.json()).toMatchObject({ message: expect.any(String), messageEn: expect.any(String) });
    }
    const closedId = (
      await t.database.db
        .selectFrom("opendata_datasets")
        .select("id")
        .where("name", "=", "closed-internal")
        .executeTakeFirstOrThrow()
    ).id;
    expect((await get(`/api/opendata/datasets/${closedId}`)).statusCode).toBe(404);
    expect((await search(`q=${encodeURIComponent("不予开放")}`)).total).toBe(0);
    expect((await search("openLevel=open")).total).toBe(2);

    const unknownResource = await get(
      "/api/opendata/datasets/market-entities-monthly?resource=00000000-0000-4000-8000-000000000000",
    );
    expect([unknownResource.statusCode, unknownResource.json().code]).toEqual([404, "OPENDATA_RESOURCE_NOT_FOUND"]);

    for (const url of [
      "/api/opendata/datasets?pageSize=1000",
      "/api/opendata/datasets?page=0",
      "/api/opendata/datasets?openLevel=closed",
      "/api/opendata/datasets?department=AMR;drop",
      "/api/opendata/datasets?q=%E7%BB%9F%00",
      "/api/opendata/datasets?theme=%07bell",
      `/api/opendata/datasets?q=${"x".repeat(101)}`,
      "/api/opendata/datasets/market-entities-monthly?limit=101",
      "/api/opendata/datasets/market-entities-monthly?offset=-1",
      "/api/opendata/datasets/market-entities-monthly?resource=not-a-uuid",
      "/api/opendata/datasets/bad%00name",
    ]) {
      const res = await get(url);
      expect([res.statusCode, res.json().code], url).toEqual([400, "VALIDATION_FAILED"]);
      expect(res.json()).toMatchObject({
        message: expect.any(String),
        messageEn: expect.any(String),
        requestId: expect.any(String),
      });
    }
  });

  it("is limited per address", async () => {
    let last = 0;
    for (let i = 0; i < 130 && last !== 429; i++)
      last = (
        await t.app.inject({ method: "GET", url: "/api/opendata/datasets?pageSize=1", remoteAddress: "10.9.9.9" })
      ).statusCode;
    expect(last).toBe(429);
    // another address is not affected
    const other = await t.app.inject({
      method: "GET",
      url: "/api/opendata/datasets?pageSize=1",
      remoteAddress: "10.9.9.8",
    });
    expect(other.statusCode).toBe(200);
  });
});
