import type { CaseDetail } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHolders } from "../../seed/index.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import type { Headers } from "../../test-support/identity.js";
import { issueDemoLicenses } from "../licenses/index.js";
import { RegistryService } from "../registry/index.js";
import { noLicenses } from "./context.js";
import { resolvePrefill } from "./prefill.js";
import { ENTERPRISE_USCC, enterpriseApplicant, loginCitizen, seedCity } from "./testing.js";

/**
 * 免填 (issue 15): a draft's fields are filled in from the applicant's own e-licenses and the registries,
 * the source shown beside each field while it still holds the prefilled value. Only 张伟 holds an ID card
 * here (and the demo enterprise its business licence), so 刘洋's draft shows that nobody else's is used.
 */
const ZHANG = "13800000002";
const LIU = "13800000004";

describe("cases: prefill from licenses and registries (免填)", () => {
  let t: TestApp;
  let zhang: Headers;
  let zhangId: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedCity(t);
    const all = demoHolders();
    const holders = {
      people: all.people.filter((x) => x.name === "张伟"),
      enterprises: all.enterprises.filter((x) => x.uscc === ENTERPRISE_USCC),
    };
    expect(await issueDemoLicenses(t.app.licenses, holders)).toBe(2);
    zhang = await loginCitizen(t, ZHANG);
    const wallet = await t.app.inject({ method: "GET", url: "/api/licenses/mine?typeCode=ID", headers: zhang });
    zhangId = wallet.json().items[0].id;
  }, 120_000);
  afterAll(() => t.close());

  const draft = async (headers: Headers, itemCode: string) => {
    const res = await t.app.inject({ method: "POST", url: "/api/cases", headers, payload: { itemCode } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as CaseDetail;
  };
  const detail = async (headers: Headers, id: string) => {
    const res = await t.app.inject({ method: "GET", url: `/api/cases/${id}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as CaseDetail;
  };
  /** Audit entries (queued or sequenced) of a type; they hold a hash of their payload only. */
  const audited = async (type: string) => {
    const rows = [
      ...(await t.database.db.selectFrom("audit_queue").select("entry").execute()),
      ...(await t.database.db.selectFrom("audit_entries").select("entry").execute()),
    ];
    return rows
      .map((r) => JSON.parse(Buffer.from(r.entry).toString("utf8")) as { type: string; actor: string; subject: string })
      .filter((e) => e.type === type);
  };

  it("居住证申领: the address comes from the applicant's ID card, named beside the field; the read is audited", async () => {
    const c = await draft(zhang, "990100-GG-001");
    expect(c.formData).toMatchObject({ applicantName: "张伟", residenceAddress: "示例市示范区人民路 1 号" });
    expect(c.prefilledFrom.residenceAddress).toEqual({
      source: "license:ID.address",
      label: "居民身份证",
      labelEn: expect.stringMatching(/\S/),
    });
    expect(c.prefilledFrom.applicantName?.source).toBe("applicant.name");
    expect(c.prefilledFrom.basis).toBeUndefined();
    expect((await detail(zhang, c.id)).prefilledFrom).toEqual(c.prefilledFrom);
    const reads = (await audited("license.prefill_read")).filter((e) => e.subject === `license:${zhangId}`);
    expect(reads).toHaveLength(1);
    expect(reads[0]!.actor).toMatch(/^citizen:/);
  });

  it("a field the citizen edits loses its source; put back, it has it again", async () => {
    const c = await draft(zhang, "990100-GG-001");
    const save = async (formData: Record<string, unknown>, version: number) => {
      const res = await t.app.inject({
        method: "PUT",
        url: `/api/cases/${c.id}/form`,
        headers: zhang,
        payload: { formData, version },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as CaseDetail;
    };
    const edited = await save({ ...c.formData, residenceAddress: "示例市示范区新华路 9 号" }, c.version);
    expect(Object.keys(edited.prefilledFrom).sort()).toEqual(["applicantName", "contactPhone"].sort());
    expect(Object.keys((await detail(zhang, c.id)).prefilledFrom)).not.toContain("residenceAddress");
    const back = await save(c.formData, edited.version);
    expect(back.prefilledFrom.residenceAddress?.label).toBe("居民身份证");
  });

  it("another person's license is never used: 刘洋 holds no ID card, so his address stays empty", async () => {
    const before = (await audited("license.prefill_read")).length;
    const liu = await loginCitizen(t, LIU);
    const c = await draft(liu, "990100-GG-001");
    expect(c.formData.applicantName).toBe("刘洋");
    expect(c.formData.residenceAddress).toBeUndefined();
    expect(c.prefilledFrom.residenceAddress).toBeUndefined();
    expect(await audited("license.prefill_read")).toHaveLength(before);
  });

  it("population fields come from the applicant's own record by verified ID number; business ones only for an enterprise acted for", async () => {
    const deps = {
      licenses: noLicenses,
      registry: new RegistryService(t.database.db, t.app.platform.pii),
      pii: t.app.platform.pii,
    };
    const schema = {
      type: "object",
      properties: {
        birthDate: { type: "string", "x-prefill": "registry:population.birthDate" },
        firm: { type: "string", "x-prefill": "registry:business.name" },
      },
    };
    const applicant = { accountId: "a", name: "张伟", phone: null, enterprise: null };
    const own = await resolvePrefill(deps, schema, { ...applicant, idNumber: "99010219850312101X" });
    expect(own.formData).toEqual({ birthDate: "1985-03-12" });
    expect(own.prefilled.birthDate).toMatchObject({ source: "registry:population.birthDate", label: "人口库" });
    expect(own.reads.registries).toEqual([{ registry: "population", fields: ["birthDate"] }]);
    // Without a verified ID number (level 1) nothing is read.
    const unverified = await resolvePrefill(deps, schema, { ...applicant, idNumber: null });
    expect([unverified.formData, unverified.reads.registries]).toEqual([{}, []]);
  });

  it("食品经营许可 for the enterprise: the representative from the business registry, the premises from its licence", async () => {
    const rep = await enterpriseApplicant(t);
    const c = await draft(rep, "990100-XK-001");
    expect(c.formData).toMatchObject({ legalRepresentative: "李娜", premisesAddress: "示例市示范区创业路 8 号" });
    expect(c.prefilledFrom).toMatchObject({
      legalRepresentative: { source: "registry:business.legalRepName", label: "法人库" },
      premisesAddress: { source: "license:BL.address", label: "营业执照" },
    });
    expect((await audited("case.registry_prefill")).filter((e) => e.subject === `case:${c.id}`)).toHaveLength(1);
  });
});
