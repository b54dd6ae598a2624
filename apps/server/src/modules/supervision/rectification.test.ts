/**
 * 责令整改 follow-up, 一公开 and the dashboard over the API: a visit finished with 责令整改 gets a deadline of ten
 * working days on the work calendar; the enterprise reports with evidence; a re-check by a non-inspector is
 * refused, a new deadline in the past too; a failed re-check sets another deadline; the timer flags it overdue
 * with notices; the second report passes. Results are published by the department or, at the latest, by the
 * timer; the public list is searchable and paginated and names inspectors by certificate number only. The
 * dashboard counts coverage, problems and rectification by industry and district, for the right department only.
 */
import type { SupervisionRectification, SupervisionVisit } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { createStaff, type Headers, registerCitizen, type TestStaff } from "../../test-support/identity.js";
import { ENTERPRISE_USCC, enterpriseApplicant, seedCity } from "../cases/testing.js";
import { SIGNATURE } from "./testing.js";

const TARGETS = [
  { uscc: ENTERPRISE_USCC, industry: "餐饮", district: "东城区", riskGrade: "B" },
  { uscc: "91990102MA0002029N", industry: "建筑", district: "西城区", riskGrade: "B" },
] as const;
// A Monday in an ordinary week (no holiday within the next ten working days).
const START = "2026-11-02T09:00:00+08:00";

