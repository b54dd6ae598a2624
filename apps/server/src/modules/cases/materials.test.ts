import type { CaseDetail } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { elfBytes, exeBytes } from "../../platform/files/testing.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, registerCitizen } from "../../test-support/identity.js";
import { act, enterpriseApplicant, fill, loginCitizen, seedCity, staffOf, tinyPdf, upload } from "./testing.js";

const ELF = elfBytes();
const EXE = exeBytes();

/** Acceptance 5, and the rest of the materials rules. */
describe("cases: materials (upload limits, content sniffing, authorisation)", () => {
  let t: TestApp;
  let applicant: Headers;
  let c: CaseDetail;
  const MAX = 64 * 1024;

  beforeAll(async () => {
    t = await createTestApp({ env: { MATERIAL_MAX_BYTES: String(MAX) } });
    await seedCity(t);
    applicant = await enterpriseApplicant(t);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/cases",
      headers: applicant,
      payload: { itemCode: "990100-XK-001" },
    });
    c = res.json();
  });
  afterAll(() => t.close());

  it("stores a PDF with its SHA-256 and serves it back only to those who may read the case", async () => {
    const pdf = tinyPdf("apply");
    const res = await upload(t, applicant, c.id, "食品经营许可申请书", pdf, "申请书.pdf");
    expect(res.statusCode, res.body).toBe(201);
    const m = res.json();
    const { createHash } = await import("node:crypto");
    expect(m).toMatchObject({
      material: "食品经营许可申请书",
      kind: "file",
      contentType: "application/pdf",
      size: pdf.length,
      sha256: createHash("sha256").update(pdf).digest("hex"),
    });
    const dl = await t.app.inject({ method: "GET", url: m.url, headers: applicant });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers["x-content-type-options"]).toBe("nosniff");
    expect(Buffer.compare(dl.rawPayload, pdf)).toBe(0);
    // Anonymous: 401; another citizen: 404 (nothing revealed); staff of an unrelated department: 403.
    expect((await t.app.inject({ method: "GET", url: m.url })).statusCode).toBe(401);
    const other = await registerCitizen(t);
    expect((await t.app.inject({ method: "GET", url: m.url, headers: other.headers })).statusCode).toBe(404);
    const landClerk = await staffOf(t, "window_clerk", "land");
    expect((await t.app.inject({ method: "GET", url: m.url, headers: landClerk })).statusCode).toBe(403);
    const amrClerk = await staffOf(t, "window_clerk", "amr");
    expect((await t.app.inject({ method: "GET", url: m.url, headers: amrClerk })).statusCode).toBe(200);
    // The staff download is recorded as a read of the applicant's personal data.
    const logged = await t.database.db
      .selectFrom("pii_access_log")
      .selectAll()
      .where("field", "=", "case_material")
      .execute();
    expect(logged).toHaveLength(1);
    expect(logged[0]!.reason).toContain(`material:${m.id}`);
  });

  it("refuses a renamed executable by its content, whatever its name and declared type", async () => {
    for (const bytes of [ELF, EXE]) {
      const res = await upload(t, applicant, c.id, "食品经营许可申请书", bytes, "申请书.pdf");
      expect(res.statusCode, res.body).toBe(415);
      expect(res.json().code).toBe("FILE_TYPE_NOT_ALLOWED");
      expect(res.json().message).toBeTruthy();
      expect(res.json().messageEn).toBeTruthy();
    }
    const text = await upload(t, applicant, c.id, "食品经营许可申请书", Buffer.from("just text, not a pdf"), "a.pdf");
    expect(text.statusCode).toBe(415);
    expect(text.json().code).toBe("FILE_TYPE_UNKNOWN");
  });

  it("refuses an oversize file with 413 and keeps nothing", async () => {
    const big = Buffer.concat([tinyPdf("big"), Buffer.alloc(MAX + 1, 0x20)]);
    const res = await upload(t, applicant, c.id, "食品经营许可申请书", big, "big.pdf");
    expect(res.statusCode, res.body).toBe(413);
    expect(res.json().code).toBe("CASE_MATERIAL_TOO_LARGE");
    const detail = (await t.app.inject({ method: "GET", url: `/api/cases/${c.id}`, headers: applicant })).json();
    expect(detail.materials.map((m: { fileName: string }) => m.fileName)).not.toContain("big.pdf");
  });

  it("refuses a file for someone else's case, for an unknown material, and from staff", async () => {
    const other = await registerCitizen(t);
    const res = await upload(t, other.headers, c.id, "食品经营许可申请书", tinyPdf(), "x.pdf");
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe("CASE_NOT_FOUND");
    // The representative acting as themself (not for the enterprise) does not own the enterprise's case either.
    const personal = await loginCitizen(t, "13800000003");
    expect((await upload(t, personal, c.id, "食品经营许可申请书", tinyPdf(), "x.pdf")).statusCode).toBe(404);
    const unknown = await upload(t, applicant, c.id, "不存在的材料", tinyPdf(), "x.pdf");
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe("CASE_MATERIAL_UNKNOWN");
    const clerk = await staffOf(t, "window_clerk", "amr");
    expect((await upload(t, clerk, c.id, "食品经营许可申请书", tinyPdf(), "x.pdf")).statusCode).toBe(403);
    const noFile = await t.app.inject({
      method: "POST",
      url: `/api/cases/${c.id}/materials`,
      headers: applicant,
      payload: {},
    });
    expect(noFile.statusCode).toBe(400);
  });

  it("submit checks the form and the required materials (422), and materials are frozen once filed", async () => {
    let detail = (
      await t.app.inject({ method: "GET", url: `/api/cases/${c.id}`, headers: applicant })
    ).json() as CaseDetail;
    // The prefilled enterprise fields are there; the rest of the form is empty.
    let res = await act(t, applicant, detail, "submit");
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe("CASE_FORM_INVALID");
    expect(res.json().details.issues.length).toBeGreaterThan(0);
    res = await t.app.inject({
      method: "PUT",
      url: `/api/cases/${c.id}/form`,
      headers: applicant,
      payload: { formData: fill(detail.form.schema, detail.formData), version: detail.version },
    });
    detail = res.json();
    res = await act(t, applicant, detail, "submit");
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe("CASE_MATERIALS_MISSING");
    expect(res.json().details.missing).toContain("食品安全管理制度目录");
    expect(res.json().details.missing).not.toContain("食品经营许可申请书");
    for (const name of res.json().details.missing as string[])
      expect((await upload(t, applicant, c.id, name, tinyPdf(name), "m.pdf")).statusCode).toBe(201);
    detail = (await t.app.inject({ method: "GET", url: `/api/cases/${c.id}`, headers: applicant })).json();
    res = await act(t, applicant, detail, "submit");
    expect(res.statusCode, res.body).toBe(200);
    const filed = res.json() as CaseDetail;
    expect((await upload(t, applicant, c.id, "食品经营许可申请书", tinyPdf("late"), "late.pdf")).statusCode).toBe(409);
    const del = await t.app.inject({
      method: "DELETE",
      url: `/api/cases/${c.id}/materials/${filed.materials[0]!.id}`,
      headers: applicant,
    });
    expect(del.statusCode).toBe(409);
  });
});
