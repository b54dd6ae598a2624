/**
 * 信用 over the API: a black-listed enterprise applying for an item with a joint-punishment rule is blocked at
 * submission with the legal basis shown (the cases module's CreditCheck port); 信用修复 needs evidence and a
 * review, and once approved the record leaves publication and the application goes through. The public
 * 信用查询 shows the enterprise only (no legal representative). Penalty publication periods are checked.
 */
import type { CaseDetail } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { createStaff, type Headers } from "../../test-support/identity.js";
import { ENTERPRISE_USCC, enterpriseApplicant, fill, seedCity, tinyPdf, upload } from "../cases/testing.js";

const ITEM = "990100-XK-001";
const RULE_BASIS = "《关于对食品药品生产经营严重失信者开展联合惩戒的合作备忘录》（发改财金〔2016〕1962号）";
const LIST_BASIS = "《严重违法失信名单管理办法》（国家市场监督管理总局令第44号）第二条";

describe("credit", () => {
  let t: TestApp;
  let admin: Headers;
  let applicant: Headers;

  const api = async (method: "GET" | "POST" | "PUT", url: string, headers?: Headers, payload?: unknown) =>
    t.app.inject({ method, url, headers, payload: payload as never });

  /** A complete draft for the item, not yet submitted. */
  async function draft(): Promise<CaseDetail> {
    const created = await api("POST", "/api/cases", applicant, { itemCode: ITEM });
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json() as CaseDetail;
    const saved = await api("PUT", `/api/cases/${c.id}/form`, applicant, {
      formData: fill(c.form.schema, c.formData),
      version: c.version,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const item = await api("GET", `/api/catalog/items/${ITEM}`);
    for (const m of item.json().materials as { name: string; required: boolean }[])
      if (m.required)
        expect((await upload(t, applicant, c.id, m.name, tinyPdf(m.name), "材料.pdf")).statusCode).toBe(201);
    return (await api("GET", `/api/cases/${c.id}`, applicant)).json();
  }

  const submit = (c: CaseDetail) => api("POST", `/api/cases/${c.id}/submit`, applicant, { version: c.version });

  beforeAll(async () => {
    t = await createTestApp();
    await seedCity(t);
    admin = (await createStaff(t, { roles: ["dept_admin"], departmentKey: "amr" })).headers;
    applicant = await enterpriseApplicant(t);
  }, 60_000);
  afterAll(() => t.close());

  let blacklistId: string;

  it("a black-listed enterprise is blocked with the legal basis shown; after repair it is not", async () => {
    const rule = await api("PUT", `/api/credit/punishment-rules/${ITEM}`, admin, {
      measure: "block",
      legalBasis: RULE_BASIS,
    });
    expect(rule.statusCode, rule.body).toBe(200);
    const listed = await api("POST", "/api/credit/records", admin, {
      uscc: ENTERPRISE_USCC,
      kind: "blacklist",
      title: "列入严重违法失信名单",
      legalBasis: LIST_BASIS,
      decidedOn: "2026-06-01",
    });
    expect(listed.statusCode, listed.body).toBe(201);
    blacklistId = listed.json().id;

    const profile = await api("GET", `/api/credit/enterprises/${ENTERPRISE_USCC}`);
    expect(profile.json()).toMatchObject({ grade: "D", blacklisted: true, name: "示例市鲜味餐饮有限公司" });
    expect(profile.body).not.toContain("李娜"); // the legal representative is a natural person

    const c = await draft();
    const blocked = await submit(c);
    expect([blocked.statusCode, blocked.json().code]).toEqual([403, "CASE_CREDIT_BLOCKED"]);
    expect(blocked.json().details).toMatchObject({ measure: "block", legalBasis: RULE_BASIS, listBasis: LIST_BASIS });
    expect((await api("GET", `/api/cases/${c.id}`, applicant)).json().status).toBe("draft");

    // 信用修复: without evidence refused, nothing written; with evidence, reviewed and approved.
    const none = await api("POST", "/api/credit/repairs", applicant, {
      recordId: blacklistId,
      reason: "已整改",
      evidence: [],
    });
    expect(none.statusCode).toBe(400);
    expect(await t.database.db.selectFrom("credit_repairs").selectAll().execute()).toEqual([]);
    const staffTry = await api("POST", "/api/credit/repairs", admin, {
      recordId: blacklistId,
      reason: "已整改",
      evidence: [{ title: "整改报告", description: "x" }],
    });
    expect(staffTry.statusCode).toBe(403);
    const applied = await api("POST", "/api/credit/repairs", applicant, {
      recordId: blacklistId,
      reason: "违法行为已纠正，罚款已缴清，已作出信用承诺",
      evidence: [
        { title: "整改报告", description: "现场整改完成，经复查合格" },
        { title: "罚款缴纳凭证", description: "缴款书编号 990100-2026-0001" },
      ],
    });
    expect(applied.statusCode, applied.body).toBe(201);
    expect((await submit(await draft())).statusCode).toBe(403); // pending is not repaired
    const decided = await api("POST", `/api/credit/repairs/${applied.json().id}/decide`, admin, {
      approve: true,
      note: "材料齐全",
    });
    expect([decided.statusCode, decided.json().status]).toEqual([200, "approved"]);
    const again = await api("POST", `/api/credit/repairs/${applied.json().id}/decide`, admin, { approve: false });
    expect([again.statusCode, again.json().code]).toEqual([409, "CREDIT_REPAIR_DECIDED"]);

    const after = await api("GET", `/api/credit/enterprises/${ENTERPRISE_USCC}`);
    expect(after.json()).toMatchObject({ blacklisted: false, records: [] });
    const fresh = (await api("GET", `/api/cases/${c.id}`, applicant)).json();
    const filed = await submit(fresh);
    expect(filed.statusCode, filed.body).toBe(200);
  });

  it("penalties: publication period 3 months to 3 years; grades by the versioned rules; public search", async () => {
    const uscc = "91990102MA0002029N";
    const short = await api("POST", "/api/credit/records", admin, {
      uscc,
      kind: "penalty",
      title: "警告",
      legalBasis: "《食品安全法》第一百二十六条",
      decidedOn: "2026-06-01",
      publishUntil: "2026-07-01",
    });
    expect([short.statusCode, short.json().code]).toEqual([422, "CREDIT_PUBLICATION_PERIOD"]);
    const missing = await api("POST", "/api/credit/records", admin, {
      uscc,
      kind: "penalty",
      title: "警告",
      legalBasis: "《食品安全法》第一百二十六条",
      decidedOn: "2026-06-01",
    });
    expect(missing.statusCode).toBe(422);
    expect(await t.database.db.selectFrom("credit_records").select("id").where("uscc", "=", uscc).execute()).toEqual(
      [],
    );
    const ok = await api("POST", "/api/credit/records", admin, {
      uscc,
      kind: "penalty",
      title: "罚款五千元",
      legalBasis: "《食品安全法》第一百二十六条",
      decidedOn: "2026-06-01",
      publishUntil: "2027-06-01",
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const p = await api("GET", `/api/credit/enterprises/${uscc}`);
    expect(p.json()).toMatchObject({ grade: "C", rulesVersion: "credit-rules-v1" });
    const found = await api("GET", `/api/credit/search?q=${uscc}`);
    expect(found.json().items).toEqual([{ uscc, name: "示例市宏图建设工程有限公司", grade: "C" }]);
    expect((await api("GET", "/api/credit/enterprises/91990100MA9999999X")).statusCode).toBe(404);
  });
});
