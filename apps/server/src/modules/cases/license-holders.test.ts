import type { CaseDetail, LicenseSummary } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHolders } from "../../seed/index.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, sessionHeaders } from "../../test-support/identity.js";
import { issueDemoLicenses } from "../licenses/index.js";
import { ENTERPRISE_USCC, enterpriseApplicant, loginCitizen, seedCity } from "./testing.js";

/**
 * Whose e-license a material takes (issue 15): a material about a person takes that person's own license
 * with their consent, also while they act for an enterprise; a material about the enterprise takes the
 * enterprise's. The demo licenses: a 居民身份证 for each verified demo citizen, a 营业执照 for each enterprise.
 */
const AGENT_PHONE = "13800000004"; // 刘洋, agent of the demo enterprise (case.apply, case.view, license.use)

describe("cases: whose license a material takes", () => {
  let t: TestApp;
  let rep: Headers; // 李娜, the legal representative, acting for the enterprise
  let agent: Headers; // 刘洋, acting for the same enterprise

  beforeAll(async () => {
    t = await createTestApp();
    await seedCity(t);
    // The licenses this test needs (each is signed, sealed and rendered as a PDF: ~1 s apiece here).
    const all = demoHolders();
    const holders = {
      people: all.people.filter((x) => ["李娜", "刘洋", "张伟"].includes(x.name)),
      enterprises: all.enterprises.filter((x) => x.uscc === ENTERPRISE_USCC),
    };
    const started = performance.now();
    expect(await issueDemoLicenses(t.app.licenses, holders)).toBe(4);
    console.info(`issued 4 demo licenses in ${Math.round(performance.now() - started)} ms`);
    rep = await enterpriseApplicant(t);
    agent = await loginCitizen(t, AGENT_PHONE);
    const list = (await t.app.inject({ method: "GET", url: "/api/identity/me/enterprises", headers: agent })).json();
    const e = (list.items ?? list).find((x: { uscc: string }) => x.uscc === ENTERPRISE_USCC);
    const res = await t.app.inject({
      method: "PUT",
      url: "/api/identity/me/acting-for",
      headers: agent,
      payload: { enterpriseId: e.enterpriseId ?? e.id },
    });
    expect(res.statusCode, res.body).toBe(200);
    agent = sessionHeaders(res);
  }, 120_000);
  afterAll(() => t.close());

  const wallet = async (headers: Headers, query: string) => {
    const res = await t.app.inject({ method: "GET", url: `/api/licenses/mine${query}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as LicenseSummary[];
  };
  const draft = async (headers: Headers, itemCode: string) => {
    const res = await t.app.inject({ method: "POST", url: "/api/cases", headers, payload: { itemCode } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as CaseDetail;
  };
  const attach = (headers: Headers, caseId: string, material: string, licenseId: string) =>
    t.app.inject({
      method: "POST",
      url: `/api/cases/${caseId}/materials/license`,
      headers,
      payload: { material, licenseId, consent: true },
    });
  const consents = (caseId: string) =>
    t.database.db
      .selectFrom("license_uses")
      .select(["material", "consented_by"])
      .where("case_id", "=", caseId)
      .orderBy("material")
      .execute();

  it("the catalog says whose license each material takes", async () => {
    const item = (await t.app.inject({ method: "GET", url: "/api/catalog/items/990100-XK-001" })).json();
    const holders = Object.fromEntries(
      (item.materials as { name: string; licenseHolder: string | null }[]).map((m) => [m.name, m.licenseHolder]),
    );
    expect(holders).toMatchObject({ 营业执照: "enterprise", 法定代表人身份证明: "representative" });
  });

  it("the representative attaches her own ID card to 法定代表人身份证明 while acting for the enterprise", async () => {
    // Her wallet while acting: the enterprise's by default, her own when asked for.
    const enterprise = await wallet(rep, "");
    expect(enterprise.map((l) => [l.typeCode, l.holder.kind])).toEqual([["BL", "enterprise"]]);
    const own = await wallet(rep, "?holder=person&typeCode=ID&status=valid");
    expect(own.map((l) => [l.typeCode, l.holder.kind, l.holder.name])).toEqual([["ID", "person", "李娜"]]);
    const id = own[0]!;
    const bl = enterprise[0]!;

    const c = await draft(rep, "990100-XK-001");
    // Each license where it belongs: not her ID card as the business license, nor the reverse.
    expect((await attach(rep, c.id, "营业执照", id.id)).json().code).toBe("CASE_LICENSE_NOT_FOUND");
    let res = await attach(rep, c.id, "法定代表人身份证明", id.id);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: "license", licenseId: id.id, material: "法定代表人身份证明" });
    res = await attach(rep, c.id, "营业执照", bl.identifier);
    expect(res.statusCode, res.body).toBe(201);
    // Her ID card with her own consent; the business license with hers for the enterprise.
    const me = (await t.app.inject({ method: "GET", url: "/api/identity/me", headers: rep })).json();
    expect(await consents(c.id)).toEqual([
      { material: "法定代表人身份证明", consented_by: `citizen:${me.id}` },
      { material: "营业执照", consented_by: `citizen:${me.id} for enterprise:${ENTERPRISE_USCC}` },
    ]);
  });

  it("an agent cannot consent for the representative, but uses his own ID card as 经办人身份证件", async () => {
    const own = await wallet(agent, "?holder=person&typeCode=ID");
    expect(own.map((l) => l.holder.name)).toEqual(["刘洋"]);
    const id = own[0]!;

    const food = await draft(agent, "990100-XK-001");
    const refused = await attach(agent, food.id, "法定代表人身份证明", id.id);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().code).toBe("CASE_LICENSE_NOT_FOUND");
    // Nor the representative's own card, which is not his to consent to.
    const hers = (await wallet(rep, "?holder=person&typeCode=ID"))[0]!;
    expect((await attach(agent, food.id, "法定代表人身份证明", hers.id)).statusCode).toBe(422);

    const invoice = await draft(agent, "990100-GG-006");
    const ok = await attach(agent, invoice.id, "经办人身份证件", id.id);
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await consents(invoice.id))[0]?.consented_by).not.toContain("for enterprise");
  });

  it("a person acting as themselves has no enterprise wallet", async () => {
    const zhang = await loginCitizen(t, "13800000002");
    expect(await wallet(zhang, "?holder=enterprise")).toEqual([]);
    expect((await wallet(zhang, "?holder=person")).map((l) => l.holder.name)).toEqual(["张伟"]);
  });
});
