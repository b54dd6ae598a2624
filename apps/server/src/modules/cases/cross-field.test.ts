import type { CaseDetail } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import type { Headers } from "../../test-support/identity.js";
import { act, loginCitizen, seedCity, tinyPdf, upload } from "./testing.js";

/**
 * Issue 15: a cross-field rule of the item's form (住房公积金提取: 申请提取金额 ≤ 购房总价, ajv `$data`) is
 * enforced at submit — 422 CASE_FORM_INVALID naming the field and both titles — while the draft keeps what
 * was typed.
 */
describe("cases: cross-field form rules at submit", () => {
  let t: TestApp;
  let applicant: Headers;
  let c: CaseDetail;
  const FORM = {
    applicantName: "王五",
    contactPhone: "13700000000",
    houseAddress: "示例市中心大道 8 号 3 单元",
    purchaseDate: "2026-01-05",
    totalPrice: 800000,
  };

  beforeAll(async () => {
    t = await createTestApp();
    await seedCity(t);
    applicant = await loginCitizen(t, "13800000005");
    const res = await t.app.inject({
      method: "POST",
      url: "/api/cases",
      headers: applicant,
      payload: { itemCode: "990100-GG-002" },
    });
    expect(res.statusCode, res.body).toBe(201);
    c = res.json();
    const item = (await t.app.inject({ method: "GET", url: "/api/catalog/items/990100-GG-002" })).json();
    for (const m of item.materials as { name: string; required: boolean }[])
      if (m.required) expect((await upload(t, applicant, c.id, m.name, tinyPdf(m.name), "m.pdf")).statusCode).toBe(201);
  });
  afterAll(() => t.close());

  const save = async (formData: Record<string, unknown>) => {
    const fresh = (await t.app.inject({ method: "GET", url: `/api/cases/${c.id}`, headers: applicant })).json();
    const res = await t.app.inject({
      method: "PUT",
      url: `/api/cases/${c.id}/form`,
      headers: applicant,
      payload: { formData, version: fresh.version },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as CaseDetail;
  };

  it("refuses a withdrawal above the purchase price, naming the field and both titles; the draft keeps the data", async () => {
    const saved = await save({ ...FORM, amount: 900000 });
    const res = await act(t, applicant, saved, "submit");
    expect(res.statusCode, res.body).toBe(422);
    const body = res.json();
    expect(body).toMatchObject({ code: "CASE_FORM_INVALID", message: "申请表填写有误" });
    expect(body.messageEn).not.toMatch(/[\u4e00-\u9fff]/);
    expect(body.details.issues).toEqual([
      expect.objectContaining({ path: "/amount", message: "申请提取金额（元）不能大于购房总价（元）（800000）" }),
    ]);
    expect(body.details.issues[0].messageEn).not.toMatch(/[\u4e00-\u9fff]/);
    // still a draft, with what was typed
    const after = (await t.app.inject({ method: "GET", url: `/api/cases/${c.id}`, headers: applicant })).json();
    expect(after.status).toBe("draft");
    expect(after.formData).toMatchObject({ amount: 900000, totalPrice: 800000 });
  });

  it("files the case once the amount is within the price", async () => {
    const saved = await save({ ...FORM, amount: 800000 });
    const res = await act(t, applicant, saved, "submit");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).not.toBe("draft");
  });
});
