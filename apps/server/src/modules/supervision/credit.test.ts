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
import { createSecondNode, invalidationOf } from "../../test-support/nodes.js";
import {
  act,
  ENTERPRISE_USCC,
  enterpriseApplicant,
  fill,
  seedCity,
  staffOf,
  tinyPdf,
  upload,
} from "../cases/testing.js";
import { complaintCounter } from "../hotline/index.js";
import { intake, operatorOf, request } from "../hotline/testing.js";
import { CREDIT_RULES_CACHE } from "./credit.service.js";

const ITEM = "990100-XK-001";
const RULE_BASIS = "《关于对食品药品生产经营严重失信者开展联合惩戒的合作备忘录》（发改财金〔2016〕1962号）";
const LIST_BASIS = "《严重违法失信名单管理办法》（国家市场监督管理总局令第44号）第二条";

describe("credit", () => {
  let t: TestApp;
  let admin: Headers;
  let applicant: Headers;
  let clerk: Headers;

  const api = async (method: "GET" | "POST" | "PUT", url: string, headers?: Headers, payload?: unknown) =>
    t.app.inject({ method, url, headers, payload: payload as never });

  /** A complete draft for the item, not yet submitted (but for the materials in `leaveOut`). */
  async function draft(leaveOut: string[] = []): Promise<CaseDetail> {
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
      if (m.required && !leaveOut.includes(m.name))
        expect((await upload(t, applicant, c.id, m.name, tinyPdf(m.name), "材料.pdf")).statusCode).toBe(201);
    return (await api("GET", `/api/cases/${c.id}`, applicant)).json();
  }

  /** Puts the demo enterprise on the black list (严重违法失信名单). */
  const blacklist = () =>
    api("POST", "/api/credit/records", admin, {
      uscc: ENTERPRISE_USCC,
      kind: "blacklist",
      title: "列入严重违法失信名单",
      legalBasis: LIST_BASIS,
      decidedOn: "2026-06-01",
    });

  const submit = (c: CaseDetail) => api("POST", `/api/cases/${c.id}/submit`, applicant, { version: c.version });

  beforeAll(async () => {
    t = await createTestApp();
    await seedCity(t);
    admin = (await createStaff(t, { roles: ["dept_admin"], departmentKey: "amr" })).headers;
    applicant = await enterpriseApplicant(t);
    clerk = await staffOf(t, "window_clerk", "amr");
  }, 60_000);
  afterAll(() => t.close());

  let blacklistId: string;

  it("a black-listed enterprise is blocked with the legal basis shown; after repair it is not", async () => {
    const rule = await api("PUT", `/api/credit/punishment-rules/${ITEM}`, admin, {
      measure: "block",
      legalBasis: RULE_BASIS,
    });
    expect(rule.statusCode, rule.body).toBe(200);
    const listed = await blacklist();
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

  const DEFERRABLE = "食品安全管理制度目录";
  const record = (uscc: string, kind: string, title: string, publishUntil?: string) =>
    api("POST", "/api/credit/records", admin, {
      uscc,
      kind,
      title,
      legalBasis: "《市场监督管理信用修复管理办法》第三条",
      decidedOn: "2026-06-01",
      publishUntil,
    });

  it("the clerk sees the applicant enterprise's credit summary; other departments and citizens do not", async () => {
    const c = await draft();
    const filed = await submit(c);
    expect(filed.statusCode, filed.body).toBe(200);
    expect((await record(ENTERPRISE_USCC, "redlist", "A 级纳税人", "2027-12-31")).statusCode).toBe(201);
    expect((await record(ENTERPRISE_USCC, "inspection", "双随机抽查：责令整改")).statusCode).toBe(201);
    const res = await api("GET", `/api/cases/${c.id}/credit`, clerk);
    expect(res.statusCode, res.body).toBe(200);
    // 100 + 10 (red list) − 5 (adverse inspection) = 105: A. The repaired black list is no longer shown.
    expect(res.json().summary).toMatchObject({
      uscc: ENTERPRISE_USCC,
      name: "示例市鲜味餐饮有限公司",
      grade: "A",
      rulesVersion: "credit-rules-v1",
      lists: [
        {
          kind: "redlist",
          title: "A 级纳税人",
          legalBasis: "《市场监督管理信用修复管理办法》第三条",
          decidedOn: "2026-06-01",
          publishUntil: "2027-12-31",
        },
      ],
      inspections: 1,
      penalties: 0,
      complaints: 0,
      punishment: null,
      deferral: null,
    });
    const other = await staffOf(t, "window_clerk", "eco");
    expect((await api("GET", `/api/cases/${c.id}/credit`, other)).statusCode).toBe(403);
    expect((await api("GET", `/api/cases/${c.id}/credit`, applicant)).statusCode).toBe(403);
  });

  it("12345 complaints naming the enterprise are counted in its summary (last 12 months); other enterprises and kinds are not", async () => {
    const c = await draft();
    expect((await submit(c)).statusCode).toBe(200);
    const complaints = async () => {
      const res = await api("GET", `/api/cases/${c.id}/credit`, clerk);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().summary.complaints as number;
    };
    const operator = await operatorOf(t);
    const HONGTU = "91990102MA0002029N";
    const counter = complaintCounter(t.database.db);
    const yearAgo = new Date(Date.now() - 365 * 86_400_000);
    const before = await counter.countAbout(HONGTU, yearAgo);
    expect(await complaints()).toBe(0);
    const filed = await intake(t, operator, request({ kind: "complaint", subjectUscc: ENTERPRISE_USCC }));
    expect(filed.subjectUscc).toBe(ENTERPRISE_USCC);
    expect(await complaints()).toBe(1);
    expect(await counter.countAbout(HONGTU, yearAgo)).toBe(before);
    // Another enterprise's complaint, and a consultation naming this one, do not count for it.
    await intake(t, operator, request({ kind: "complaint", subjectUscc: HONGTU }));
    await intake(t, operator, request({ kind: "consult", subjectUscc: ENTERPRISE_USCC }));
    expect(await complaints()).toBe(1);
    expect(await counter.countAbout(HONGTU, yearAgo)).toBe(before + 1);
    // A code that fails its check character is a 400 and stores nothing.
    const bad = await api("POST", "/api/hotline/desk/requests", operator, {
      ...request({ kind: "complaint" }),
      subjectUscc: "91990100MA0001018X",
    });
    expect(bad.statusCode, bad.body).toBe(400);
    // Outside the 12-month window it no longer counts.
    await t.database.db
      .updateTable("hotline_requests")
      .set({ created_at: new Date(Date.now() - 400 * 86_400_000) })
      .where("id", "=", filed.id)
      .execute();
    expect(await complaints()).toBe(0);
  });

  it("容缺受理: a qualifying enterprise is accepted with a material deferred and hands it in later", async () => {
    const rule = (body: Record<string, unknown>) =>
      api("PUT", `/api/credit/deferral-rules/${ITEM}`, admin, {
        allowDeferredMaterials: true,
        grades: ["A"],
        materials: [DEFERRABLE],
        workingDays: 5,
        legalBasis: "《优化营商环境条例》第三十五条",
        ...body,
      });
    // Bad input: no grade, zero days.
    expect((await rule({ grades: [] })).statusCode).toBe(400);
    expect((await rule({ workingDays: 0 })).statusCode).toBe(400);
    expect(await t.database.db.selectFrom("credit_deferral_rules").selectAll().execute()).toEqual([]);
    expect((await rule({})).statusCode).toBe(200);

    // Grade A qualifies: the draft is filed without the marked material.
    const c = await draft([DEFERRABLE]);
    const filed = await submit(c);
    expect(filed.statusCode, filed.body).toBe(200);
    let current = filed.json() as CaseDetail;
    const summary = (await api("GET", `/api/cases/${c.id}/credit`, clerk)).json().summary;
    expect(summary.deferral).toEqual({ qualifies: true, grades: ["A"], materials: [DEFERRABLE], workingDays: 5 });

    // A plain acceptance with the material missing, or deferring what is not the item's, is refused.
    const plain = await act(t, clerk, current, "accept");
    expect([plain.statusCode, plain.json().code]).toEqual([422, "CASE_MATERIALS_MISSING"]);
    const wrong = await act(t, clerk, current, "accept", {
      deferral: { materials: [DEFERRABLE, "不存在的材料"], commitment: "承诺五个工作日内补交" },
    });
    expect([wrong.statusCode, wrong.json().code]).toEqual([422, "CASE_DEFERRAL_MATERIAL"]);
    const filedAlready = await act(t, clerk, current, "accept", {
      deferral: { materials: [DEFERRABLE, "营业执照"], commitment: "承诺五个工作日内补交" },
    });
    expect([filedAlready.statusCode, filedAlready.json().code]).toEqual([422, "CASE_DEFERRAL_MATERIAL"]);
    const noCommitment = await act(t, clerk, current, "accept", { deferral: { materials: [DEFERRABLE] } });
    expect(noCommitment.statusCode).toBe(400);
    expect((await api("GET", `/api/cases/${c.id}`, applicant)).json()).toMatchObject({
      status: "submitted",
      version: current.version,
      deferral: null,
    });

    const accepted = await act(t, clerk, current, "accept", {
      deferral: { materials: [DEFERRABLE], commitment: "本企业承诺于截止日前补交食品安全管理制度目录" },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const cal = await t.app.platform.calendar.calendar();
    const dueDate = cal.addWorkingDays(t.app.platform.clock.now(), 5).deadlineDate;
    current = accepted.json();
    expect(current.deferral).toEqual({
      commitment: "本企业承诺于截止日前补交食品安全管理制度目录",
      dueDate,
      materials: [{ name: DEFERRABLE, submitted: false }],
      clearedAt: null,
    });
    expect(current.history.find((h) => h.type === "accepted")?.payload).toMatchObject({
      deferral: { materials: [DEFERRABLE], dueDate, grade: "A" },
    });

    // The applicant sees it and hands the material in while the case runs; nothing else may be added.
    const mine = (await api("GET", `/api/cases/${c.id}`, applicant)).json() as CaseDetail;
    expect(mine.deferral?.dueDate).toBe(dueDate);
    const other = await upload(t, applicant, c.id, "营业执照", tinyPdf("again"), "执照.pdf");
    expect([other.statusCode, other.json().code]).toEqual([409, "CASE_ILLEGAL_TRANSITION"]);
    const later = await upload(t, applicant, c.id, DEFERRABLE, tinyPdf("制度目录"), "制度目录.pdf");
    expect(later.statusCode, later.body).toBe(201);
    const after = (await api("GET", `/api/cases/${c.id}`, applicant)).json() as CaseDetail;
    expect(after.status).toBe(current.status);
    expect(after.deferral?.materials).toEqual([{ name: DEFERRABLE, submitted: true }]);
    expect(after.deferral?.clearedAt).not.toBeNull();
    expect(after.history.map((h) => h.type).slice(-2)).toEqual(["material_added", "deferral_cleared"]);
    const again = await upload(t, applicant, c.id, DEFERRABLE, tinyPdf("x"), "x.pdf");
    expect(again.statusCode).toBe(409);
  });

  it("容缺受理 refused: a grade that does not qualify, and an item without the rule; nothing changes", async () => {
    const c = await draft();
    expect((await submit(c)).statusCode).toBe(200);
    let current = (await api("GET", `/api/cases/${c.id}`, clerk)).json() as CaseDetail;
    // A penalty brings the grade to B (105 − 15 = 90; the rule wants A).
    const penalty = await record(ENTERPRISE_USCC, "penalty", "罚款二千元", "2027-06-01");
    expect(penalty.statusCode, penalty.body).toBe(201);
    const deferral = { materials: [DEFERRABLE], commitment: "承诺补交" };
    const low = await act(t, clerk, current, "accept", { deferral });
    expect([low.statusCode, low.json().code]).toEqual([409, "CASE_DEFERRAL_CREDIT"]);
    expect(low.json().details).toMatchObject({ grade: "B" });
    // The grade no longer qualifies at filing either: the marked material is required again.
    const d = await draft([DEFERRABLE]);
    const notFiled = await submit(d);
    expect([notFiled.statusCode, notFiled.json().code]).toEqual([422, "CASE_MATERIALS_MISSING"]);

    const off = await api("PUT", `/api/credit/deferral-rules/${ITEM}`, admin, {
      allowDeferredMaterials: false,
      grades: ["A"],
      workingDays: 5,
      legalBasis: "—",
    });
    expect(off.statusCode, off.body).toBe(200);
    const none = await act(t, clerk, current, "accept", { deferral });
    expect([none.statusCode, none.json().code]).toEqual([409, "CASE_DEFERRAL_NOT_OFFERED"]);
    current = (await api("GET", `/api/cases/${c.id}`, clerk)).json();
    expect(current).toMatchObject({ status: "submitted", deferral: null });
    expect(
      await t.database.db.selectFrom("case_deferrals").select("case_id").where("case_id", "=", c.id).execute(),
    ).toEqual([]);
    // Without deferral the complete case is accepted as before.
    expect((await act(t, clerk, current, "accept")).statusCode).toBe(200);
  });

  it("a rule changed through one node holds on another as soon as it hears the commit (two nodes, cached rules)", async () => {
    const listed = await blacklist();
    expect(listed.statusCode, listed.body).toBe(201);
    const other = await createSecondNode(t);
    try {
      const submitOn = async (node: TestApp) => {
        const c = await draft();
        return node.app.inject({
          method: "POST",
          url: `/api/cases/${c.id}/submit`,
          headers: applicant,
          payload: { version: c.version },
        });
      };
      // The other node reads the rules once (the first test's block) and answers from its cache after that.
      expect((await submitOn(other)).json().code).toBe("CASE_CREDIT_BLOCKED");
      expect((await submitOn(other)).json().code).toBe("CASE_CREDIT_BLOCKED");
      const heard = invalidationOf(other.app, CREDIT_RULES_CACHE);
      const flag = await api("PUT", `/api/credit/punishment-rules/${ITEM}`, admin, {
        measure: "flag",
        legalBasis: RULE_BASIS,
      });
      expect(flag.statusCode, flag.body).toBe(200);
      await heard;
      // Flagged, not blocked: the other node files it — it did not keep the rule it had cached.
      const filed = await submitOn(other);
      expect(filed.statusCode, filed.body).toBe(200);
    } finally {
      await other.close();
    }
  });
});
