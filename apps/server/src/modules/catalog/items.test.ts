import type { ServiceItem, ServiceItemInputRaw } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../seed/index.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, loginAs } from "../../test-support/identity.js";
import { invalidationOf, listeningRegistry } from "../../test-support/nodes.js";
import { ItemService } from "./items.service.js";

/** A platform administrator's session, signed in (password + TOTP) once per file. */
let adminHeaders: Headers = {};
const admin = (): Record<string, string> => adminHeaders;

const ITEM: ServiceItemInputRaw = {
  code: "990100-xk-900",
  name: "公共场所卫生许可（新办）",
  nameEn: "Public place hygiene license (new)",
  kind: "license",
  dept: "health",
  audience: "legal_person",
  conditions: ["经营场所符合卫生标准"],
  legalDays: 20,
  promiseDays: 10,
  caseType: "promised",
  onlineDepth: 3,
  maxVisits: 1,
  materials: [{ name: "公共场所卫生许可申请表" }, { name: "营业执照", fromLicense: "BL" }],
  fees: [{ name: "工本费", amount: 0, basis: "《公共场所卫生管理条例实施细则》" }],
  legalBasis: ["《公共场所卫生管理条例》第八条"],
  steps: [
    { dept: "health", stage: "accept" },
    {
      parallel: [
        { dept: "health", stage: "review" },
        { dept: "housing", stage: "review" },
      ],
    },
    { dept: "health", stage: "decide" },
  ],
  coDepts: ["housing"],
  topics: ["医疗卫生", "开餐馆"],
  faq: [{ question: "需要现场核查吗？", answer: "需要，承诺时限内完成。" }],
  hall: { address: "示例市民中心 B 座", hours: "工作日 9:00–17:00" },
};
const CODE = "990100-XK-900";