describe("supervision: rectification, publication, dashboard", () => {
  let t: TestApp;
  const clock = new TestClock(START);
  let amrAdmin: Headers;
  let ecoAdmin: Headers;
  let enterprise: Headers;
  let stranger: Headers;
  const inspectors: TestStaff[] = [];
  let planId: string;
  let visits: SupervisionVisit[] = [];

  const api = async (method: "GET" | "POST" | "PUT", url: string, headers?: Headers, payload?: unknown) =>
    t.app.inject({ method, url, headers, payload: payload as never });
  const runJobs = async () => {
    while ((await t.app.platform.jobs.runDue(50)) > 0);
  };
  const rectRows = () => t.database.db.selectFrom("supervision_rectifications").selectAll().execute();
  const historyRows = () => t.database.db.selectFrom("supervision_rectification_history").selectAll().execute();
  const notes = async (headers: Headers) =>
    (await api("GET", "/api/notifications?limit=100", headers)).json().items as {
      kind: string;
      body: { zh: string };
    }[];
  const by = (id: string) => inspectors.find((i) => i.id === id) as TestStaff;

  /** Start, record every check point and let both inspectors confirm the result. */
  async function finish(v: SupervisionVisit, result: "qualified" | "rectify" | "case") {
    const [a, b] = v.inspectorIds.map(by);
    expect(
      (await api("POST", `/api/supervision/visits/${v.id}/start`, a.headers, { position: { lat: 30, lng: 120 } }))
        .statusCode,
    ).toBe(200);
    const checks = v.checklist.map((_, index) => ({ index, outcome: result === "qualified" ? "pass" : "fail" }));
    expect((await api("PUT", `/api/supervision/visits/${v.id}/checks`, a.headers, { checks })).statusCode).toBe(200);
    expect(
      (await api("POST", `/api/supervision/visits/${v.id}/confirm`, a.headers, { result, signature: SIGNATURE }))
        .statusCode,
    ).toBe(200);
    const done = await api("POST", `/api/supervision/visits/${v.id}/confirm`, b.headers, {
      result,
      signature: SIGNATURE,
    });
    expect(done.statusCode, done.body).toBe(200);
    return done.json() as SupervisionVisit;
  }

  beforeAll(async () => {
    t = await createTestApp({ clock });
    await seedCity(t);
    amrAdmin = (await createStaff(t, { roles: ["dept_admin"], departmentKey: "amr" })).headers;
    ecoAdmin = (await createStaff(t, { roles: ["dept_admin"], departmentKey: "eco" })).headers;
    enterprise = await enterpriseApplicant(t);
    stranger = (await registerCitizen(t)).headers;
    for (let i = 1; i <= 2; i++) {
      const s = await createStaff(t, { roles: ["window_clerk"], departmentKey: "amr" });
      inspectors.push(s);
      const res = await api("POST", "/api/supervision/inspectors", amrAdmin, {
        accountId: s.id,
        certificateNo: `AMR-RECT-${i}`,
        district: "高新区",
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    for (const target of TARGETS)
      expect((await api("POST", "/api/supervision/targets", amrAdmin, target)).statusCode).toBe(201);
    const item = await api("POST", "/api/supervision/items", amrAdmin, {
      code: "AMR-RECT-01",
      name: "食品经营者日常监督检查",
      legalBasis: "《中华人民共和国食品安全法》第一百一十条",
      method: "现场检查",
      checklist: [{ key: "hygiene", text: "从业人员健康证明齐全" }],
    });
    const plan = await api("POST", "/api/supervision/plans", amrAdmin, {
      name: "2026 年 11 月食品抽查",
      itemIds: [item.json().id],
      quota: { B: { ratio: 1 } },
    });
    planId = plan.json().id;
    expect((await api("POST", `/api/supervision/plans/${planId}/commit`, amrAdmin)).statusCode).toBe(201);
    await t.app.platform.audit.append({ type: "test.later.event", actor: "system" });
    const drawn = await api("POST", `/api/supervision/plans/${planId}/draw`, amrAdmin);
    expect(drawn.statusCode, drawn.body).toBe(200);
    visits = (await api("GET", "/api/supervision/visits/mine", inspectors[0].headers)).json().items;
    expect(visits).toHaveLength(2);
  }, 180_000);
  afterAll(() => t.close());

  let rect: SupervisionRectification;

  it("责令整改 opens a rectification with a ten-working-day deadline, a timer and notices", async () => {
    const v = visits.find((x) => x.targetUscc === ENTERPRISE_USCC) as SupervisionVisit;
    const done = await finish(v, "rectify");
    expect(done.rectification).toMatchObject({ status: "open", round: 1, deadlineDate: "2026-11-16", overdue: false });
    rect = done.rectification as SupervisionRectification;
    expect((await historyRows()).map((h) => h.type)).toEqual(["opened"]);
    expect((await notes(enterprise)).some((n) => n.kind === "supervision.rectification")).toBe(true);
    expect((await notes(inspectors[0].headers)).some((n) => n.kind === "supervision.rectification")).toBe(true);
    const mine = await api("GET", "/api/supervision/rectifications/enterprise", enterprise);
    expect(mine.json().items.map((r: SupervisionRectification) => r.id)).toEqual([rect.id]);
  });

  it("bad input is refused with a stable code and nothing changed", async () => {
    const before = { rows: await rectRows(), history: await historyRows() };
    const noEvidence = await api("POST", `/api/supervision/rectifications/${rect.id}/report`, enterprise, {
      report: "已整改",
      evidence: [],
    });
    expect(noEvidence.statusCode).toBe(400);
    const otherCitizen = await api("POST", `/api/supervision/rectifications/${rect.id}/report`, stranger, {
      report: "已整改",
      evidence: [{ title: "照片", description: "健康证" }],
    });
    expect([otherCitizen.statusCode, otherCitizen.json().code]).toEqual([404, "SUPERVISION_RECTIFICATION_NOT_FOUND"]);
    const tooEarly = await api("POST", `/api/supervision/rectifications/${rect.id}/recheck`, inspectors[0].headers, {
      passed: true,
      note: "复查",
    });
    expect([tooEarly.statusCode, tooEarly.json().code]).toEqual([409, "SUPERVISION_RECTIFICATION_STATE"]);
    expect({ rows: await rectRows(), history: await historyRows() }).toEqual(before);
  });

  it("the enterprise reports with evidence; a non-inspector cannot re-check; a past deadline is refused", async () => {
    const reported = await api("POST", `/api/supervision/rectifications/${rect.id}/report`, enterprise, {
      report: "两名从业人员已重新体检并取得健康证明",
      evidence: [{ title: "健康证明", description: "2026-11-05 体检，编号 A1、A2" }],
    });
    expect(reported.statusCode, reported.body).toBe(200);
    expect(reported.json()).toMatchObject({ status: "reported", evidence: [{ title: "健康证明" }] });
    const before = { rows: await rectRows(), history: await historyRows() };
    // The department head holds supervision.inspect but is not an inspector of this visit.
    const notInspector = await api("POST", `/api/supervision/rectifications/${rect.id}/recheck`, amrAdmin, {
      passed: true,
      note: "复查通过",
    });
    expect([notInspector.statusCode, notInspector.json().code]).toEqual([403, "SUPERVISION_NOT_RECHECKER"]);
    const past = await api("POST", `/api/supervision/rectifications/${rect.id}/recheck`, inspectors[0].headers, {
      passed: false,
      note: "仍有一人无健康证明",
      next: "deadline",
      deadlineDate: "2026-10-30",
    });
    expect([past.statusCode, past.json().code]).toEqual([422, "SUPERVISION_RECTIFY_DEADLINE"]);
    const noNext = await api("POST", `/api/supervision/rectifications/${rect.id}/recheck`, inspectors[0].headers, {
      passed: false,
      note: "仍有一人无健康证明",
    });
    expect(noNext.statusCode).toBe(400);
    expect({ rows: await rectRows(), history: await historyRows() }).toEqual(before);
  });

  it("a failed re-check sets another deadline; the timer flags it overdue; the next report passes", async () => {
    const again = await api("POST", `/api/supervision/rectifications/${rect.id}/recheck`, inspectors[1].headers, {
      passed: false,
      note: "仍有一人无健康证明",
      next: "deadline",
      deadlineDate: "2026-11-06",
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ status: "open", round: 2, deadlineDate: "2026-11-06", report: null });
    clock.set("2026-11-06T23:00:00+08:00");
    await runJobs();
    expect((await rectRows())[0].overdue).toBe(false);
    clock.set("2026-11-07T00:30:00+08:00");
    await runJobs();
    expect((await rectRows())[0].overdue).toBe(true);
    expect((await notes(amrAdmin)).some((n) => n.body.zh.includes("逾期"))).toBe(true);
    const listed = await api("GET", "/api/supervision/rectifications?overdue=true", amrAdmin);
    expect(listed.json().items.map((r: SupervisionRectification) => r.id)).toEqual([rect.id]);
    expect((await api("GET", "/api/supervision/rectifications", ecoAdmin)).json().items).toEqual([]);

    // An inspector may record the report on the enterprise's behalf; the re-check passes.
    const byInspector = await api("POST", `/api/supervision/rectifications/${rect.id}/report`, inspectors[1].headers, {
      report: "现场核实：全部从业人员持有效健康证明",
      evidence: [{ title: "现场照片", description: "健康证明公示栏" }],
    });
    expect(byInspector.statusCode, byInspector.body).toBe(200);
    const passed = await api("POST", `/api/supervision/rectifications/${rect.id}/recheck`, inspectors[0].headers, {
      passed: true,
      note: "复查通过",
    });
    expect(passed.json()).toMatchObject({ status: "passed", round: 2 });
    expect((await historyRows()).map((h) => h.type).sort()).toEqual(
      ["opened", "reported", "extended", "overdue", "reported", "passed"].sort(),
    );
    // Audit entries may still be queued (sequenced in batches): read both.
    const audit = [
      ...(await t.database.db.selectFrom("audit_queue").select("entry").execute()),
      ...(await t.database.db.selectFrom("audit_entries").select("entry").execute()),
    ].map((r) => JSON.parse(Buffer.from(r.entry).toString("utf8")) as { type: string; subject: string });
    expect(audit.filter((e) => e.subject === `supervision-rectification:${rect.id}`).map((e) => e.type)).toEqual(
      expect.arrayContaining([
        "supervision.rectification.opened",
        "supervision.rectification.overdue",
        "supervision.rectification.passed",
      ]),
    );
    const jobs = await t.database.db
      .selectFrom("jobs")
      .select("key")
      .where("kind", "=", "supervision.rectification.deadline")
      .execute();
    expect(jobs).toEqual([]);
  });

  it("results are published by the department or by the timer; the public list is searchable and paginated", async () => {
    const empty = await api("GET", "/api/supervision/results");
    expect(empty.json()).toEqual({ items: [], total: 0 });
    const first = visits.find((x) => x.targetUscc === ENTERPRISE_USCC) as SupervisionVisit;
    // Wrong department: not found, nothing published.
    const eco = await api("POST", `/api/supervision/visits/${first.id}/publish`, ecoAdmin);
    expect([eco.statusCode, eco.json().code]).toEqual([404, "SUPERVISION_VISIT_NOT_FOUND"]);
    const pub = await api("POST", `/api/supervision/visits/${first.id}/publish`, amrAdmin);
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json().publishedAt).toBeTruthy();
    const twice = await api("POST", `/api/supervision/visits/${first.id}/publish`, amrAdmin);
    expect([twice.statusCode, twice.json().code]).toEqual([409, "SUPERVISION_VISIT_STATE"]);

    const second = visits.find((x) => x.targetUscc !== ENTERPRISE_USCC) as SupervisionVisit;
    const done = await finish(second, "qualified");
    expect(done.rectification).toBeNull();
    expect((await api("GET", "/api/supervision/results")).json().total).toBe(1);
    // The timer publishes it at the start of its publish_by day (within the working days).
    clock.set(`${done.publishBy}T00:00:01+08:00`);
    await runJobs();
    const all = (await api("GET", "/api/supervision/results?pageSize=1")).json();
    expect(all.total).toBe(2);
    expect(all.items).toHaveLength(1);
    const page2 = (await api("GET", "/api/supervision/results?pageSize=1&page=2")).json();
    expect(page2.items[0].id).not.toBe(all.items[0].id);
    const found = (await api("GET", `/api/supervision/results?q=${ENTERPRISE_USCC.slice(0, 10)}`)).json();
    expect(found.items).toHaveLength(1);
    expect(found.items[0]).toMatchObject({
      uscc: ENTERPRISE_USCC,
      result: "rectify",
      items: ["食品经营者日常监督检查"],
      rectification: "passed",
      inspectedOn: "2026-11-02",
    });
    expect([...found.items[0].certificateNos].sort()).toEqual(["AMR-RECT-1", "AMR-RECT-2"]);
    expect(JSON.stringify(found)).not.toContain("高新区");
    expect((await api("GET", "/api/supervision/results?pageSize=500")).statusCode).toBe(400);
    expect((await api("GET", "/api/supervision/results?q=%25")).json().total).toBe(0);
  });

  it("the dashboard counts coverage, problems, rectification and publication for the right department", async () => {
    const d = await api("GET", `/api/supervision/dashboard?planId=${planId}`, amrAdmin);
    expect(d.statusCode, d.body).toBe(200);
    expect(d.json()).toMatchObject({
      planned: 2,
      inspected: 2,
      problems: 1,
      coverage: 1,
      problemRate: 0.5,
      rectification: { total: 1, passed: 1, open: 0, overdue: 1, completionRate: 1 },
      publication: { finished: 2, published: 2, overdue: 0 },
    });
    expect(d.json().byIndustry).toEqual(
      expect.arrayContaining([
        { key: "餐饮", planned: 1, inspected: 1, problems: 1 },
        { key: "建筑", planned: 1, inspected: 1, problems: 0 },
      ]),
    );
    expect(
      d
        .json()
        .byDistrict.map((g: { key: string }) => g.key)
        .sort(),
    ).toEqual(["东城区", "西城区"]);
    const eco = await api("GET", `/api/supervision/dashboard?planId=${planId}`, ecoAdmin);
    expect([eco.statusCode, eco.json().code]).toEqual([404, "SUPERVISION_PLAN_NOT_FOUND"]);
    expect((await api("GET", "/api/supervision/dashboard", ecoAdmin)).json()).toMatchObject({
      planned: 0,
      coverage: null,
    });
    expect((await api("GET", "/api/supervision/dashboard", enterprise)).statusCode).toBe(403);
  });
});
