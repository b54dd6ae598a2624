import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { createStaff, type Headers } from "../../test-support/identity.js";
import { canonicalJson } from "../audit/index.js";
import { enterpriseApplicant, seedCity, staffOf } from "../cases/testing.js";
import { deliveredCase, FOOD_LICENSE, packageOf } from "./testing.js";

/**
 * Acceptance 4 of issue 26: a disposal (鉴定销毁) needs the archivist's and a supervisor's approval, given
 * by two different people; after the second the package's bytes are gone and the destruction record
 * verifies in the audit log (its SHA-256 is an entry's payload hash, and the entry's inclusion proof holds).
 * Also the retention rule: an unknown class is 400 and changes nothing (acceptance 5).
 */
describe("archives: disposal with two approvals", () => {
  let t: TestApp;
  const clock = new TestClock("2026-03-02T09:00:00+08:00");
  let pkgId: string;
  let sha: string;
  let applicant: Headers;
  let caseStaff: { clerk: Headers; approver: Headers };

  beforeAll(async () => {
    // The clock moves past the retention period (11 years): staff passwords must not expire on the way.
    t = await createTestApp({ clock, env: { STAFF_PASSWORD_MAX_AGE_DAYS: "0" } });
    await seedCity(t);
    applicant = await enterpriseApplicant(t);
    caseStaff = { clerk: await staffOf(t, "window_clerk", "amr"), approver: await staffOf(t, "approver", "amr") };
  }, 120_000);
  afterAll(() => t.close());

  const post = (url: string, headers: Headers, payload?: Record<string, unknown>) =>
    payload === undefined
      ? t.app.inject({ method: "POST", url, headers })
      : t.app.inject({ method: "POST", url, headers, payload });

  it("a catalog item's retention class is set by the archivist; an unknown class is 400 and changes nothing", async () => {
    const archivist = (await createStaff(t, { roles: ["archivist"] })).headers;
    const url = `/api/archives/retention-rules/${FOOD_LICENSE}`;
    const bad = await t.app.inject({ method: "PUT", url, headers: archivist, payload: { retention: "5y" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      code: "ARCHIVE_RETENTION_UNKNOWN",
      message: expect.any(String),
      messageEn: expect.any(String),
    });
    expect(await t.database.db.selectFrom("archive_retention_rules").selectAll().execute()).toEqual([]);
    const clerk = await t.app.inject({ method: "PUT", url, headers: caseStaff.clerk, payload: { retention: "10y" } });
    expect(clerk.statusCode).toBe(403);
    const ok = await t.app.inject({ method: "PUT", url, headers: archivist, payload: { retention: "10y" } });
    expect(ok.statusCode, ok.body).toBe(200);

    const c = await deliveredCase(t, applicant, caseStaff);
    const row = await packageOf(t, c.id);
    expect(row.archive_no).toMatch(/^YW01-2026-D10-\d{6}$/);
    pkgId = row.id;
    sha = row.package_sha256 as string;
    // Not before the period has ended (2026 + 10 → from 2037-01-01).
    const early = await post(`/api/archives/packages/${pkgId}/disposals`, archivist, { reason: "到期" });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe("ARCHIVE_DISPOSAL_NOT_DUE");
  });

  it("needs both approvals from different people; then the bytes are gone and the record verifies", async () => {
    clock.set("2037-01-02T09:00:00+08:00");
    const archivist = (await createStaff(t, { roles: ["archivist"] })).headers;
    const supervisor = (await createStaff(t, { roles: ["supervisor"] })).headers;
    // One person holding both roles may give only one of the two approvals.
    const both = (await createStaff(t, { roles: ["archivist", "supervisor"] })).headers;
    const clerk = (await createStaff(t, { roles: ["window_clerk"] })).headers;

    const proposed = await post(`/api/archives/packages/${pkgId}/disposals`, archivist, {
      reason: "保管期满，经鉴定无继续保存价值",
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const id = proposed.json().id as string;
    const again = await post(`/api/archives/packages/${pkgId}/disposals`, archivist, { reason: "重复" });
    expect(again.json().code).toBe("ARCHIVE_DISPOSAL_OPEN");

    expect((await post(`/api/archives/disposals/${id}/approve-supervisor`, clerk)).statusCode).toBe(403);
    expect((await post(`/api/archives/disposals/${id}/approve-archivist`, supervisor)).statusCode).toBe(403);

    const first = await post(`/api/archives/disposals/${id}/approve-supervisor`, both);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ status: "proposed", record: null });
    const same = await post(`/api/archives/disposals/${id}/approve-archivist`, both);
    expect(same.statusCode).toBe(409);
    expect(same.json().code).toBe("ARCHIVE_DISPOSAL_SAME_PERSON");
    const twice = await post(`/api/archives/disposals/${id}/approve-supervisor`, supervisor);
    expect(twice.json().code).toBe("ARCHIVE_DISPOSAL_ALREADY_APPROVED");
    // After one approval the package is untouched.
    await expect(t.app.platform.files.blobs.get(sha)).resolves.toBeInstanceOf(Buffer);
    expect(
      (
        await t.database.db
          .selectFrom("archive_packages")
          .select("status")
          .where("id", "=", pkgId)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe("archived");

    const second = await post(`/api/archives/disposals/${id}/approve-archivist`, archivist);
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toMatchObject({
      status: "destroyed",
      record: { packageSha256: sha, archiveNo: expect.any(String) },
    });
    const record = second.json().record as Record<string, unknown>;

    // The bytes are gone; the catalogue keeps the entry as destroyed; reading a file is 410.
    await expect(t.app.platform.files.blobs.get(sha)).rejects.toThrow();
    expect(await t.database.db.selectFrom("stored_files").select("id").where("sha256", "=", sha).execute()).toEqual([]);
    const detail = await t.app.inject({ method: "GET", url: `/api/archives/packages/${pkgId}`, headers: archivist });
    expect(detail.json()).toMatchObject({ status: "destroyed", destroyedAt: expect.any(String) });
    const read = await t.app.inject({
      method: "GET",
      url: `/api/archives/packages/${pkgId}/file?path=data/case.json`,
      headers: archivist,
    });
    expect(read.statusCode).toBe(410);

    // The destruction record verifies in the audit log once sequenced.
    await t.app.auditLog.flush();
    const v = await t.app.inject({
      method: "GET",
      url: `/api/archives/disposals/${id}/verification`,
      headers: archivist,
    });
    expect(v.statusCode, v.body).toBe(200);
    const recordSha = createHash("sha256").update(canonicalJson(record)).digest("hex");
    expect(v.json()).toEqual({
      verified: true,
      leafIndex: expect.any(Number),
      recordSha256: recordSha,
      packageGone: true,
    });
    const entry = await t.database.db
      .selectFrom("audit_entries")
      .select("entry")
      .where("leaf_index", "=", v.json().leafIndex)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(Buffer.from(entry.entry).toString())).toMatchObject({
      type: "archives.destroyed",
      subject: `archive:${pkgId}`,
      payloadHash: recordSha,
    });
    // A record changed afterwards no longer verifies.
    await t.database.db
      .updateTable("archive_disposals")
      .set({ record: JSON.stringify({ ...record, reason: "改写" }) })
      .where("id", "=", id)
      .execute();
    const forged = await t.app.inject({
      method: "GET",
      url: `/api/archives/disposals/${id}/verification`,
      headers: archivist,
    });
    expect(forged.json().verified).toBe(false);
  });

  it("permanent packages cannot be proposed for destruction", async () => {
    const archivist = (await createStaff(t, { roles: ["archivist"] })).headers;
    await t.app.inject({
      method: "PUT",
      url: `/api/archives/retention-rules/${FOOD_LICENSE}`,
      headers: archivist,
      payload: { retention: "permanent" },
    });
    caseStaff = { clerk: await staffOf(t, "window_clerk", "amr"), approver: await staffOf(t, "approver", "amr") };
    applicant = await enterpriseApplicant(t);
    const c = await deliveredCase(t, applicant, caseStaff);
    const row = await packageOf(t, c.id);
    expect(row.retention).toBe("permanent");
    const res = await post(`/api/archives/packages/${row.id}/disposals`, archivist, { reason: "试图销毁" });
    expect(res.json().code).toBe("ARCHIVE_DISPOSAL_PERMANENT");
  });
});
