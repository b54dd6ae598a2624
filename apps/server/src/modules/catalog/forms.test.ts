import type { ServiceItem, ServiceItemInputRaw } from "@yiwang/contracts";
import { ServiceItemInput } from "@yiwang/contracts";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prefill, validateFormData } from "../../platform/forms/json-schema.js";
import seedItems from "../../seed/data/catalog-items.json" with { type: "json" };
import { seedDemo } from "../../seed/index.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, loginAs } from "../../test-support/identity.js";
import { itemFormIssues, withFieldOrder } from "./forms.js";

/**
 * Application forms (申请表) and veto rules of item versions: a form must compile as a draft-07 object
 * schema whose prefill sources exist — on the API as on import and seed — and both round-trip unchanged.
 */

let adminHeaders: Headers = {};

const FORM = {
  schema: {
    type: "object",
    required: ["venue", "seats"],
    properties: {
      holder: { type: "string", title: "经营者名称", "x-prefill": "enterprise.name" },
      venue: { type: "string", title: "场所地址", minLength: 5 },
      seats: { type: "integer", title: "座位数", minimum: 1 },
      kind: { type: "string", title: "场所类型", enum: ["宾馆", "影剧院", "游泳场馆"] },
    },
  },
  uiSchema: { kind: { "ui:widget": "radio" } },
};

const ITEM: ServiceItemInputRaw = {
  code: "990100-XK-960",
  name: "公共场所卫生许可（变更）",
  kind: "license",
  dept: "health",
  audience: "legal_person",
  legalDays: 20,
  promiseDays: 10,
  caseType: "promised",
  onlineDepth: 3,
  maxVisits: 1,
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
};

