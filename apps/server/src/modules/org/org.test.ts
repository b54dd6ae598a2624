import { Department } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, loginAs } from "../../test-support/identity.js";

const CITY = {
  key: "gov",
  code: "11990100MB00001A9K",
  name: "示例市政务服务和数据管理局",
  nameEn: "Government Services",
  regionCode: "990100",
};
const AMR = { key: "amr", code: "11990100MB00002B3P", name: "示例市市场监督管理局", regionCode: "990100" };
const DISTRICT = { key: "dongcheng", code: "11990102MB00001A9G", name: "示例市东城区人民政府", regionCode: "990102" };

describe("org: departments API", () => {
  let t: TestApp;
  let admin: Headers;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAs(t, "platform_admin"); // works in the test department (region 990199)
  });
  afterAll(() => t.close());

  const call = (
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    payload?: unknown,
    headers: Record<string, string> = admin,
  ) => t.app.inject({ method, url, payload: payload as object, headers });

  let city: Department;
  let amr: Department;

  it("creates departments, normalising the code to upper case", async () => {
    const res = await call("POST", "/api/org/departments", { ...CITY, code: CITY.code.toLowerCase() });
    expect(res.statusCode).toBe(201);
    city = Department.parse(res.json());
    expect(city).toMatchObject({
      key: "gov",
      code: CITY.code,
      name: CITY.name,
      nameEn: "Government Services",
      parentId: null,
    });
    const r2 = await call("POST", "/api/org/departments", { ...AMR, parentId: city.id });
    expect(r2.statusCode).toBe(201);
    amr = r2.json();
    expect(amr.parentId).toBe(city.id);
  });

  it("lists, filters by name and region, paginates; reading needs no login", async () => {
    await call("POST", "/api/org/departments", DISTRICT);
    const all = await call("GET", "/api/org/departments", undefined, {});
    expect(all.statusCode).toBe(200);
    expect(all.json().total).toBe(4); // with the test staff's own department
    const q = await call("GET", `/api/org/departments?q=${encodeURIComponent("市场")}`, undefined, {});
    expect(q.json().items.map((d: Department) => d.key)).toEqual(["amr"]);
    const region = await call("GET", "/api/org/departments?regionCode=990102", undefined, {});
    expect(region.json().items.map((d: Department) => d.key)).toEqual(["dongcheng"]);
    const page = await call("GET", "/api/org/departments?limit=1&offset=1", undefined, {});
    expect(page.json()).toMatchObject({ total: 4 });
    expect(page.json().items).toHaveLength(1);
    const children = await call("GET", `/api/org/departments?parentId=${city.id}`, undefined, {});
    expect(children.json().items.map((d: Department) => d.key)).toEqual(["amr"]);
    const wildcard = await call("GET", "/api/org/departments?q=%25", undefined, {});
    expect(wildcard.json().total).toBe(0); // "%" is matched literally, not as a wildcard
  });

  it("gets one department; an unknown id is 404 DEPARTMENT_NOT_FOUND", async () => {
    expect((await call("GET", `/api/org/departments/${city.id}`, undefined, {})).json().name).toBe(CITY.name);
    const missing = await call("GET", "/api/org/departments/00000000-0000-4000-8000-000000000000", undefined, {});
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe("DEPARTMENT_NOT_FOUND");
  });

  it("rejects an invalid USCC, a bad region code and a bad key with field-level details", async () => {
    const res = await call("POST", "/api/org/departments", {
      ...CITY,
      key: "Bad Key",
      code: "11990100MB00001A9L",
      regionCode: "000000",
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .details.issues.map((i: { path: string }) => i.path)
        .sort(),
    ).toEqual(["body.code", "body.key", "body.regionCode"]);
  });

  it("refuses duplicates with specific codes", async () => {
    const dupCode = await call("POST", "/api/org/departments", { ...CITY, key: "gov2" });
    expect([dupCode.statusCode, dupCode.json().code]).toEqual([409, "DEPARTMENT_CODE_TAKEN"]);
    const dupKey = await call("POST", "/api/org/departments", { ...CITY, code: "91350100M000100Y43" });
    expect([dupKey.statusCode, dupKey.json().code]).toEqual([409, "DEPARTMENT_KEY_TAKEN"]);
  });

  it("refuses a parent that does not exist, and cycles", async () => {
    const noParent = await call("POST", "/api/org/departments", {
      ...DISTRICT,
      key: "x1",
      code: "91350100M000100Y43",
      parentId: "00000000-0000-4000-8000-000000000000",
    });
    expect([noParent.statusCode, noParent.json().code]).toEqual([400, "DEPARTMENT_PARENT_NOT_FOUND"]);
    const self = await call("PATCH", `/api/org/departments/${city.id}`, { parentId: city.id });
    expect([self.statusCode, self.json().code]).toEqual([400, "DEPARTMENT_PARENT_CYCLE"]);
    const loop = await call("PATCH", `/api/org/departments/${city.id}`, { parentId: amr.id });
    expect([loop.statusCode, loop.json().code]).toEqual([400, "DEPARTMENT_PARENT_CYCLE"]);
  });

  it("updates fields and bumps updatedAt; an empty patch is a validation error", async () => {
    const res = await call("PATCH", `/api/org/departments/${amr.id}`, { name: "示例市市场监管局", nameEn: "AMR" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: "示例市市场监管局", nameEn: "AMR", code: AMR.code });
    expect(res.json().updatedAt >= amr.updatedAt).toBe(true);
    const empty = await call("PATCH", `/api/org/departments/${amr.id}`, {});
    expect([empty.statusCode, empty.json().code]).toEqual([400, "VALIDATION_FAILED"]);
    const clash = await call("PATCH", `/api/org/departments/${amr.id}`, { code: CITY.code });
    expect([clash.statusCode, clash.json().code]).toEqual([409, "DEPARTMENT_CODE_TAKEN"]);
  });

  it("will not delete a department with children; deletes a leaf", async () => {
    const parent = await call("DELETE", `/api/org/departments/${city.id}`);
    expect([parent.statusCode, parent.json().code]).toEqual([409, "DEPARTMENT_HAS_CHILDREN"]);
    expect((await call("DELETE", `/api/org/departments/${amr.id}`)).statusCode).toBe(204);
    expect((await call("GET", `/api/org/departments/${amr.id}`)).statusCode).toBe(404);
    expect((await call("DELETE", `/api/org/departments/${amr.id}`)).statusCode).toBe(404);
    expect((await call("DELETE", `/api/org/departments/${city.id}`)).statusCode).toBe(204);
  });

  describe("authorization", () => {
    const writes = [
      ["POST", "/api/org/departments", { ...DISTRICT, key: "w1", code: "91350100M000100Y43" }],
      ["PATCH", "/api/org/departments/00000000-0000-4000-8000-000000000000", { name: "改名" }],
      ["DELETE", "/api/org/departments/00000000-0000-4000-8000-000000000000", undefined],
    ] as const;

    it.each(writes)("%s %s without credentials → 401 AUTH_REQUIRED, nothing written", async (method, url, body) => {
      const res = await call(method, url, body, {});
      expect([res.statusCode, res.json().code]).toEqual([401, "AUTH_REQUIRED"]);
    });

    it.each(writes)("%s %s with a wrong token → 401 AUTH_INVALID", async (method, url, body) => {
      const res = await call(method, url, body, { authorization: "Bearer wrong-token-123" });
      expect([res.statusCode, res.json().code]).toEqual([401, "AUTH_INVALID"]);
    });

    it("nothing was created by the refused requests", async () => {
      expect((await call("GET", "/api/org/departments?q=w1", undefined, {})).json().total).toBe(0);
    });
  });
});
