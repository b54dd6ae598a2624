import type { BundleApplication, CaseDetail } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, loginAs } from "../../test-support/identity.js";
import { act, enterpriseApplicant, fileCase, fill, seedCity, staffOf, tinyPdf, upload } from "./testing.js";

/** The rest of the life of a case: lead-department vetoes, refusal, withdrawal, bundles, events, PII reads. */
describe("cases: lifecycle", () => {
  let t: TestApp;
  let applicant: Headers;
  const s: Record<string, Headers> = {};

  beforeAll(async () => {
    t = await createTestApp();
    await seedCity(t);
    applicant = await enterpriseApplicant(t);
    for (const [name, role, dept] of [
      ["amrClerk", "window_clerk", "amr"],
      ["amrApprover", "approver", "amr"],
      ["amrHead", "dept_admin", "amr"],
      ["landClerk", "window_clerk", "land"],
      ["landApprover", "approver", "land"],
      ["housing", "approver", "housing"],
      ["eco", "approver", "eco"],
      ["tax", "approver", "tax"],
      ["medins", "approver", "medins"],
    ] as const)
      s[name] = await staffOf(t, role, dept);
  });
  afterAll(() => t.close());

  const get = async (id: string, headers: Headers) =>
    (await t.app.inject({ method: "GET", url: `/api/cases/${id}`, headers })).json() as CaseDetail;
  const runJobs = async () => {
    while ((await t.app.platform.jobs.runDue(50)) > 0);
  };

  it("with onVeto lead_decides, a veto is an opinion and the lead department decides", async () => {
    const admin = await loginAs(t, "platform_admin");
    const base = (await t.app.inject({ method: "GET", url: "/api/catalog/items/990100-XK-002" })).json();
    const { version, versionStatus, status, createdAt, updatedAt, publishedAt, ...content } = base;
    const steps = content.steps.map((x: { parallel?: unknown[] }) =>
      x.parallel ? { ...x, onVeto: "lead_decides" } : x,
    );
    const created = await t.app.inject({
      method: "POST",
      url: "/api/catalog/admin/items",
      headers: admin,
      payload: { ...content, code: "990100-XK-902", name: "建设工程规划许可（牵头决定试点）", steps },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(
      (await t.app.inject({ method: "POST", url: "/api/catalog/admin/items/990100-XK-902/publish", headers: admin }))
        .statusCode,
    ).toBe(200);

    let c = await fileCase(t, applicant, "990100-XK-902");
    c = (await act(t, s.landClerk!, c, "accept")).json();
    let res = await act(t, s.housing!, c, "veto", { reason: "建筑高度超出控规" });
    expect(res.statusCode, res.body).toBe(200);
    c = res.json();
    expect(c.status).toBe("in_review");
    c = (await act(t, s.eco!, c, "pass")).json();
    c = (await act(t, s.landApprover!, c, "pass")).json();
    expect(c.status).toBe("accepted");
    expect(c.tasks.find((x) => x.dept === "housing")).toMatchObject({ outcome: "vetoed", comment: "建筑高度超出控规" });
    res = await act(t, s.landApprover!, c, "approve", { comment: "经协调，调整方案后准予" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe("approved");
  });

  it("refusal and withdrawal end a case; a withdrawn case cannot be acted on", async () => {
    let c = await fileCase(t, applicant, "990100-XK-001");
    let res = await act(t, s.amrClerk!, c, "refuse", { reason: "" });
    expect(res.statusCode).toBe(400); // a reason is required
    res = await act(t, s.amrClerk!, c, "refuse", { reason: "不属于本部门职权范围" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: "refused", decision: null });

    c = await fileCase(t, applicant, "990100-XK-001");
    c = (await act(t, s.amrClerk!, c, "accept")).json();
    c = await get(c.id, applicant);
    expect(c.allowedActions).toContain("withdraw");
    res = await act(t, applicant, c, "withdraw", { reason: "经营场所变更，重新申请" });
    expect(res.statusCode, res.body).toBe(200);
    c = res.json();
    expect(c.status).toBe("withdrawn");
    expect(c.tasks.every((x) => x.status !== "open")).toBe(true);
    expect((await act(t, s.amrApprover!, c, "pass")).statusCode).toBe(409);
    // A draft can be discarded (cancelled; it was never filed).
    const draft = (
      await t.app.inject({
        method: "POST",
        url: "/api/cases",
        headers: applicant,
        payload: { itemCode: "990100-XK-001" },
      })
    ).json();
    expect(draft.allowedActions).toContain("withdraw");
    res = await act(t, applicant, draft, "withdraw", { reason: "填错了事项" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: "cancelled", number: null });
    // After a decision there is nothing to withdraw.
    let d = await fileCase(t, applicant, "990100-XK-001");
    d = (await act(t, s.amrClerk!, d, "accept")).json();
    d = (await act(t, s.amrApprover!, d, "pass")).json();
    d = (await act(t, s.amrApprover!, d, "approve")).json();
    d = await get(d.id, applicant);
    expect((await act(t, applicant, d, "withdraw", { reason: "x" })).statusCode).toBe(409);
  });

  it("notifies the applicant through the outbox, and logs every staff read of the application", async () => {
    let c = await fileCase(t, applicant, "990100-XK-001");
    c = (await act(t, s.amrClerk!, c, "accept")).json();
    await runJobs();
    const notes = (await t.app.inject({ method: "GET", url: "/api/notifications", headers: applicant })).json();
    expect(
      notes.items.some(
        (n: { kind: string; link: string }) => n.kind === "case.accepted" && n.link === `/cases/${c.id}`,
      ),
    ).toBe(true);
    // Each staff read of the form data is recorded (who, whose, why).
    const before = await t.database.db
      .selectFrom("pii_access_log")
      .select("id")
      .where("field", "=", "case_form")
      .execute();
    await get(c.id, s.amrApprover!);
    const after = await t.database.db
      .selectFrom("pii_access_log")
      .selectAll()
      .where("field", "=", "case_form")
      .orderBy("id", "desc")
      .execute();
    expect(after.length).toBe(before.length + 1);
    expect(after[0]).toMatchObject({ reason: `case:${c.number}` });
    // The applicant's own reads are not access by someone else.
    await get(c.id, applicant);
    expect(
      (await t.database.db.selectFrom("pii_access_log").select("id").where("field", "=", "case_form").execute()).length,
    ).toBe(after.length);
    // Form data is encrypted at rest.
    const row = await t.database.db
      .selectFrom("cases")
      .select("form_data_enc")
      .where("id", "=", c.id)
      .executeTakeFirstOrThrow();
    expect(Buffer.from(row.form_data_enc).toString("utf8")).not.toContain("13800000003");
  });

  it("a bundle (开办企业一件事) files its first item, then the parallel ones once it is approved", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/cases/bundles",
      headers: applicant,
      payload: { bundleCode: "990100-YJS-001" },
    });
    expect(res.statusCode, res.body).toBe(201);
    let b = res.json() as BundleApplication;
    expect(b.cases.map((x) => [x.itemCode, x.step, x.status])).toEqual([
      ["990100-QR-002", 0, "draft"],
      ["990100-GG-006", 1, "draft"],
      ["990100-GG-005", 1, "draft"],
    ]);
    // Submitting too early names the incomplete case.
    const early = await t.app.inject({
      method: "POST",
      url: `/api/cases/bundles/${b.id}/submit`,
      headers: applicant,
      payload: { versions: Object.fromEntries(b.cases.map((x) => [x.id, x.version])) },
    });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({
      code: "CASE_FORM_INVALID",
      details: { caseId: b.cases[0]!.id, itemCode: "990100-QR-002" },
    });
    expect(early.json().details.issues[0].message).toMatch(/[\u4e00-\u9fff]/);
    // Fill every case's form and materials, then submit the whole application.
    const versions: Record<string, number> = {};
    for (const summary of b.cases) {
      let c = await get(summary.id, applicant);
      c = (
        await t.app.inject({
          method: "PUT",
          url: `/api/cases/${c.id}/form`,
          headers: applicant,
          payload: { formData: fill(c.form.schema, c.formData), version: c.version },
        })
      ).json();
      const item = (await t.app.inject({ method: "GET", url: `/api/catalog/items/${c.itemCode}` })).json();
      for (const m of item.materials as { name: string; required: boolean }[])
        if (m.required)
          expect((await upload(t, applicant, c.id, m.name, tinyPdf(m.name), "m.pdf")).statusCode).toBe(201);
      versions[c.id] = (await get(c.id, applicant)).version;
    }
    // A single case of a bundle is not submitted on its own, and says so in its actions.
    const first = b.cases[0]!;
    expect((await get(first.id, applicant)).allowedActions).not.toContain("submit");
    expect((await act(t, applicant, { id: first.id, version: versions[first.id]! }, "submit")).statusCode).toBe(409);
    const submitted = await t.app.inject({
      method: "POST",
      url: `/api/cases/bundles/${b.id}/submit`,
      headers: applicant,
      payload: { versions },
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    b = submitted.json();
    expect(b.status).toBe("submitted");
    expect(b.cases.map((x) => x.status)).toEqual(["submitted", "queued", "queued"]);
    expect(b.cases.every((x) => x.number)).toBe(true);

    let c = await get(first.id, s.amrClerk!);
    c = (await act(t, s.amrClerk!, c, "accept")).json();
    c = (await act(t, s.amrApprover!, c, "approve")).json();
    expect(c.status).toBe("approved");
    await runJobs();
    b = (await t.app.inject({ method: "GET", url: `/api/cases/bundles/${b.id}`, headers: applicant })).json();
    // Both parallel items are immediate (即办): filing them is accepting them, at their decide stage.
    expect(b.cases.map((x) => x.status)).toEqual(["approved", "accepted", "accepted"]);
    for (const [i, who] of [
      [1, s.tax!],
      [2, s.medins!],
    ] as const) {
      const x = await get(b.cases[i]!.id, who);
      const r = await act(t, who, x, "approve");
      expect(r.statusCode, `${x.itemCode}: ${r.body}`).toBe(200);
    }
    await runJobs();
    b = (await t.app.inject({ method: "GET", url: `/api/cases/bundles/${b.id}`, headers: applicant })).json();
    expect(b.status).toBe("completed");
    // Another citizen sees nothing of it.
    const other = await t.app.inject({
      method: "GET",
      url: `/api/cases/bundles/${b.id}`,
      headers: (await import("../../test-support/identity.js")).sessionHeaders(
        await t.app.inject({
          method: "POST",
          url: "/api/identity/login/password",
          payload: { phone: "13800000002", password: "Yiwang@2026" },
        }),
      ),
    });
    expect(other.statusCode).toBe(404);
  });

  it("the supervision view shows a department head their department's open cases, red first", async () => {
    const c = await fileCase(t, applicant, "990100-XK-001");
    const res = await t.app.inject({ method: "GET", url: "/api/cases/supervision", headers: s.amrHead! });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((x: { id: string }) => x.id)).toContain(c.id);
    // Land's head does not see amr's cases; a clerk has no supervision view.
    const landHead = await staffOf(t, "dept_admin", "land");
    expect(
      (await t.app.inject({ method: "GET", url: "/api/cases/supervision", headers: landHead }))
        .json()
        .items.map((x: { id: string }) => x.id),
    ).not.toContain(c.id);
    expect(
      (await t.app.inject({ method: "GET", url: "/api/cases/supervision", headers: s.amrClerk! })).statusCode,
    ).toBe(403);
    const supervisor = await staffOf(t, "supervisor", "platform");
    expect(
      (await t.app.inject({ method: "GET", url: "/api/cases/supervision", headers: supervisor }))
        .json()
        .items.map((x: { id: string }) => x.id),
    ).toContain(c.id);
  });
});