describe("catalog: application forms and veto rules", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.database.db);
    adminHeaders = await loginAs(t, "platform_admin");
  });
  afterAll(() => t.close());

  const call = (method: "GET" | "POST" | "PUT", url: string, payload?: unknown, headers: Headers = adminHeaders) =>
    t.app.inject({ method, url, payload: payload as object, headers });
  const paths = (body: { details: { issues: { path: string }[] } }) => body.details.issues.map((i) => i.path);

  it.each([
    ["an array at the top", { type: "array", items: { type: "string" } }, "body.form.schema"],
    ["a property of an unknown type", { type: "object", properties: { a: { type: "nope" } } }, "body.form.schema"],
    ["a required list that is not a list", { type: "object", required: "a" }, "body.form.schema"],
    [
      "an unknown prefill source",
      { type: "object", properties: { a: { type: "string", "x-prefill": "applicant.idNumber" } } },
      "body.form.schema.properties.a.x-prefill",
    ],
    [
      "a license field the license type does not have",
      { type: "object", properties: { a: { type: "string", "x-prefill": "license:ID.nope" } } },
      "body.form.schema.properties.a.x-prefill",
    ],
    [
      "a license type that does not exist",
      { type: "object", properties: { a: { type: "string", "x-prefill": "license:NOPE.address" } } },
      "body.form.schema.properties.a.x-prefill",
    ],
    [
      "a registry field prefill does not offer",
      { type: "object", properties: { a: { type: "string", "x-prefill": "registry:population.idNumber" } } },
      "body.form.schema.properties.a.x-prefill",
    ],
    [
      "a cross-field rule naming a field the form does not have",
      { type: "object", properties: { a: { type: "number", maximum: { $data: "1/price" } }, b: { type: "number" } } },
      "body.form.schema.properties.a.maximum.$data",
    ],
    [
      "a cross-field rule climbing above the form (ajv's compile refuses it)",
      { type: "object", properties: { a: { type: "number", maximum: { $data: "2/a" } } } },
      "body.form.schema",
    ],
    [
      "a cross-field rule comparing with a text field",
      { type: "object", properties: { a: { type: "number", minimum: { $data: "/b" } }, b: { type: "string" } } },
      "body.form.schema.properties.a.minimum.$data",
    ],
    [
      "a cross-field rule on a keyword the browser does not check",
      { type: "object", properties: { a: { type: "string", const: { $data: "1/b" } }, b: { type: "string" } } },
      "body.form.schema.properties.a.const.$data",
    ],
  ])("refuses a form with %s: 400 CATALOG_INVALID_FORM at %s, nothing written", async (_name, schema, path) => {
    const res = await call("POST", "/api/catalog/admin/items", { ...ITEM, form: { schema } });
    expect([res.statusCode, res.json().code], res.body).toEqual([400, "CATALOG_INVALID_FORM"]);
    expect(paths(res.json())).toEqual([path]);
    expect(res.json().details.issues[0].message).toMatch(/ \/ /); // 中文 / English
    expect((await call("GET", `/api/catalog/admin/items/${ITEM.code}`)).statusCode).toBe(404);
  });

  it("refuses a ui:order that leaves out a field (rjsf would not render the form)", async () => {
    const form = { ...FORM, uiSchema: { "ui:order": ["venue", "seats"] } };
    const res = await call("POST", "/api/catalog/admin/items", { ...ITEM, form });
    expect([res.statusCode, res.json().code]).toEqual([400, "CATALOG_INVALID_FORM"]);
    expect(paths(res.json())).toEqual(["body.form.uiSchema.ui:order"]);
    expect(res.json().details.issues[0].message).toContain("holder、kind");
  });

  it("a form that is not an object is a contract violation (400 VALIDATION_FAILED)", async () => {
    const res = await call("POST", "/api/catalog/admin/items", { ...ITEM, form: { schema: [] } });
    expect([res.statusCode, res.json().code]).toEqual([400, "VALIDATION_FAILED"]);
    expect(paths(res.json())).toContain("body.form.schema");
  });

  it("a valid form and a lead_decides group round-trip through GET, draft and published; the field order is kept", async () => {
    const steps = structuredClone(ITEM.steps);
    (steps[1] as { onVeto?: string }).onVeto = "lead_decides";
    const created = await call("POST", "/api/catalog/admin/items", { ...ITEM, form: FORM, steps });
    expect(created.statusCode, created.body).toBe(201);
    const draft = (await call("GET", `/api/catalog/admin/items/${ITEM.code}`)).json() as ServiceItem;
    // jsonb does not keep key order: the order the fields were given in is written down as ui:order
    const ordered = { ...FORM, uiSchema: { ...FORM.uiSchema, "ui:order": ["holder", "venue", "seats", "kind", "*"] } };
    expect(draft.form).toEqual(ordered);
    expect(draft.steps[1]).toEqual({ ...steps[1], onVeto: "lead_decides" });
    await call("POST", `/api/catalog/admin/items/${ITEM.code}/publish`);
    const pub = (await call("GET", `/api/catalog/items/${ITEM.code}`, undefined, {})).json() as ServiceItem;
    expect([pub.version, pub.form, pub.steps[1]]).toEqual([1, ordered, draft.steps[1]]);
    // saving what was read changes nothing
    const { version, versionStatus, status, createdAt, updatedAt, publishedAt, ...content } = pub;
    const same = await call("PUT", `/api/catalog/admin/items/${ITEM.code}`, content);
    expect(same.json().version).toBe(1);
  });

  it("no form means the default one (null); an omitted veto rule is deny", async () => {
    const res = await call("POST", "/api/catalog/admin/items", { ...ITEM, code: "990100-XK-961" });
    expect(res.json()).toMatchObject({ form: null, steps: [{}, { onVeto: "deny" }, {}] });
    const def = await call("GET", "/api/catalog/admin/default-form?audience=legal_person");
    expect(def.statusCode).toBe(200);
    expect(Object.keys(def.json().schema.properties)).toEqual([
      "enterpriseName",
      "uscc",
      "applicantName",
      "contactPhone",
      "description",
    ]);
    expect((await call("GET", "/api/catalog/admin/default-form?audience=alien")).json().code).toBe("VALIDATION_FAILED");
    expect((await call("GET", "/api/catalog/admin/default-form?audience=any", undefined, {})).statusCode).toBe(401);
  });

  it("a version stored before forms and veto rules existed reads with the defaults, and saving it back changes nothing", async () => {
    const code = "990100-XK-002";
    await sql`update catalog_item_versions set content = (content - 'form') || jsonb_build_object('steps',
      (select jsonb_agg(s - 'onVeto') from jsonb_array_elements(content->'steps') s)) where code = ${code}`.execute(
      t.database.db,
    );
    const old = (await call("GET", `/api/catalog/admin/items/${code}`)).json() as ServiceItem;
    expect([old.form, old.steps[1]]).toEqual([null, expect.objectContaining({ onVeto: "deny" })]);
    const { version, versionStatus, status, createdAt, updatedAt, publishedAt, ...content } = old;
    const res = await call("PUT", `/api/catalog/admin/items/${code}`, content);
    expect([res.statusCode, res.json().version]).toEqual([200, 1]);
  });
});

