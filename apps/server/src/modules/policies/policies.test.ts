import type { Benefit, Calculator, CaseDetail, Entitlement, PolicyStats } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { seedDemoPolicies } from "../../seed/index.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import type { Headers } from "../../test-support/identity.js";
import { act, ENTERPRISE_USCC, enterpriseApplicant, seedCity, staffOf } from "../cases/testing.js";
import { NIGHTLY_JOB } from "./index.js";
import {
  benefitBody,
  createBenefit,
  createDocument,
  loadSyntheticEnterprises,
  runMatch,
  setFacts,
  THREE_CONDITIONS,
} from "./testing.js";

/**
 * Issue 24 over HTTP on one app: a benefit with three conditions matched against the demo business registry
 * (acceptance 1), rule versions kept by entitlements (2), the budget cap under parallel confirmations (3),
 * refused rules that publish nothing (5), the nightly job, the portal's calculator, notices and objection.
 */
const HONGTU = "91990102MA0002029N"; // 宏图: capital 5000, 320 insured, grade A
const CHENGUANG = "91990103MA000303XB"; // 晨光: capital 200, 25 insured, grade B — fails "≥ 30 insured"

describe("policies: 惠企政策 and 免申即享", () => {
  let t: TestApp;
  let head: Headers;
  let enterprise: Headers;
  let documentId: string;
  let benefit: Benefit;
  const clock = new TestClock("2026-12-04T10:00:00+08:00");

  const entitlements = async (id: string) => {
    const res = await t.app.inject({ method: "GET", url: `/api/policies/benefits/${id}/entitlements`, headers: head });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as Entitlement[];
  };
  const count = async (table: "policies_benefits" | "policies_rule_versions") =>
    Number(
      (
        await t.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await createTestApp({ clock });
    await seedCity(t);
    head = await staffOf(t, "dept_admin", "hrss");
    enterprise = await enterpriseApplicant(t);
    documentId = await createDocument(t, head);
  });
  afterAll(() => t.close());

  it("1. three conditions: the enterprises meeting all get an entitlement; the failing one is told which condition and its value", async () => {
    benefit = await createBenefit(t, head, benefitBody(documentId));
    expect(benefit.status).toBe("published");
    // Publishing armed the nightly match: it runs at 02:00 local time, not before.
    const [job] = await t.app.platform.jobs.pending(NIGHTLY_JOB);
    expect(job.runAt.toISOString()).toBe("2026-12-04T18:00:00.000Z");
    clock.set("2026-12-05T02:00:01+08:00");
    while ((await t.app.platform.jobs.runDue(50)) > 0);
    const [next] = await t.app.platform.jobs.pending(NIGHTLY_JOB);
    expect(next.runAt.toISOString()).toBe("2026-12-05T18:00:00.000Z");

    const list = await entitlements(benefit.id);
    expect(list.map((e) => [e.uscc, e.amount, e.ruleVersion, e.status]).sort()).toEqual(
      [
        [ENTERPRISE_USCC, 48_000, 1, "pending"],
        [HONGTU, 200_000, 1, "pending"],
      ].sort(),
    );
    const mine = list.find((e) => e.uscc === ENTERPRISE_USCC) as Entitlement;
    expect(mine.facts).toEqual({ creditGrade: "A", employeesInsured: 48, registeredCapital: 500 });
    expect(mine.factsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(mine.explanation.conditions.every((c) => c.passed)).toBe(true);

    // 晨光 is not matched; why not: the one failing condition, with its fact value.
    const why = await t.app.inject({
      method: "GET",
      url: `/api/policies/benefits/${benefit.id}/explain/${CHENGUANG}`,
      headers: head,
    });
    expect(why.statusCode, why.body).toBe(200);
    const failed = why.json().conditions.filter((c: { passed: boolean }) => !c.passed);
    expect(why.json().eligible).toBe(false);
    expect(failed).toEqual([
      expect.objectContaining({
        fact: "employeesInsured",
        operator: "gte",
        value: 30,
        actual: 25,
        label: "参保职工不少于30人",
        path: "conditions.all[1]",
      }),
    ]);

    // The enterprise was told (in-app), and sees the benefit in its calculator with the reason.
    const notes = await t.app.inject({ method: "GET", url: "/api/notifications", headers: enterprise });
    expect(notes.body).toContain("免申即享：稳岗扩岗补贴");
    const calc = await t.app.inject({ method: "GET", url: "/api/policies/calculator", headers: enterprise });
    expect(calc.statusCode, calc.body).toBe(200);
    const item = (calc.json() as Calculator).items.find((i) => i.benefitId === benefit.id);
    expect(item?.explanation).toMatchObject({ eligible: true, amount: 48_000 });
  });

  it("1. a fact changed in the registry changes the match on the next run; 2. a rule edit is a new version and entitlements keep theirs", async () => {
    const edit = await t.app.inject({
      method: "PUT",
      url: `/api/policies/benefits/${benefit.id}/rules`,
      headers: head,
      payload: { rules: THREE_CONDITIONS, amountFormula: "min(employeesInsured * 1200, 200000)" },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json().currentVersion).toBe(2);
    expect(edit.json().versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);

    await setFacts(t, CHENGUANG, { employeesInsured: 40 }); // now meets all three
    await setFacts(t, HONGTU, { creditGrade: "C" }); // now fails one
    // Two runs at once (the nightly job beside an on-demand run): one does the work, the other finds it done.
    const runs = await Promise.all([runMatch(t, head), runMatch(t, head)]);
    const sum = (k: "newMatches" | "lapsed" | "entitlementsCreated" | "errors") => runs[0][k] + runs[1][k];
    expect([sum("newMatches"), sum("lapsed"), sum("entitlementsCreated"), sum("errors")]).toEqual([1, 1, 1, 0]);

    const list = await entitlements(benefit.id);
    const by = new Map(list.map((e) => [e.uscc, e]));
    expect(by.get(ENTERPRISE_USCC)).toMatchObject({ ruleVersion: 1, amount: 48_000, status: "pending" });
    expect(by.get(CHENGUANG)).toMatchObject({ ruleVersion: 2, amount: 48_000, status: "pending" });
    expect(by.get(HONGTU)).toMatchObject({ ruleVersion: 1, status: "withdrawn" });
  });

  it("5. a rule naming an unknown fact, a cyclic rule, a formula dividing by zero: refused with the rule and path; nothing published", async () => {
    const before = { benefits: await count("policies_benefits"), versions: await count("policies_rule_versions") };
    const unknown = await t.app.inject({
      method: "POST",
      url: "/api/policies/benefits",
      headers: head,
      payload: benefitBody(documentId, {
        rules: { conditions: { all: [{ fact: "turnover", operator: "gt", value: 1 }] } },
      }),
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({
      code: "POLICIES_RULE_UNKNOWN_FACT",
      details: { rule: "conditions", path: "conditions.all[0].fact" },
    });
    expect(unknown.json().message).toContain("conditions.all[0].fact");

    const cyclic = await t.app.inject({
      method: "POST",
      url: "/api/policies/benefits",
      headers: head,
      payload: benefitBody(documentId, {
        rules: {
          conditions: { rule: "small" },
          rules: {
            small: { all: [{ fact: "employeesInsured", operator: "lt", value: 100 }, { rule: "young" }] },
            young: { any: [{ fact: "yearsEstablished", operator: "lt", value: 3 }, { rule: "small" }] },
          },
        },
      }),
    });
    expect(cyclic.statusCode).toBe(400);
    expect(cyclic.json()).toMatchObject({
      code: "POLICIES_RULE_CYCLE",
      details: { rule: "young", path: "rules.young.any[1].rule" },
    });

    const zero = await t.app.inject({
      method: "PUT",
      url: `/api/policies/benefits/${benefit.id}/rules`,
      headers: head,
      payload: { rules: THREE_CONDITIONS, amountFormula: "taxPaid / (employeesInsured * 0)" },
    });
    expect(zero.statusCode).toBe(400);
    expect(zero.json()).toMatchObject({
      code: "POLICIES_FORMULA_DIVISION_BY_ZERO",
      details: { rule: "amountFormula", path: "amountFormula@8" },
    });
    expect({ benefits: await count("policies_benefits"), versions: await count("policies_rule_versions") }).toEqual(
      before,
    );
    const detail = await t.app.inject({ method: "GET", url: `/api/policies/benefits/${benefit.id}`, headers: head });
    expect(detail.json().currentVersion).toBe(2);
  });

  it("the test panel evaluates an unsaved rule against sample facts; a divisor zero for one enterprise is its own error", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/policies/rules/test",
      headers: head,
      payload: {
        rules: THREE_CONDITIONS,
        amountFormula: "taxPaid * 10000 / (employeesInsured - 48)",
        uscc: ENTERPRISE_USCC,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ eligible: true, amount: null, amountError: "division by zero" });
    const sample = await t.app.inject({
      method: "POST",
      url: "/api/policies/rules/test",
      headers: head,
      payload: {
        rules: THREE_CONDITIONS,
        amountFormula: "round(taxPaid / 3)",
        facts: { registeredCapital: 150, employeesInsured: 31, creditGrade: "B", taxPaid: 10 },
      },
    });
    expect(sample.json()).toMatchObject({ eligible: true, amount: 3 });
  });

  it("3. the budget cap holds under parallel batch confirmations", async () => {
    const firms = await loadSyntheticEnterprises(t, 20, {
      registeredCapital: 50,
      employeesInsured: 5,
      creditGrade: "C",
      district: "990199",
      taxPaid: 1,
      industryCode: "C1310",
    });
    const small = await createBenefit(
      t,
      head,
      benefitBody(documentId, {
        title: "小微企业一次性补贴",
        budget: 100_000,
        rules: { conditions: { all: [{ fact: "district", operator: "eq", value: "990199" }] } },
        amountFormula: "10000",
      }),
    );
    await runMatch(t, head);
    const list = await entitlements(small.id);
    expect(list.map((e) => e.uscc).sort()).toEqual(firms);
    // 20 × 10,000 against 100,000: each entitlement in its own request, all at once, plus two overlapping batches.
    const responses = await Promise.all(
      list.map((e) =>
        t.app.inject({
          method: "POST",
          url: `/api/policies/benefits/${small.id}/entitlements/decide`,
          headers: head,
          payload: { confirm: [e.id] },
        }),
      ),
    );
    const paid = responses.flatMap((r) => (r.statusCode === 200 ? r.json().paid : []));
    const overBudget = responses.flatMap((r) => (r.statusCode === 200 ? r.json().overBudget : []));
    expect(responses.every((r) => r.statusCode === 200)).toBe(true);
    expect(paid).toHaveLength(10);
    expect(overBudget).toHaveLength(10);
    const payments = await t.database.db
      .selectFrom("policies_payments")
      .select((eb) => eb.fn.sum<string>("amount").as("sum"))
      .where("entitlement_id", "in", paid)
      .executeTakeFirstOrThrow();
    expect(Number(payments.sum)).toBe(100_000);
    const detail = await t.app.inject({ method: "GET", url: `/api/policies/benefits/${small.id}`, headers: head });
    expect(detail.json().budgetCommitted).toBe(100_000);
    // What stayed pending can still be excluded with a reason, and a decided one is not decided twice.
    const again = await t.app.inject({
      method: "POST",
      url: `/api/policies/benefits/${small.id}/entitlements/decide`,
      headers: head,
      payload: { confirm: [paid[0]] },
    });
    expect([again.statusCode, again.json().code]).toEqual([409, "POLICIES_NOT_PENDING"]);
    const excluded = await t.app.inject({
      method: "POST",
      url: `/api/policies/benefits/${small.id}/entitlements/decide`,
      headers: head,
      payload: { exclude: overBudget.map((id: string) => ({ id, reason: "预算用尽" })) },
    });
    expect(excluded.json().excluded).toHaveLength(10);
  });

  it("4 (server side). the department confirms; the enterprise sees the payment notice, the explanation, and may object once", async () => {
    const list = await entitlements(benefit.id);
    const mine = list.find((e) => e.uscc === ENTERPRISE_USCC) as Entitlement;
    const res = await t.app.inject({
      method: "POST",
      url: `/api/policies/benefits/${benefit.id}/entitlements/decide`,
      headers: head,
      payload: { confirm: [mine.id] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().paid).toEqual([mine.id]);

    const my = await t.app.inject({ method: "GET", url: "/api/policies/my/entitlements", headers: enterprise });
    expect(my.statusCode, my.body).toBe(200);
    const items = my.json().items as Entitlement[];
    expect(items.every((e) => e.uscc === ENTERPRISE_USCC)).toBe(true);
    expect(items[0]).toMatchObject({ status: "paid", amount: 48_000, paymentRef: expect.stringMatching(/^PAY-/) });
    expect(items[0].explanation.conditions).toHaveLength(3);
    const notes = await t.app.inject({ method: "GET", url: "/api/notifications", headers: enterprise });
    expect(notes.body).toContain("兑现通知：稳岗扩岗补贴");

    const stats = await t.app.inject({ method: "GET", url: `/api/policies/benefits/${benefit.id}`, headers: head });
    expect(stats.json().stats).toEqual({
      matched: 2,
      entitlements: 3,
      pending: 1,
      paid: 1,
      paidAmount: 48_000,
      excluded: 0,
      objections: 0,
      meanDaysToPayment: 0.7, // published 10:00 on the 4th, paid at the run's clock (02:00 on the 5th): 16 h
    });

    const objection = { text: "参保人数应为52人，金额计算有误" };
    const url = `/api/policies/my/entitlements/${mine.id}/objection`;
    const ok = await t.app.inject({ method: "POST", url, headers: enterprise, payload: objection });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().objection).toBe(objection.text);
    const twice = await t.app.inject({ method: "POST", url, headers: enterprise, payload: objection });
    expect(twice.json().code).toBe("POLICIES_OBJECTION_CLOSED");
    // Another enterprise's entitlement is not found; staff or an unswitched person get no calculator.
    const other = list.find((e) => e.uscc === CHENGUANG) as Entitlement;
    const foreign = await t.app.inject({
      method: "POST",
      url: `/api/policies/my/entitlements/${other.id}/objection`,
      headers: enterprise,
      payload: objection,
    });
    expect(foreign.statusCode).toBe(404);
  });

  it("异议: the department is told, lists and answers an objection once (with a notice back); 兑现统计 per benefit and overall", async () => {
    const told = await t.app.inject({ method: "GET", url: "/api/notifications?limit=100", headers: head });
    expect(told.body).toContain("政策兑现异议：稳岗扩岗补贴");
    const open = await t.app.inject({ method: "GET", url: "/api/policies/objections", headers: head });
    expect(open.statusCode, open.body).toBe(200);
    const [objected] = open.json().items as Entitlement[];
    expect(objected).toMatchObject({ uscc: ENTERPRISE_USCC, objection: "参保人数应为52人，金额计算有误" });
    const statsOf = async () => {
      const res = await t.app.inject({ method: "GET", url: "/api/policies/stats", headers: head });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as PolicyStats;
    };
    expect((await statsOf()).benefits.find((b) => b.benefitId === benefit.id)?.openObjections).toBe(1);

    const answer = (id: string, payload: Record<string, unknown>, headers: Headers = head) =>
      t.app.inject({ method: "POST", url: `/api/policies/entitlements/${id}/objection/answer`, headers, payload });
    expect((await answer(objected.id, { answer: "" })).statusCode).toBe(400);
    expect((await answer(objected.id, { upheld: "yes", answer: "x" })).statusCode).toBe(400);
    const unknown = await answer("00000000-0000-4000-8000-000000000000", { upheld: false, answer: "无此异议" });
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, "POLICIES_OBJECTION_NOT_FOUND"]);
    const otherDept = await staffOf(t, "dept_admin", "amr");
    expect((await answer(objected.id, { upheld: false, answer: "非本部门" }, otherDept)).statusCode).toBe(404);
    const ok = await answer(objected.id, { upheld: false, answer: "经核实，参保人数以社保数据48人为准" });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      status: "paid",
      objectionUpheld: false,
      objectionAnsweredAt: expect.any(String),
    });
    const twice = await answer(objected.id, { upheld: true, answer: "再答" });
    expect([twice.statusCode, twice.json().code]).toEqual([409, "POLICIES_OBJECTION_ANSWERED"]);
    const notes = await t.app.inject({ method: "GET", url: "/api/notifications?limit=100", headers: enterprise });
    expect(notes.body).toContain("异议答复：稳岗扩岗补贴（异议不成立）");
    expect(
      (await t.app.inject({ method: "GET", url: "/api/policies/objections", headers: head })).json().items,
    ).toEqual([]);

    // Statistics: the benefit and the department's total; published 10:00 on the 4th, paid at 02:00 on the 5th.
    const stats = await statsOf();
    expect(stats.benefits.find((b) => b.benefitId === benefit.id)).toMatchObject({
      title: "稳岗扩岗补贴",
      matched: 2,
      pushed: 3, // told once each, one of them since lapsed (withdrawn: not counted as an entitlement)
      applied: 0,
      entitlements: 2,
      paid: 1,
      paidAmount: 48_000,
      objections: 1,
      openObjections: 0,
      medianDaysToPayment: 0.7,
      p90DaysToPayment: 0.7,
    });
    expect(stats.overall.paid).toBe(stats.benefits.reduce((n, b) => n + b.paid, 0));
    expect(stats.overall.paidAmount).toBe(stats.benefits.reduce((n, b) => n + b.paidAmount, 0));
    expect(stats.overall.matched).toBe(stats.benefits.reduce((n, b) => n + b.matched, 0));
    expect((await t.app.inject({ method: "GET", url: "/api/policies/stats" })).statusCode).toBe(401);
    expect((await t.app.inject({ method: "GET", url: "/api/policies/stats", headers: enterprise })).statusCode).toBe(
      403,
    );
  });

  it("a new match is pushed once per enterprise and benefit (not again after it lapses and returns), by SMS to whoever chose it", async () => {
    const chosen = await t.app.inject({
      method: "PUT",
      url: "/api/notifications/settings",
      headers: enterprise,
      payload: { preferences: [{ eventType: "policies.matched", channels: ["inapp", "sms"] }] },
    });
    expect(chosen.statusCode, chosen.body).toBe(200);
    const quick = await createBenefit(
      t,
      head,
      benefitBody(documentId, {
        title: "小微企业快申补贴",
        channel: "quick_application",
        rules: { conditions: { fact: "employeesInsured", operator: "gte", value: 30 } },
      }),
    );
    const pushed = async (channel: "inapp" | "sms") =>
      t.database.db
        .selectFrom("notify_deliveries")
        .select("content")
        .where("event_type", "=", "policies.matched")
        .where("subject", "=", `policy-benefit:${quick.id}`)
        .where("channel", "=", channel)
        .execute();
    const mine = async () =>
      (await t.app.inject({ method: "GET", url: "/api/notifications?limit=100", headers: enterprise })).json()
        .items as { title: { zh: string } }[];
    const told = async () => (await mine()).filter((n) => n.title.zh.includes("小微企业快申补贴")).length;

    await runMatch(t, head);
    expect(await told()).toBe(1);
    const sms = await pushed("sms");
    expect(sms.length).toBeGreaterThanOrEqual(1); // the demo enterprise's representative chose SMS
    expect(JSON.stringify(sms)).toContain("小微企业快申补贴");
    const smsBefore = sms.length;

    // The next night finds nothing new; a match that lapses and comes back is not pushed again either.
    expect((await runMatch(t, head)).newMatches).toBe(0);
    await setFacts(t, ENTERPRISE_USCC, { employeesInsured: 12 });
    expect((await runMatch(t, head)).lapsed).toBeGreaterThanOrEqual(1);
    await setFacts(t, ENTERPRISE_USCC, { employeesInsured: 48 });
    expect((await runMatch(t, head)).newMatches).toBeGreaterThanOrEqual(1);
    expect(await told()).toBe(1);
    expect((await pushed("sms")).length).toBe(smsBefore);
  });

  it("快申快享 is a 办件: a generated catalog item, a prefilled case due in working days, paid when the case is approved; bad applications are 409 with nothing filed", async () => {
    const approver = await staffOf(t, "approver", "hrss");
    const quick = (over: Partial<Parameters<typeof benefitBody>[1]>) =>
      createBenefit(
        t,
        head,
        benefitBody(documentId, {
          title: "科技企业快申奖励",
          channel: "quick_application",
          rules: { conditions: { fact: "employeesInsured", operator: "gte", value: 30, label: "参保职工不少于30人" } },
          amountFormula: "min(employeesInsured * 100, 10000)",
          ...over,
        }),
      );
    const apply = (
      id: string,
      payload: Record<string, unknown> = { bankAccount: "6222020200112233445", confirmed: true },
    ) => t.app.inject({ method: "POST", url: `/api/policies/my/benefits/${id}/apply`, headers: enterprise, payload });
    const cases = async () =>
      Number(
        (
          await t.database.db
            .selectFrom("cases")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );

    // Publishing generated the item: one decide step, promised in the benefit's decision_days working days.
    const open = await quick({ decisionDays: 5 });
    expect(open.itemCode).toBe(`POLICY-${open.id.toUpperCase()}`);
    const guide = await t.app.inject({ method: "GET", url: `/api/catalog/items/${open.itemCode}` });
    expect(guide.statusCode, guide.body).toBe(200);
    expect(guide.json()).toMatchObject({
      name: "科技企业快申奖励（快申快享）",
      dept: "hrss",
      audience: "legal_person",
      promiseDays: 5,
      onlineDepth: 4,
      steps: [{ dept: "hrss", stage: "decide" }],
    });

    const before = await cases();
    const res = await apply(open.id);
    expect(res.statusCode, res.body).toBe(201);
    const applied = res.json() as Entitlement;
    expect(applied).toMatchObject({
      status: "pending",
      amount: 4_800,
      facts: { employeesInsured: 48 },
      caseNumber: expect.any(String),
    });
    expect(applied.appliedAt).not.toBeNull();
    expect(await cases()).toBe(before + 1);

    // The case: filed under a number, the form prefilled from the account, the registry and the facts.
    const filed = await t.app.inject({ method: "GET", url: `/api/cases/${applied.caseId}`, headers: enterprise });
    expect(filed.statusCode, filed.body).toBe(200);
    const c = filed.json() as CaseDetail;
    expect(c).toMatchObject({
      number: applied.caseNumber,
      itemCode: open.itemCode,
      deadline: { promiseDays: 5, date: applied.dueOn },
    });
    expect(c.formData).toMatchObject({
      uscc: ENTERPRISE_USCC,
      fact_employeesInsured: 48,
      amount: 4_800,
      bankAccount: "6222 **** **** 3445", // masked: in clear only in the payment instruction
      confirmed: true,
    });
    expect(String(c.formData.enterpriseName)).toContain("鲜味");
    expect(Object.keys(c.prefilledFrom)).toEqual(expect.arrayContaining(["enterpriseName", "uscc", "legalRepName"]));
    // Due on the work calendar: Saturday 5 December → five working days → Friday 11 December.
    expect(applied.dueOn).toBe("2026-12-11");

    expect((await apply(open.id)).json().code).toBe("POLICIES_ALREADY_APPLIED");
    const early = await t.app.inject({
      method: "POST",
      url: `/api/policies/my/entitlements/${applied.id}/objection`,
      headers: enterprise,
      payload: { text: "还没决定" },
    });
    expect([early.statusCode, early.json().code]).toEqual([409, "POLICIES_OBJECTION_NOT_ALLOWED"]);
    expect((await apply(open.id, { bankAccount: "abc", confirmed: true })).statusCode).toBe(400);
    expect((await apply(open.id, { bankAccount: "6222020200112233445" })).statusCode).toBe(400);
    const badDays = await t.app.inject({
      method: "POST",
      url: "/api/policies/benefits",
      headers: head,
      payload: benefitBody(documentId, { channel: "quick_application", decisionDays: 0 }),
    });
    expect(badDays.statusCode).toBe(400);

    const strict = await quick({ rules: { conditions: { fact: "employeesInsured", operator: "gte", value: 1000 } } });
    const over = await quick({ periodStart: "2026-01-01", periodEnd: "2026-06-30" });
    for (const [id, code] of [
      [strict.id, "POLICIES_NOT_ELIGIBLE"],
      [over.id, "POLICIES_PERIOD_ENDED"],
      [benefit.id, "POLICIES_NOT_QUICK_APPLICATION"],
    ]) {
      const bad = await apply(id);
      expect([bad.statusCode, bad.json().code], id).toEqual([409, code]);
    }
    const rows = await t.database.db
      .selectFrom("policies_entitlements")
      .select("id")
      .where("benefit_id", "in", [strict.id, over.id])
      .execute();
    expect(rows).toEqual([]);
    expect(await cases()).toBe(before + 1);

    // Not in the batch review: the case decides it.
    const batch = await t.app.inject({
      method: "POST",
      url: `/api/policies/benefits/${open.id}/entitlements/decide`,
      headers: head,
      payload: { confirm: [applied.id] },
    });
    expect([batch.statusCode, batch.json().code]).toEqual([409, "POLICIES_DECIDED_BY_CASE"]);

    // The department approves the case on its desk; case.decided comes back through the outbox → paid.
    const approved = await act(t, approver, c, "approve", { comment: "符合条件" });
    expect(approved.statusCode, approved.body).toBe(200);
    while ((await t.app.platform.jobs.runDue(50)) > 0);
    const [paid] = await entitlements(open.id);
    expect(paid).toMatchObject({ status: "paid", paymentRef: expect.stringMatching(/^PAY-/), caseId: c.id });
    while ((await t.app.platform.jobs.runDue(50)) > 0); // a redelivery pays nothing twice
    const payments = await t.database.db
      .selectFrom("policies_payments")
      .select("reference")
      .where("entitlement_id", "=", applied.id)
      .execute();
    expect(payments).toHaveLength(1);

    // Denied: excluded with the case's reason, which the enterprise sees (and may object to).
    await setFacts(t, ENTERPRISE_USCC, { employeesInsured: 48 });
    const second = await quick({ title: "科技企业快申奖励（第二批）" });
    const res2 = await apply(second.id);
    expect(res2.statusCode, res2.body).toBe(201);
    const c2 = (
      await t.app.inject({ method: "GET", url: `/api/cases/${res2.json().caseId}`, headers: enterprise })
    ).json();
    const denied = await act(t, approver, c2, "deny", { reason: "该企业已享受同类补贴" });
    expect(denied.statusCode, denied.body).toBe(200);
    while ((await t.app.platform.jobs.runDue(50)) > 0);
    const mine = (
      await t.app.inject({ method: "GET", url: "/api/policies/my/entitlements", headers: enterprise })
    ).json().items as Entitlement[];
    const refused = mine.find((e) => e.benefitId === second.id) as Entitlement;
    expect(refused).toMatchObject({ status: "excluded", reason: "该企业已享受同类补贴", caseNumber: c2.number });

    // The enterprise objects to the exclusion; upheld, it is back in the department's batch review.
    const objected = await t.app.inject({
      method: "POST",
      url: `/api/policies/my/entitlements/${refused.id}/objection`,
      headers: enterprise,
      payload: { text: "同类补贴为另一项目，不应排除" },
    });
    expect(objected.statusCode, objected.body).toBe(200);
    const upheld = await t.app.inject({
      method: "POST",
      url: `/api/policies/entitlements/${refused.id}/objection/answer`,
      headers: head,
      payload: { upheld: true, answer: "异议成立，重新审核" },
    });
    expect(upheld.statusCode, upheld.body).toBe(200);
    expect(upheld.json()).toMatchObject({ status: "pending", reason: null, caseId: null, caseNumber: c2.number });
    const reviewed = await t.app.inject({
      method: "POST",
      url: `/api/policies/benefits/${second.id}/entitlements/decide`,
      headers: head,
      payload: { confirm: [refused.id] },
    });
    expect(reviewed.json().paid).toEqual([refused.id]);
    const stats = (
      await t.app.inject({ method: "GET", url: "/api/policies/stats", headers: head })
    ).json() as PolicyStats;
    expect(stats.benefits.find((b) => b.benefitId === open.id)).toMatchObject({
      applied: 1,
      paid: 1,
      paidAmount: 4_800,
    });
  });

  it("the demo seed publishes a 免申即享 and a 快申快享 benefit once and arms the match at once", async () => {
    const before = await count("policies_benefits");
    expect(await seedDemoPolicies(t.database.db, t.app.platform.jobs, clock.now())).toBe(2);
    expect(await seedDemoPolicies(t.database.db, t.app.platform.jobs, clock.now())).toBe(0);
    expect(await count("policies_benefits")).toBe(before + 2);
    const [job] = await t.app.platform.jobs.pending(NIGHTLY_JOB);
    expect(job.runAt.getTime()).toBe(clock.now().getTime());
    while ((await t.app.platform.jobs.runDue(50)) > 0);

    const seeded = await t.database.db
      .selectFrom("policies_entitlements as e")
      .innerJoin("policies_benefits as b", "b.id", "e.benefit_id")
      .select(["e.uscc", "e.amount", "e.status"])
      .where("b.title", "=", "诚信经营企业奖励")
      .execute();
    expect(seeded).toContainEqual({ uscc: ENTERPRISE_USCC, amount: 48_000, status: "pending" });
    const calc = await t.app.inject({ method: "GET", url: "/api/policies/calculator", headers: enterprise });
    const quick = (calc.json() as Calculator).items.find((i) => i.title === "小微企业稳岗补贴");
    expect(quick).toMatchObject({ channel: "quick_application", explanation: { eligible: true, amount: 24_000 } });
    // Seeded without going through publish: its catalog item is generated at the first application.
    const applied = await t.app.inject({
      method: "POST",
      url: `/api/policies/my/benefits/${quick?.benefitId}/apply`,
      headers: enterprise,
      payload: { bankAccount: "6222020200112233445", confirmed: true },
    });
    expect(applied.statusCode, applied.body).toBe(201);
    expect(applied.json().caseNumber).toEqual(expect.any(String));
    const item = await t.app.inject({
      method: "GET",
      url: `/api/catalog/items/POLICY-${quick?.benefitId.toUpperCase()}`,
    });
    expect(item.json()).toMatchObject({ dept: "amr", name: "小微企业稳岗补贴（快申快享）" });
  });
});
