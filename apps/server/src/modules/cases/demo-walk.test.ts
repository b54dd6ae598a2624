import type { BundleApplication, CaseDetail, TaskStage } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import bundles from "../../seed/data/catalog-bundles.json" with { type: "json" };
import items from "../../seed/data/catalog-items.json" with { type: "json" };
import demo from "../../seed/data/demo-accounts.json" with { type: "json" };
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, loginStaff, sessionHeaders } from "../../test-support/identity.js";
import { payDueFees } from "../payments/testing.js";
import { fill, loginCitizen, seedCity, tinyPdf, upload } from "./testing.js";

/**
 * Every demo item and bundle can be taken from application to its end (送达) with the demo accounts only
 * (issue 15: 公积金提取 had no staff, so its cases never moved). Through the API (`app.inject`), so it is
 * fast; a failure names the item and the task no demo account can do. Items that cannot be applied for
 * online (网办深度 below 3: booking or the hall) are listed, not walked.
 */

/** 赵磊 (L3, the highest demo level): as himself for personal items, for 宏图建设 (he represents it) otherwise. */
const APPLICANT = { phone: "13800000005", uscc: "91990102MA0002029N" };
/** The role that handles each stage (window: accept, deliver; approvers: review, decide). */
const STAGE_ROLE: Record<TaskStage, string> = {
  accept: "window_clerk",
  review: "approver",
  decide: "approver",
  deliver: "window_clerk",
};
const STAGE_COMMAND: Record<TaskStage, [string, Record<string, unknown>]> = {
  accept: ["accept", { comment: "材料齐全" }],
  review: ["pass", { comment: "审查通过" }],
  decide: ["approve", { comment: "准予" }],
  deliver: ["deliver", { method: "online" }],
};