describe("the demo forms", () => {
  const items = seedItems.map((raw) => ServiceItemInput.parse(raw));
  const byCode = (code: string) => items.find((i) => i.code === code)!;

  it("every seeded form compiles and prefills from known sources; the planning permit's parallel review denies on a veto", () => {
    for (const item of items) expect(itemFormIssues(item), item.code).toEqual([]);
    expect(items.filter((i) => i.form).map((i) => i.code)).toEqual(
      expect.arrayContaining(["990100-XK-001", "990100-XK-002", "990100-GG-001", "990100-GG-002", "990100-GG-003"]),
    );
    expect(byCode("990100-XK-002").steps[1]).toMatchObject({ onVeto: "deny" });
  });

  it("食品经营许可: a filled-in form passes; prefill fills the enterprise and the contact", () => {
    const schema = byCode("990100-XK-001").form!.schema;
    const data = prefill(
      schema,
      {
        "enterprise.name": "示例市好味道餐饮有限公司",
        "enterprise.uscc": "91990100MA0000001X",
        "applicant.name": "张三",
        "applicant.phone": "13800000000",
      },
      {
        legalRepresentative: "张三",
        premisesAddress: "示例市中心大道 8 号 1 层",
        businessFormat: "餐饮服务经营者",
        businessItems: ["热食类食品制售", "自制饮品制售"],
        floorArea: 120.5,
      },
    );
    expect(data).toMatchObject({ operatorName: "示例市好味道餐饮有限公司", contactName: "张三" });
    expect(validateFormData(schema, data)).toEqual([]);
    const bad = validateFormData(schema, { ...data, businessItems: [], floorArea: 0, contactPhone: "123" });
    expect(bad.map((i) => i.path).sort()).toEqual(["/businessItems", "/contactPhone", "/floorArea"]);
  });

  it("住房公积金提取: the amount may not exceed the purchase price (a $data rule naming both fields)", () => {
    const schema = byCode("990100-GG-002").form!.schema;
    const base = {
      applicantName: "王五",
      contactPhone: "13700000000",
      houseAddress: "示例市中心大道 8 号 3 单元",
      purchaseDate: "2026-01-05",
      totalPrice: 800000,
    };
    expect(validateFormData(schema, { ...base, amount: 800000 })).toEqual([]);
    const over = validateFormData(schema, { ...base, amount: 800000.01 });
    expect(over).toEqual([
      {
        path: "/amount",
        keyword: "maximum",
        message: "申请提取金额（元）不能大于购房总价（元）（800000）",
        messageEn: "amount must be <= totalPrice (800000)",
      },
    ]);
    // with no price yet there is nothing to compare with: only the missing price is reported
    const { totalPrice: _none, ...noPrice } = base;
    expect(validateFormData(schema, { ...noPrice, amount: 5 }).map((i) => i.path)).toEqual(["/totalPrice"]);
  });

  it("a cross-field rule reaches into nested objects, relatively and from the root", () => {
    const schema = {
      type: "object",
      properties: {
        cap: { type: "number", title: "上限" },
        loan: {
          type: "object",
          properties: {
            total: { type: "number", title: "贷款总额" },
            paid: { type: "number", title: "已还金额", exclusiveMaximum: { $data: "1/total" } },
            fee: { type: "number", title: "手续费", maximum: { $data: "/cap" } },
          },
        },
      },
    };
    expect(itemFormIssues({ form: { schema, uiSchema: {} } })).toEqual([]);
    expect(validateFormData(schema, { cap: 10, loan: { total: 100, paid: 99, fee: 10 } })).toEqual([]);
    const bad = validateFormData(schema, { cap: 10, loan: { total: 100, paid: 100, fee: 11 } });
    expect(bad.map((i) => [i.path, i.message])).toEqual([
      ["/loan/paid", "已还金额应小于贷款总额（100）"],
      ["/loan/fee", "手续费不能大于上限（10）"],
    ]);
  });

  it("社会保障卡: mailing the card needs an address", () => {
    const schema = byCode("990100-GG-003").form!.schema;
    const base = { applicantName: "李四", contactPhone: "13900000000", bank: "中国银行" };
    expect(validateFormData(schema, { ...base, pickup: "银行网点领取" })).toEqual([]);
    expect(validateFormData(schema, { ...base, pickup: "邮寄到家" }).map((i) => i.path)).toContain("/mailingAddress");
  });
});

describe("withFieldOrder", () => {
  it("writes down the order of every object level without one, and leaves given orders alone", () => {
    const form = {
      schema: {
        type: "object",
        properties: {
          b: { type: "string" },
          a: { type: "object", properties: { y: { type: "string" }, x: { type: "string" } } },
          list: {
            type: "array",
            items: { type: "object", properties: { q: { type: "number" }, p: { type: "number" } } },
          },
        },
      },
      uiSchema: { a: { "ui:order": ["x", "y"] }, b: { "ui:widget": "textarea" } },
    };
    expect(withFieldOrder(form).uiSchema).toEqual({
      "ui:order": ["b", "a", "list", "*"],
      a: { "ui:order": ["x", "y"] },
      b: { "ui:widget": "textarea" },
      list: { items: { "ui:order": ["q", "p", "*"] } },
    });
    const done = withFieldOrder(form);
    expect(withFieldOrder(done)).toBe(done);
  });
});
