import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import type { Headers } from "../../test-support/identity.js";
import { loginCitizen, seedCity, staffOf } from "../cases/testing.js";
import { auditEntries, CkanClient, CkanError, listen, tableCounts } from "./testing.js";

/**
 * Issue 21, acceptance 3, 4 and 5 (the CSV part): department staff publish from a CSV upload — a column
 * holding ID or mobile numbers that is not marked public is refused with the column named, a wrong header or
 * cell is refused, nothing changes; a conditional dataset answers 403 to the anonymous and to keys not
 * approved for it, reads with an approved key, refuses the next call after revocation or expiry, and every
 * call is in the audit log.
 */
describe("opendata: publishing and conditional access", () => {
  let t: TestApp;
  let base: string;
  const clock = new TestClock("2026-03-02T09:00:00+08:00");
  let health: Headers;
  let amr: Headers;
  let citizen: Headers;
  let hospitalStaff: { id: string; resourceId?: string };

  beforeAll(async () => {
    t = await createTestApp({ clock });
    await seedCity(t);
    base = await listen(t);
    health = await staffOf(t, "dept_admin", "health");
    amr = await staffOf(t, "dept_admin", "amr");
    citizen = await loginCitizen(t, "13800000002"); // 张伟, real-name level 2
  });
  afterAll(() => t.close());

  const post = (url: string, headers: Headers | undefined, payload: unknown) =>
    t.app.inject({ method: "POST", url, headers, payload: payload as Record<string, unknown> });

  const fields = [
    { id: "name", label: "姓名", type: "text", public: true },
    { id: "title", label: "职称", type: "text", public: true },
    { id: "years", label: "从业年限", type: "integer", public: true },
    { id: "id_card", label: "身份证号", type: "text", public: false },
    { id: "note", label: "内部备注", type: "text", public: false },
  ];
  const csv = (rows: string[]) => ["name,title,years,id_card,note", ...rows].join("\n");

  it("publishing: personal data not marked public, a wrong header or a wrong cell is refused naming it; nothing changes", async () => {
    const created = await post("/api/opendata/datasets", health, {
      name: "hospital-staff",
      title: "医疗机构执业医师职称统计",
      description: "执业医师的职称与从业年限（不含个人身份信息）。",
      openLevel: "conditional",
      themes: ["医疗卫生"],
      keywords: ["医师"],
      licenseId: "cc-by-4.0",
      frequency: "annual",
      contactName: "卫健委信息中心",
      contactEmail: "open@health.example.gov.cn",
    });
    expect(created.statusCode, created.body).toBe(201);
    hospitalStaff = { id: created.json().id };
    const url = `/api/opendata/datasets/${hospitalStaff.id}/resources`;
    const before = await tableCounts(t);

    const withId = await post(url, health, {
      name: "2026",
      fields,
      csv: csv(["李医生,主任医师,20,99010219850312101X,", "王医生,主治医师,8,,"]),
    });
    expect([withId.statusCode, withId.json().code]).toEqual([400, "OPENDATA_PERSONAL_DATA"]);
    expect(withId.json().message).toContain("id_card");
    expect(withId.json().messageEn).toContain("id_card");
    expect(withId.json().details).toMatchObject({ column: "id_card", kind: "id_number" });

    const withMobile = await post(url, health, {
      name: "2026",
      fields,
      csv: csv(["李医生,主任医师,20,,电话 13912345678", "王医生,主治医师,8,,"]),
    });
    expect([withMobile.statusCode, withMobile.json().details]).toEqual([
      400,
      expect.objectContaining({ column: "note", kind: "mobile" }),
    ]);

    const wrongColumn = await post(url, health, {
      name: "2026",
      fields,
      csv: "name,title,experience,id_card,note\n李医生,主任医师,20,,",
    });
    expect([wrongColumn.statusCode, wrongColumn.json().code, wrongColumn.json().details.column]).toEqual([
      400,
      "OPENDATA_CSV_HEADER_MISMATCH",
      "experience",
    ]);
    const wrongCell = await post(url, health, { name: "2026", fields, csv: csv(["李医生,主任医师,二十,,"]) });
    expect([wrongCell.statusCode, wrongCell.json().code, wrongCell.json().details]).toEqual([
      400,
      "OPENDATA_CSV_TYPE_ERROR",
      expect.objectContaining({ column: "years", row: 2 }),
    ]);
    const otherDepartment = await post(url, amr, { name: "2026", fields, csv: csv(["李医生,主任医师,20,,"]) });
    expect([otherDepartment.statusCode, otherDepartment.json().code]).toEqual([403, "FORBIDDEN"]);
    expect(await tableCounts(t)).toEqual(before);

    // Marked public, a number is accepted (a service hotline); columns not marked public do not leave.
    const ok = await post(url, health, {
      name: "2026",
      fields: [...fields.slice(0, 3), { id: "id_card", label: "咨询电话", type: "text", public: true }, fields[4]],
      csv: csv(["李医生,主任医师,20,13912345678,内部", "王医生,主治医师,8,,"]),
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ rowCount: 2, fields: ["name", "title", "years", "id_card"] });
    hospitalStaff.resourceId = ok.json().id;
    const stored = await t.database.db
      .selectFrom("opendata_rows")
      .select("data")
      .where("resource_id", "=", ok.json().id)
      .execute();
    expect(stored.map((r) => Object.keys(r.data).sort())).toEqual([
      ["id_card", "name", "title", "years"],
      ["id_card", "name", "title", "years"],
    ]);
  });

  it("conditional: 403 anonymous and for unapproved keys, an approved key reads, revocation refuses the next call, all audited", async () => {
    const anonymous = new CkanClient(base);
    const pkg = await anonymous.call<{ resources: { id: string }[] }>("package_show", { id: "medical-institutions" });
    const resourceId = pkg.resources[0]?.id as string;
    const read = (client: CkanClient, id = resourceId) =>
      client.call<{ total: number }>("datastore_search", { resource_id: id });
    const refusal = async (client: CkanClient, id = resourceId) => {
      const e = await read(client, id).then(
        () => null,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(CkanError);
      return [(e as CkanError).status, (e as CkanError).error.__type, (e as CkanError).error.code];
    };
    expect(await refusal(anonymous)).toEqual([403, "Authorization Error", "OPENDATA_KEY_REQUIRED"]);
    expect(await refusal(new CkanClient(base, "ywod_not-a-key-anyone-was-given"))).toEqual([
      403,
      "Authorization Error",
      "OPENDATA_KEY_NOT_VALID",
    ]);

    // Level 1 may not apply; an open dataset takes no applications.
    const level1 = await loginCitizen(t, "13800000001");
    const apply = (headers: Headers, dataset: string) =>
      post(`/api/opendata/datasets/${dataset}/applications`, headers, {
        purpose: "医疗资源分布研究",
        scenario: "学术论文",
      });
    expect((await apply(level1, "medical-institutions")).statusCode).toBe(403);
    expect((await apply(citizen, "job-vacancies")).json().code).toBe("OPENDATA_NOT_CONDITIONAL");

    const filed = await apply(citizen, "medical-institutions");
    expect(filed.statusCode, filed.body).toBe(201);
    const appId = filed.json().id as string;
    const takeKey = () => post(`/api/opendata/my/applications/${appId}/key`, citizen, undefined);
    expect([(await takeKey()).statusCode, (await takeKey()).json().code]).toEqual([409, "OPENDATA_APPLICATION_STATE"]);
    const decide = (headers: Headers, body: Record<string, unknown>) =>
      post(`/api/opendata/applications/${appId}/decide`, headers, body);
    expect(
      (await decide(amr, { approve: true, agreement: "协议 2026-017", validUntil: "2026-12-31" })).statusCode,
    ).toBe(403);
    expect((await decide(health, { approve: true })).json().code).toBe("OPENDATA_INVALID_PARAMETER");
    const approved = await decide(health, {
      approve: true,
      agreement: "数据利用协议 2026-017",
      validUntil: "2026-12-31",
    });
    expect([approved.statusCode, approved.json().status]).toEqual([200, "approved"]);

    const issued = await takeKey();
    expect(issued.statusCode, issued.body).toBe(201);
    const key = issued.json().key as string;
    const stored = await t.database.db
      .selectFrom("opendata_applications")
      .selectAll()
      .where("id", "=", appId)
      .executeTakeFirstOrThrow();
    expect(stored.key_hash?.length).toBe(32); // SHA-256 only
    expect(JSON.stringify(stored)).not.toContain(key);

    const holder = new CkanClient(base, key);
    expect((await read(holder)).total).toBe(4);
    expect(
      (await holder.get<{ total: number }>("datastore_search", { resource_id: resourceId, q: "东城" })).total,
    ).toBe(2);
    // the CSV download takes the same key, checked and audited the same way
    const csv = await t.app.inject({
      method: "GET",
      url: `/api/opendata/datasets/medical-institutions/resources/${resourceId}/download`,
      headers: { "x-ckan-api-key": key },
    });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.body.trim().split("\r\n")).toHaveLength(1 + 4);
    // approved for one dataset, not for another conditional one
    expect(await refusal(holder, hospitalStaff.resourceId)).toEqual([
      403,
      "Authorization Error",
      "OPENDATA_KEY_NOT_VALID",
    ]);

    const revoked = await post(`/api/opendata/applications/${appId}/revoke`, health, { reason: "超出约定用途" });
    expect([revoked.statusCode, revoked.json().status]).toEqual([200, "revoked"]);
    expect(await refusal(holder)).toEqual([403, "Authorization Error", "OPENDATA_KEY_NOT_VALID"]);

    const dataset = (await anonymous.call<{ id: string }>("package_show", { id: "medical-institutions" })).id;
    const calls = (await auditEntries(t)).filter((e) => e.subject === `opendata-dataset:${dataset}`);
    // two datastore_search calls and the download
    expect(calls.filter((e) => e.type === "opendata.call")).toHaveLength(3);
    expect(calls.filter((e) => e.type === "opendata.call.refused").map((e) => e.actor)).toEqual([
      "anonymous",
      "anonymous",
      expect.stringMatching(/^citizen:/),
    ]);
    expect(calls.filter((e) => e.type === "opendata.call").every((e) => e.actor === calls.at(-1)?.actor)).toBe(true);
  });

  it("conditional: a key stops working the day after its validity ends", async () => {
    const filed = await post("/api/opendata/datasets/medical-institutions/applications", citizen, {
      purpose: "床位统计",
      scenario: "公益地图",
    });
    const id = filed.json().id as string;
    const decided = await post(`/api/opendata/applications/${id}/decide`, health, {
      approve: true,
      agreement: "协议 2026-018",
      validUntil: "2026-03-03",
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const key = (await post(`/api/opendata/my/applications/${id}/key`, citizen, undefined)).json().key as string;
    const pkg = await new CkanClient(base).call<{ resources: { id: string }[] }>("package_show", {
      id: "medical-institutions",
    });
    const client = new CkanClient(base, key);
    const call = () => client.call("datastore_search", { resource_id: pkg.resources[0]?.id });
    await expect(call()).resolves.toMatchObject({ total: 4 });
    clock.advance(2 * 86_400_000); // 2026-03-04 in Shanghai
    await expect(call()).rejects.toMatchObject({ status: 403, error: { code: "OPENDATA_KEY_NOT_VALID" } });
  });
});