describe("demo data: every item and bundle can finish with demo accounts", () => {
  let t: TestApp;
  let self: Headers;
  let firm: Headers;
  /** Each demo staff member's session, by department key. */
  const staff: { username: string; department: string; roles: string[]; headers: Headers }[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    await seedCity(t);
    for (const s of demo.staff.filter((x) => x.roles.some((r) => r === "window_clerk" || r === "approver"))) {
      const row = await t.database.db
        .selectFrom("accounts")
        .select("id")
        .where("username", "=", s.username)
        .executeTakeFirstOrThrow();
      const headers = await loginStaff(
        t,
        { id: row.id, username: s.username, departmentId: "", totpSecret: demo.staffTotpSecret },
        demo.password,
      );
      staff.push({ ...s, headers });
    }
    self = await loginCitizen(t, APPLICANT.phone);
    firm = await loginCitizen(t, APPLICANT.phone);
    const list = (await t.app.inject({ method: "GET", url: "/api/identity/me/enterprises", headers: firm })).json();
    const e = list.items.find((x: { uscc: string }) => x.uscc === APPLICANT.uscc);
    const res = await t.app.inject({
      method: "PUT",
      url: "/api/identity/me/acting-for",
      headers: firm,
      payload: { enterpriseId: e.id },
    });
    expect(res.statusCode, res.body).toBe(200);
    firm = sessionHeaders(res);
  }, 120_000);
  afterAll(() => t.close());

  const get = async (id: string, headers: Headers) => {
    const res = await t.app.inject({ method: "GET", url: `/api/cases/${id}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as CaseDetail;
  };
  const runJobs = async () => {
    while ((await t.app.platform.jobs.runDue(50)) > 0);
  };
  const applicantFor = (audience: string) => (audience === "legal_person" ? firm : self);

  /** Form and every required material of a draft. */
  async function complete(headers: Headers, c: CaseDetail): Promise<CaseDetail> {
    const saved = await t.app.inject({
      method: "PUT",
      url: `/api/cases/${c.id}/form`,
      headers,
      payload: { formData: fill(c.form.schema, c.formData), version: c.version },
    });
    expect(saved.statusCode, `${c.itemCode}: ${saved.body}`).toBe(200);
    const item = items.find((x) => x.code === c.itemCode)!;
    for (const m of item.materials.filter((x) => x.required)) {
      const up = await upload(t, headers, c.id, m.name, tinyPdf(m.name), "材料.pdf");
      expect(up.statusCode, `${c.itemCode} ${m.name}: ${up.body}`).toBe(201);
    }
    return get(c.id, headers);
  }

  async function payIfDue(caseId: string, label: string, applicant: Headers) {
    if (await payDueFees(t, caseId, applicant, label)) charged.push(label);
  }
  const charged: string[] = [];

  /** Runs the open tasks with the demo staff who hold them until the case is delivered. */
  async function walkTasks(caseId: string, label: string, applicant: Headers): Promise<void> {
    for (let round = 0; round < 20; round++) {
      await runJobs();
      // Any demo staff member of a department taking part can read the case; find one with an open task.
      let detail: CaseDetail | undefined;
      let actor: (typeof staff)[number] | undefined;
      let stage: TaskStage | undefined;
      for (const s of staff) {
        const res = await t.app.inject({ method: "GET", url: `/api/cases/${caseId}`, headers: s.headers });
        if (res.statusCode !== 200) continue;
        detail = res.json() as CaseDetail;
        const open = detail.tasks.filter((x) => x.status === "open");
        const task = open.find((x) => x.dept === s.department && s.roles.includes(STAGE_ROLE[x.stage]));
        if (task) {
          actor = s;
          stage = task.stage;
          break;
        }
      }
      // No demo staff member may even read it: the applicant's view names the open tasks.
      detail ??= await get(caseId, applicant);
      if (detail.status === "delivered") return;
      const open = detail.tasks.filter((x) => x.status === "open");
      if (!actor || !stage)
        throw new Error(
          `${label} cannot finish: status ${detail.status}, ` +
            `open tasks ${open.map((x) => `${x.stage}@${x.dept}`).join(", ") || "none"} — no demo staff account ` +
            "holds the role for them (add one to seed/data/demo-accounts.json)",
        );
      // 先审后缴: an item that charges fees is paid (demo pay page) before it can be delivered.
      if (stage === "deliver") await payIfDue(caseId, label, applicant);
      const [command, body] = STAGE_COMMAND[stage];
      const res = await t.app.inject({
        method: "POST",
        url: `/api/cases/${caseId}/${command}`,
        headers: actor.headers,
        payload: { version: detail.version, ...body },
      });
      expect(res.statusCode, `${label}: ${actor.username} ${command}: ${res.body}`).toBe(200);
      if (res.json().status === "delivered") return;
    }
    throw new Error(`${label} did not finish in 20 steps`);
  }

  const online = items.filter((i) => i.onlineDepth >= 3);

  it("lists the items that are not applied for online (booking or the hall)", () => {
    expect(items.filter((i) => i.onlineDepth < 3).map((i) => `${i.code} ${i.name}`)).toEqual([
      "990100-QR-001 内地居民婚姻登记（结婚登记）",
    ]);
  });

  it.each(online.map((i) => [`${i.code} ${i.name}`, i] as const))("%s", async (label, item) => {
    const headers = applicantFor(item.audience);
    const created = await t.app.inject({
      method: "POST",
      url: "/api/cases",
      headers,
      payload: { itemCode: item.code },
    });
    expect(created.statusCode, `${label}: ${created.body}`).toBe(201);
    const c = await complete(headers, created.json());
    const submitted = await t.app.inject({
      method: "POST",
      url: `/api/cases/${c.id}/submit`,
      headers,
      payload: { version: c.version },
    });
    expect(submitted.statusCode, `${label}: ${submitted.body}`).toBe(200);
    await walkTasks(c.id, label, headers);
    expect((await get(c.id, headers)).status).toBe("delivered");
  });

  it("charged the fees of the items that have them (paid before delivery)", () => {
    const paying = online.filter((i) => i.fees.some((f) => f.amount > 0)).map((i) => `${i.code} ${i.name}`);
    expect(paying.length).toBeGreaterThan(0);
    expect(charged).toEqual(expect.arrayContaining(paying));
  });

  it.each(bundles.map((b) => [`${b.code} ${b.name}`, b] as const))("bundle %s", async (label, bundle) => {
    const codes = bundle.items.flatMap((s) => (typeof s === "string" ? [s] : s.parallel));
    const legal = codes.some((code) => items.find((i) => i.code === code)?.audience === "legal_person");
    const headers = legal ? firm : self;
    const res = await t.app.inject({
      method: "POST",
      url: "/api/cases/bundles",
      headers,
      payload: { bundleCode: bundle.code },
    });
    expect(res.statusCode, `${label}: ${res.body}`).toBe(201);
    const b = res.json() as BundleApplication;
    const versions: Record<string, number> = {};
    for (const summary of b.cases)
      versions[summary.id] = (await complete(headers, await get(summary.id, headers))).version;
    const submitted = await t.app.inject({
      method: "POST",
      url: `/api/cases/bundles/${b.id}/submit`,
      headers,
      payload: { versions },
    });
    expect(submitted.statusCode, `${label}: ${submitted.body}`).toBe(200);
    // Steps file one after another: walk each case as it is filed, in the bundle's order.
    for (const summary of b.cases) {
      await runJobs();
      await walkTasks(summary.id, `${label} / ${summary.itemCode} ${summary.itemName}`, headers);
    }
    const done = (
      await t.app.inject({ method: "GET", url: `/api/cases/bundles/${b.id}`, headers })
    ).json() as BundleApplication;
    expect(done.cases.map((x) => [x.itemCode, x.status])).toEqual(b.cases.map((x) => [x.itemCode, "delivered"]));
  });
});
