import type { Bundle } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../seed/index.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, loginAs } from "../../test-support/identity.js";

/** A platform administrator's session, signed in (password + TOTP) once per file. */
let adminHeaders: Headers = {};
const admin = (): Record<string, string> => adminHeaders;

const BUNDLE = {
  code: "990100-YJS-900",
  name: "居住一件事",
  description: "居住证、社保卡、公积金一次申报",
  items: ["990100-GG-001", { parallel: ["990100-GG-003", "990100-GG-002"] }],
  topics: ["居住"],
};

describe("catalog: bundles (一件事)", () => {
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

  it("lists the seeded bundles publicly with their members in order", async () => {
    const list = (await call("GET", "/api/catalog/bundles", undefined, {})).json();
    expect(list.items.map((b: Bundle) => b.code)).toEqual(["990100-YJS-001", "990100-YJS-002"]);
    const b = list.items[0] as Bundle;
    expect(b.members.map((m) => m.code)).toEqual(["990100-QR-002", "990100-GG-006", "990100-GG-005"]);
    expect(b.members[0]).toMatchObject({ name: "企业设立登记", dept: "amr", status: "published" });
    const topic = (await call("GET", `/api/catalog/bundles?topic=${encodeURIComponent("出生")}`, undefined, {})).json();
    expect(topic.items.map((x: Bundle) => x.code)).toEqual(["990100-YJS-002"]);
  });

  it("creates a draft bundle (hidden from the public), publishes it", async () => {
    const res = await call("POST", "/api/catalog/admin/bundles", BUNDLE);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: "draft", items: BUNDLE.items });
    expect((await call("GET", `/api/catalog/bundles/${BUNDLE.code}`, undefined, {})).statusCode).toBe(404);
    const pub = await call("POST", `/api/catalog/admin/bundles/${BUNDLE.code}/publish`);
    expect(pub.json().status).toBe("published");
    const guide = (await call("GET", `/api/catalog/bundles/${BUNDLE.code}`, undefined, {})).json() as Bundle;
    expect(guide.members.map((m) => m.name)).toEqual([
      "居住证申领",
      "社会保障卡申领",
      "住房公积金提取（购买自住住房）",
    ]);
    const search = (
      await call("GET", `/api/catalog/search?q=${encodeURIComponent("居住一件事")}`, undefined, {})
    ).json();
    expect(search.bundles[0].code).toBe(BUNDLE.code);
  });

  it.each([
    ["a single item", { items: ["990100-GG-001"] }, "body.items"],
    ["a parallel group of one", { items: ["990100-GG-001", { parallel: ["990100-GG-002"] }] }, "body.items.1.parallel"],
    [
      "an item twice",
      { items: ["990100-GG-001", { parallel: ["990100-GG-001", "990100-GG-002"] }] },
      "body.items.1.parallel.0",
    ],
    ["a malformed code", { items: ["990100-GG-001", "坏编码"] }, "body.items.1"],
  ])("refuses %s with 400 VALIDATION_FAILED", async (_n, patch, path) => {
    const res = await call("POST", "/api/catalog/admin/bundles", { ...BUNDLE, code: "990100-YJS-901", ...patch });
    expect([res.statusCode, res.json().code]).toEqual([400, "VALIDATION_FAILED"]);
    expect(res.json().details.issues.map((i: { path: string }) => i.path)).toContain(path);
  });

  it("refuses unknown items and a duplicate code", async () => {
    const unknown = await call("POST", "/api/catalog/admin/bundles", {
      ...BUNDLE,
      code: "990100-YJS-902",
      items: ["990100-GG-001", { parallel: ["990100-GG-002", "990100-NO-404"] }],
    });
    expect([unknown.statusCode, unknown.json().code]).toEqual([400, "CATALOG_INVALID_REFERENCES"]);
    expect(unknown.json().details.issues[0].path).toBe("body.items.1.parallel.1");
    const dup = await call("POST", "/api/catalog/admin/bundles", BUNDLE);
    expect([dup.statusCode, dup.json().code]).toEqual([409, "CATALOG_BUNDLE_CODE_TAKEN"]);
  });

  it("refuses a field mapping (一表申请) naming an item outside the bundle or a field its form lacks, by path", async () => {
    const bad = await call("POST", "/api/catalog/admin/bundles", {
      ...BUNDLE,
      code: "990100-YJS-904",
      fieldMappings: { bankName: { "990100-GG-003": "bank", "990100-GG-002": "noSuchField" } },
    });
    expect([bad.statusCode, bad.json().code]).toEqual([400, "CATALOG_INVALID_REFERENCES"]);
    expect(bad.json().details.issues.map((i: { path: string }) => i.path)).toEqual([
      "body.fieldMappings.bankName.990100-GG-002",
    ]);
    const outside = await call("POST", "/api/catalog/admin/bundles", {
      ...BUNDLE,
      code: "990100-YJS-904",
      fieldMappings: { bankName: { "990100-XK-002": "applicantName" } },
    });
    expect(outside.json().details.issues[0].path).toBe("body.fieldMappings.bankName.990100-XK-002");
    const good = await call("POST", "/api/catalog/admin/bundles", {
      ...BUNDLE,
      code: "990100-YJS-904",
      fieldMappings: { who: { "990100-GG-003": "applicantName", "990100-GG-002": "applicantName" } },
    });
    expect(good.statusCode, good.body).toBe(201);
    expect((good.json() as Bundle).fieldMappings).toEqual({
      who: { "990100-GG-003": "applicantName", "990100-GG-002": "applicantName" },
    });
  });

  it("will not publish a bundle with unpublished items, nor add one to a published bundle", async () => {
    const draftItem = (await call("GET", "/api/catalog/admin/items/990100-GG-001")).json();
    await call("POST", "/api/catalog/admin/items", { ...draftItem, code: "990100-GG-900", name: "草稿事项" });
    await call("POST", "/api/catalog/admin/bundles", {
      ...BUNDLE,
      code: "990100-YJS-903",
      items: ["990100-GG-001", "990100-GG-900"],
    });
    const pub = await call("POST", "/api/catalog/admin/bundles/990100-YJS-903/publish");
    expect([pub.statusCode, pub.json().code]).toEqual([409, "CATALOG_BUNDLE_ITEMS_UNPUBLISHED"]);
    const edit = await call("PUT", `/api/catalog/admin/bundles/${BUNDLE.code}`, {
      ...BUNDLE,
      items: ["990100-GG-001", "990100-GG-900"],
    });
    expect([edit.statusCode, edit.json().code]).toEqual([409, "CATALOG_BUNDLE_ITEMS_UNPUBLISHED"]);
    expect((await call("GET", `/api/catalog/bundles/${BUNDLE.code}`, undefined, {})).json().items).toEqual(
      BUNDLE.items,
    );
  });

  it("edits, then retires: the public gets 410, the admin list keeps it", async () => {
    const edit = await call("PUT", `/api/catalog/admin/bundles/${BUNDLE.code}`, { ...BUNDLE, name: "居住证一件事" });
    expect(edit.json()).toMatchObject({ name: "居住证一件事", status: "published" });
    const mismatch = await call("PUT", `/api/catalog/admin/bundles/${BUNDLE.code}`, {
      ...BUNDLE,
      code: "990100-YJS-001",
    });
    expect(mismatch.json().code).toBe("CATALOG_CODE_MISMATCH");
    expect((await call("POST", `/api/catalog/admin/bundles/${BUNDLE.code}/retire`)).json().status).toBe("retired");
    const gone = await call("GET", `/api/catalog/bundles/${BUNDLE.code}`, undefined, {});
    expect([gone.statusCode, gone.json().code]).toEqual([410, "CATALOG_ITEM_RETIRED"]);
    const all = (await call("GET", "/api/catalog/admin/bundles")).json();
    expect(all.items.map((b: Bundle) => [b.code, b.status])).toContainEqual([BUNDLE.code, "retired"]);
    const again = await call("POST", `/api/catalog/admin/bundles/${BUNDLE.code}/publish`);
    expect(again.json().code).toBe("CATALOG_ITEM_IS_RETIRED");
  });
});
