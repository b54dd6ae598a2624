import type { BundleApplication, BundleApplicationForm, CaseDetail } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import type { Headers } from "../../test-support/identity.js";
import { loginCitizen, seedCity } from "./testing.js";

/** 一表申请: 出生一件事's three items filled in through one merged form. */
describe("cases: a bundle's one form", () => {
  let t: TestApp;
  let citizen: Headers;
  let other: Headers;
  let b: BundleApplication;
  beforeAll(async () => {
    t = await createTestApp();
    await seedCity(t);
    citizen = await loginCitizen(t, "13800000002");
    other = await loginCitizen(t, "13800000004");
    const res = await t.app.inject({
      method: "POST",
      url: "/api/cases/bundles",
      headers: citizen,
      payload: { bundleCode: "990100-YJS-002" },
    });
    expect(res.statusCode, res.body).toBe(201);
    b = res.json();
  });
  afterAll(() => t.close());

  const getForm = (headers: Headers = citizen) =>
    t.app.inject({ method: "GET", url: `/api/cases/bundles/${b.id}/form`, headers });
  const getCase = async (id: string) =>
    (await t.app.inject({ method: "GET", url: `/api/cases/${id}`, headers: citizen })).json() as CaseDetail;

  it("asks the name and phone once for all three items, prefilled", async () => {
    const res = await getForm();
    expect(res.statusCode, res.body).toBe(200);
    const f = res.json() as BundleApplicationForm;
    const names = Object.keys(f.form.schema.properties as object);
    expect(names.filter((n) => n.startsWith("applicantName"))).toEqual(["applicantName"]);
    expect(names.filter((n) => n.startsWith("contactPhone"))).toEqual(["contactPhone"]);
    expect(f.feeds.applicantName?.map((x) => x.itemCode).sort()).toEqual(b.cases.map((c) => c.itemCode).sort());
    expect(f.feeds.bank?.map((x) => x.itemName)).toEqual(["社会保障卡申领"]);
    expect(f.form.schema.required).toEqual(expect.arrayContaining(["applicantName", "contactPhone", "bank", "pickup"]));
    expect(f.formData).toMatchObject({ applicantName: "张伟", contactPhone: "13800000002" });
    expect(f.editable).toBe(true);
  });

  it("saves into every draft exactly its own properties, in one request, versions checked", async () => {
    const f = (await getForm()).json() as BundleApplicationForm;
    const bank = (f.form.schema.properties as Record<string, { enum: string[] }>).bank!.enum[0];
    const formData = {
      ...f.formData,
      contactPhone: "13900000009",
      description: "新生儿出生登记",
      bank,
      pickup: (f.form.schema.properties as Record<string, { enum: string[] }>).pickup!.enum[0],
    };
    const stale = await t.app.inject({
      method: "PUT",
      url: `/api/cases/bundles/${b.id}/form`,
      headers: citizen,
      payload: { formData, versions: { ...f.versions, [b.cases[1]!.id]: 99 } },
    });
    expect([stale.statusCode, stale.json().code]).toEqual([409, "CASE_VERSION_CONFLICT"]);
    // Nothing was half-written.
    expect((await getCase(b.cases[0]!.id)).formData.description).toBeUndefined();

    const res = await t.app.inject({
      method: "PUT",
      url: `/api/cases/bundles/${b.id}/form`,
      headers: citizen,
      payload: { formData, versions: f.versions },
    });
    expect(res.statusCode, res.body).toBe(200);
    const saved = res.json() as BundleApplicationForm;
    expect(saved.formData).toMatchObject({ contactPhone: "13900000009", bank });
    for (const c of b.cases) {
      const d = await getCase(c.id);
      expect(saved.versions[c.id]).toBe(d.version);
      const own = Object.keys(d.form.schema.properties as object);
      // Exactly its own properties: every one the merged data filled, none of another item's.
      expect(Object.keys(d.formData).sort()).toEqual(own.filter((n) => n !== "mailingAddress").sort());
      expect(d.formData.contactPhone).toBe("13900000009");
    }
    const card = await getCase(b.cases.find((c) => c.itemCode === "990100-GG-003")!.id);
    expect(card.formData).toMatchObject({ bank, applicantName: "张伟" });
    expect(card.formData).not.toHaveProperty("description");
  });

  it("is the applicant's only: another citizen gets 404, staff 403", async () => {
    expect((await getForm(other)).statusCode).toBe(404);
    const put = await t.app.inject({
      method: "PUT",
      url: `/api/cases/bundles/${b.id}/form`,
      headers: other,
      payload: { formData: {}, versions: {} },
    });
    expect(put.statusCode).toBe(404);
    const anon = await t.app.inject({ method: "GET", url: `/api/cases/bundles/${b.id}/form` });
    expect(anon.statusCode).toBe(401);
  });
});