describe("catalog: service items and versions", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.database.db);
    adminHeaders = await loginAs(t, "platform_admin");
  });
  afterAll(() => t.close());

  const call = (
    method: "GET" | "POST" | "PUT",
    url: string,
    payload?: unknown,
    headers: Record<string, string> = admin(),
  ) => t.app.inject({ method, url, payload: payload as object, headers });
  const auditCount = async () =>
    Number(
      (
        await t.database.db
          .selectFrom("audit_queue")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("creates a draft version 1 (normalising the code) that the public cannot see yet", async () => {
    const before = await auditCount();
    const res = await call("POST", "/api/catalog/admin/items", ITEM);
    expect(res.statusCode, res.body).toBe(201);
    const item = res.json() as ServiceItem;
    expect(item).toMatchObject({
      code: CODE,
      version: 1,
      versionStatus: "draft",
      status: "draft",
      timeUnit: "working_day",
    });
    expect(item.materials[0]).toEqual({
      name: "公共场所卫生许可申请表",
      required: true,
      format: "electronic",
      copies: 1,
      blankForm: null,
      sample: null,
      fromLicense: null,
      licenseHolder: null,
      note: null,
    });
    expect(await auditCount()).toBe(before + 1);
    expect((await call("GET", `/api/catalog/items/${CODE}`, undefined, {})).statusCode).toBe(404);
    expect((await call("GET", `/api/catalog/items/${CODE}/versions/1`, undefined, {})).statusCode).toBe(404);
    const search = await call("GET", `/api/catalog/search?q=${encodeURIComponent("公共场所卫生许可")}`, undefined, {});
    expect(search.json().items).toEqual([]);
  });

  it("edits the draft in place while unpublished", async () => {
    const res = await call("PUT", `/api/catalog/admin/items/${CODE}`, { ...ITEM, promiseDays: 8 });
    expect(res.json()).toMatchObject({ version: 1, promiseDays: 8, versionStatus: "draft" });
  });

  it("publishes version 1: guide, search and history show it", async () => {
    const res = await call("POST", `/api/catalog/admin/items/${CODE}/publish`);
    expect(res.json()).toMatchObject({ version: 1, versionStatus: "published", status: "published" });
    const guide = await call("GET", `/api/catalog/items/${CODE}`, undefined, {});
    expect(guide.json()).toMatchObject({ version: 1, promiseDays: 8 });
    const search = await call("GET", `/api/catalog/search?q=${encodeURIComponent("公共场所卫生许可")}`, undefined, {});
    expect(search.json().items[0].code).toBe(CODE);
    const again = await call("POST", `/api/catalog/admin/items/${CODE}/publish`);
    expect([again.statusCode, again.json().code]).toEqual([409, "CATALOG_NOTHING_TO_PUBLISH"]);
  });

  it("editing the published item yields version 2; version 1 stays readable and current until 2 is published", async () => {
    const edit = await call("PUT", `/api/catalog/admin/items/${CODE}`, {
      ...ITEM,
      promiseDays: 5,
      name: "公共场所卫生许可",
    });
    expect(edit.json()).toMatchObject({ version: 2, versionStatus: "draft", status: "published", promiseDays: 5 });
    expect((await call("GET", `/api/catalog/items/${CODE}`, undefined, {})).json()).toMatchObject({
      version: 1,
      promiseDays: 8,
    });

    // the same content again changes nothing (no version 3)
    const same = await call("PUT", `/api/catalog/admin/items/${CODE}`, {
      ...ITEM,
      promiseDays: 5,
      name: "公共场所卫生许可",
    });
    expect(same.json().version).toBe(2);

    await call("POST", `/api/catalog/admin/items/${CODE}/publish`);
    const guide = (await call("GET", `/api/catalog/items/${CODE}`, undefined, {})).json();
    expect(guide).toMatchObject({ version: 2, promiseDays: 5, name: "公共场所卫生许可" });
    const v1 = await call("GET", `/api/catalog/items/${CODE}/versions/1`, undefined, {});
    expect(v1.json()).toMatchObject({ version: 1, versionStatus: "superseded", promiseDays: 8, name: ITEM.name });
    const history = (await call("GET", `/api/catalog/items/${CODE}/versions`, undefined, {})).json();
    expect(history.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [2, "published"],
      [1, "superseded"],
    ]);
    expect((await call("GET", `/api/catalog/items/${CODE}/versions/3`, undefined, {})).json().code).toBe(
      "CATALOG_ITEM_VERSION_NOT_FOUND",
    );
  });

  it("shows drafts to administrators only", async () => {
    await call("PUT", `/api/catalog/admin/items/${CODE}`, { ...ITEM, promiseDays: 4, name: "公共场所卫生许可" });
    expect((await call("GET", `/api/catalog/items/${CODE}/versions/3`, undefined, {})).statusCode).toBe(404);
    expect((await call("GET", `/api/catalog/admin/items/${CODE}/versions/3`)).json()).toMatchObject({
      versionStatus: "draft",
    });
    expect((await call("GET", `/api/catalog/items/${CODE}/versions`, undefined, {})).json().versions).toHaveLength(2);
    expect((await call("GET", `/api/catalog/admin/items/${CODE}/versions`)).json().versions).toHaveLength(3);
    const list = (await call("GET", `/api/catalog/admin/items?q=${encodeURIComponent("卫生")}`)).json();
    expect(list.items).toEqual([
      expect.objectContaining({ code: CODE, latestVersion: 3, publishedVersion: 2, hasDraft: true }),
    ]);
  });

  it("guides are cached in every process and dropped everywhere when a publication commits; drafting reads fresh", async () => {
    const other = await listeningRegistry(t.database); // another process's caches
    try {
      const otherProcess = new ItemService(t.database.db, t.app.platform.audit, other.registry);
      const before = await otherProcess.guide(CODE);
      expect(await otherProcess.guide(CODE)).toBe(before); // the cached object itself
      const edit = await call("PUT", `/api/catalog/admin/items/${CODE}`, {
        ...ITEM,
        promiseDays: 6,
        name: "公共场所卫生许可",
      });
      expect(edit.statusCode, edit.body).toBe(200);
      const heard = invalidationOf(other.registry, "catalog.guides");
      expect((await call("POST", `/api/catalog/admin/items/${CODE}/publish`)).statusCode).toBe(200);
      expect((await call("GET", `/api/catalog/items/${CODE}`, undefined, {})).json().promiseDays).toBe(6); // here: at once
      await heard; // the other process: as soon as the notification arrives
      expect((await otherProcess.guide(CODE)).promiseDays).toBe(6);
      expect((await otherProcess.getPublished(CODE)).promiseDays).toBe(6); // what an application is drafted from
    } finally {
      await other.stop();
    }
  });

  it("refuses a duplicate code, unknown departments and license types, and a code that differs from the path", async () => {
    const dup = await call("POST", "/api/catalog/admin/items", ITEM);
    expect([dup.statusCode, dup.json().code]).toEqual([409, "CATALOG_ITEM_CODE_TAKEN"]);
    const refs = await call("POST", "/api/catalog/admin/items", {
      ...ITEM,
      code: "990100-XK-901",
      dept: "nosuch",
      coDepts: ["housing", "ghost"],
      materials: [{ name: "证明", fromLicense: "ZZ" }],
    });
    expect([refs.statusCode, refs.json().code]).toEqual([400, "CATALOG_INVALID_REFERENCES"]);
    expect(refs.json().details.issues.map((i: { path: string }) => i.path)).toEqual([
      "body.dept",
      "body.coDepts.1",
      "body.materials.0.fromLicense",
    ]);
    const mismatch = await call("PUT", `/api/catalog/admin/items/${CODE}`, { ...ITEM, code: "990100-XK-902" });
    expect([mismatch.statusCode, mismatch.json().code]).toEqual([400, "CATALOG_CODE_MISMATCH"]);
    const missing = await call("PUT", "/api/catalog/admin/items/990100-XK-999", { ...ITEM, code: "990100-XK-999" });
    expect([missing.statusCode, missing.json().code]).toEqual([404, "CATALOG_ITEM_NOT_FOUND"]);
    expect((await call("GET", "/api/catalog/admin/items?q=990100-XK-901")).json().total).toBe(0);
  });

  it.each([
    ["promised limit above the legal one", { promiseDays: 30 }, "body.promiseDays"],
    ["immediate case with days", { caseType: "immediate" }, "body.promiseDays"],
    ["negative legal limit", { legalDays: -1 }, "body.legalDays"],
    ["online depth 5", { onlineDepth: 5 }, "body.onlineDepth"],
    ["depth 4 with a visit", { onlineDepth: 4 }, "body.maxVisits"],
    [
      "first step not accept",
      {
        steps: [
          { dept: "health", stage: "review" },
          { dept: "health", stage: "decide" },
        ],
      },
      "body.steps.0.stage",
    ],
    [
      "last step not decide",
      {
        steps: [
          { dept: "health", stage: "accept" },
          { dept: "health", stage: "review" },
        ],
      },
      "body.steps.1.stage",
    ],
    [
      "parallel group of one",
      {
        steps: [
          { dept: "health", stage: "accept" },
          { parallel: [{ dept: "health", stage: "review" }] },
          { dept: "health", stage: "decide" },
        ],
      },
      "body.steps.1.parallel",
    ],
    [
      "parallel branches of one department",
      {
        steps: [
          { dept: "health", stage: "accept" },
          {
            parallel: [
              { dept: "health", stage: "review" },
              { dept: "health", stage: "review" },
            ],
          },
          { dept: "health", stage: "decide" },
        ],
      },
      "body.steps.1.parallel",
    ],
    ["duplicate material", { materials: [{ name: "表" }, { name: "表" }] }, "body.materials.1.name"],
    ["co-handling = implementing", { coDepts: ["health"] }, "body.coDepts"],
    ["fee with three decimals", { fees: [{ name: "费", amount: 1.005, basis: "依据" }] }, "body.fees.0.amount"],
    [
      "bad blank form link",
      { materials: [{ name: "表", blankForm: "javascript:alert(1)" }] },
      "body.materials.0.blankForm",
    ],
  ])("refuses %s with 400 VALIDATION_FAILED at the field", async (_name, patch, path) => {
    const res = await call("POST", "/api/catalog/admin/items", { ...ITEM, code: "990100-XK-903", ...patch });
    expect([res.statusCode, res.json().code]).toEqual([400, "VALIDATION_FAILED"]);
    expect(res.json().details.issues.map((i: { path: string }) => i.path)).toContain(path);
  });

  it("a parallel review with an unknown department is refused at that branch", async () => {
    const res = await call("POST", "/api/catalog/admin/items", {
      ...ITEM,
      code: "990100-XK-904",
      steps: [
        { dept: "health", stage: "accept" },
        {
          parallel: [
            { dept: "health", stage: "review" },
            { dept: "mars", stage: "review" },
          ],
        },
        { dept: "health", stage: "decide" },
      ],
    });
    expect(res.json().details.issues.map((i: { path: string }) => i.path)).toEqual(["body.steps.1.parallel.1.dept"]);
  });

  it("retires: the guide answers 410, search forgets it, versions stay readable, no more edits", async () => {
    const res = await call("POST", `/api/catalog/admin/items/${CODE}/retire`);
    expect(res.json().status).toBe("retired");
    const guide = await call("GET", `/api/catalog/items/${CODE}`, undefined, {});
    expect([guide.statusCode, guide.json().code]).toEqual([410, "CATALOG_ITEM_RETIRED"]);
    expect((await call("GET", `/api/catalog/items/${CODE}/versions/1`, undefined, {})).statusCode).toBe(200);
    const search = await call("GET", `/api/catalog/search?q=${encodeURIComponent("公共场所卫生许可")}`, undefined, {});
    expect(search.json().items).toEqual([]);
    const edit = await call("PUT", `/api/catalog/admin/items/${CODE}`, { ...ITEM, promiseDays: 3 });
    expect([edit.statusCode, edit.json().code]).toEqual([409, "CATALOG_ITEM_IS_RETIRED"]);
    expect((await call("POST", `/api/catalog/admin/items/${CODE}/retire`)).json().code).toBe("CATALOG_ITEM_IS_RETIRED");
  });

  it("will not retire an item of a published bundle, nor a never-published draft", async () => {
    const inBundle = await call("POST", "/api/catalog/admin/items/990100-GG-005/retire");
    expect([inBundle.statusCode, inBundle.json().code]).toEqual([409, "CATALOG_ITEM_IN_BUNDLE"]);
    await call("POST", "/api/catalog/admin/items", { ...ITEM, code: "990100-XK-905" });
    const draft = await call("POST", "/api/catalog/admin/items/990100-XK-905/retire");
    expect([draft.statusCode, draft.json().code]).toEqual([409, "CATALOG_NOT_PUBLISHED"]);
  });

  it("org cannot delete a department a live item still names, even only in a parallel branch", async () => {
    const headers = admin();
    const dept = await t.app.inject({
      method: "POST",
      url: "/api/org/departments",
      headers,
      payload: { key: "sports", code: "11990103MB00001A9Y", name: "示例市体育局", regionCode: "990100" },
    });
    expect(dept.statusCode, dept.body).toBe(201);
    const id = dept.json().id;
    const created = await call("POST", "/api/catalog/admin/items", {
      ...ITEM,
      code: "990100-XK-906",
      steps: [
        { dept: "health", stage: "accept" },
        {
          parallel: [
            { dept: "health", stage: "review" },
            { dept: "sports", stage: "review" },
          ],
        },
        { dept: "health", stage: "decide" },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const remove = () => t.app.inject({ method: "DELETE", url: `/api/org/departments/${id}`, headers });
    const refused = await remove();
    expect([refused.statusCode, refused.json().code]).toEqual([409, "REFERENCE_CONFLICT"]);
    expect((await t.app.inject({ method: "GET", url: `/api/org/departments/${id}`, headers })).statusCode).toBe(200);

    // Once no live item names it (the draft now routes its review elsewhere), it can go.
    const edited = await call("PUT", "/api/catalog/admin/items/990100-XK-906", { ...ITEM, code: "990100-XK-906" });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await remove()).statusCode).toBe(204);
  });

  it("unknown codes: 404 on every read; a malformed code is a validation error", async () => {
    for (const url of [
      "/api/catalog/items/990100-NO-1",
      "/api/catalog/items/990100-NO-1/versions",
      "/api/catalog/items/990100-NO-1/versions/1",
    ]) {
      expect((await call("GET", url, undefined, {})).statusCode, url).toBe(404);
    }
    expect((await call("GET", "/api/catalog/items/%E4%B8%AD", undefined, {})).json().code).toBe("VALIDATION_FAILED");
  });

  describe("authorization", () => {
    const routes = [
      ["GET", "/api/catalog/admin/items", undefined],
      ["GET", `/api/catalog/admin/items/${CODE}`, undefined],
      ["GET", `/api/catalog/admin/items/${CODE}/versions`, undefined],
      ["GET", `/api/catalog/admin/items/${CODE}/versions/1`, undefined],
      ["POST", "/api/catalog/admin/items", { ...ITEM, code: "990100-XK-950" }],
      ["PUT", `/api/catalog/admin/items/${CODE}`, ITEM],
      ["POST", `/api/catalog/admin/items/990100-XK-905/publish`, undefined],
      ["POST", `/api/catalog/admin/items/990100-GG-001/retire`, undefined],
      ["GET", "/api/catalog/admin/bundles", undefined],
      ["POST", "/api/catalog/admin/bundles", { code: "X-001", name: "x", items: ["990100-GG-001", "990100-GG-002"] }],
      [
        "PUT",
        "/api/catalog/admin/bundles/990100-YJS-001",
        { code: "990100-YJS-001", name: "x", items: ["990100-GG-001", "990100-GG-002"] },
      ],
      ["POST", "/api/catalog/admin/bundles/990100-YJS-001/publish", undefined],
      ["POST", "/api/catalog/admin/bundles/990100-YJS-001/retire", undefined],
      ["GET", "/api/catalog/admin/export", undefined],
      ["POST", "/api/catalog/admin/import", undefined],
      ["POST", "/api/catalog/admin/files?name=a.pdf", undefined],
    ] as const;

    it.each(routes)("%s %s without credentials → 401 AUTH_REQUIRED", async (method, url, body) => {
      const res = await call(method, url, body, {});
      expect([res.statusCode, res.json().code]).toEqual([401, "AUTH_REQUIRED"]);
    });

    it.each(routes)("%s %s with a wrong token → 401 AUTH_INVALID", async (method, url, body) => {
      const res = await call(method, url, body, { authorization: "Bearer not-the-token" });
      expect([res.statusCode, res.json().code]).toEqual([401, "AUTH_INVALID"]);
    });

    it("nothing changed through the refused requests", async () => {
      expect((await call("GET", "/api/catalog/admin/items?q=990100-XK-950")).json().total).toBe(0);
      expect((await call("GET", "/api/catalog/items/990100-GG-001", undefined, {})).json().status).toBe("published");
      expect((await call("GET", "/api/catalog/bundles/990100-YJS-001", undefined, {})).json().name).toBe(
        "开办企业一件事",
      );
    });
  });
});
