import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Entitlement } from "@yiwang/contracts";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { act, enterpriseApplicant, seedCity, staffOf } from "../../server/src/modules/cases/testing.js";
import { benefitBody, createBenefit, createDocument } from "../../server/src/modules/policies/testing.js";
import { TestClock } from "../../server/src/platform/clock/clock.js";
import { createTestApp, type TestApp } from "../../server/src/test-support/app.js";
import type { Headers } from "../../server/src/test-support/identity.js";
import {
  ARTIFACTS,
  DESKTOP,
  hasChromium,
  launchBrowser,
  noSidewaysScroll,
  openSignedIn,
  PHONE,
  shot,
  WEB_DIST_INDEX,
} from "./test-support/browser.js";

/**
 * 免申即享 end to end in a real browser (issue 24, acceptance 4): the department publishes a benefit on a
 * desktop and tries its rule in the test panel (晨光 fails on insured employees, with its value); the nightly
 * match runs (the job, with the clock moved to 02:00); the department confirms the list in a batch; on a phone
 * the enterprise sees the payment notice and why it qualified, without having applied. 快申快享: the
 * application is a 办件 (its number links to the case); approved on the cases desk it is paid; an objection
 * is answered on the department's desk beside the statistics, and the enterprise sees the answer.
 */
describe.skipIf(!hasChromium)("免申即享 pages in a browser", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const clock = new TestClock("2026-12-04T10:00:00+08:00");

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) throw new Error(`${WEB_DIST_INDEX} is missing: run \`npm run build:web\` first.`);
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp({ clock });
    await seedCity(t);
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  const as = (headers: Headers, options: object) => openSignedIn(browser, contexts, base, headers, options);

  it("published → nightly match → department confirms → the enterprise sees the payment notice and the explanation", async () => {
    const head = await staffOf(t, "dept_admin", "hrss");
    const documentId = await createDocument(t, head);
    const draft = await t.app.inject({
      method: "POST",
      url: "/api/policies/benefits",
      headers: head,
      payload: benefitBody(documentId),
    });
    expect(draft.statusCode, draft.body).toBe(201);

    // The department: publish, and try the rule on an enterprise in the editor's test panel.
    const desk = await as(head, DESKTOP);
    await desk.page.goto(`${base}/workbench/policies`);
    const item = desk.page.getByTestId("policies-benefit").filter({ hasText: "稳岗扩岗补贴" });
    await item.getByTestId("policies-publish").click();
    await item.getByText("已发布", { exact: true }).waitFor();
    await item.getByRole("button", { name: "修改规则" }).click();
    await item.getByTestId("policies-test-uscc").fill("91990103MA000303XB");
    await item.getByTestId("policies-test-run").click();
    const tested = item.getByTestId("policies-test-result");
    await tested.getByText("暂不符合").waitFor();
    const failing = tested.locator('[data-testid="policies-condition"][data-held="false"]');
    expect(await failing.count()).toBe(1);
    expect(await failing.textContent()).toMatch(/参保职工不少于30人.*参保职工人数：25人/);
    await shot(desk.page, "policies-desktop-editor");

    // The nightly match: the job armed by publishing, due at 02:00 local time.
    clock.set("2026-12-05T02:00:01+08:00");
    while ((await t.app.platform.jobs.runDue(50)) > 0);

    // The department reviews the list and confirms it in one batch.
    await desk.page.reload();
    await item.getByTestId("policies-review").click();
    const rows = item.getByTestId("policies-review-item");
    await expect.poll(() => rows.count()).toBe(2);
    await item.getByRole("button", { name: "全选待审核" }).click();
    await item.getByTestId("policies-confirm").click();
    await desk.page.getByText("已兑现 2 条，已排除 0 条").waitFor();
    await item.getByTestId("policies-budget").getByText("预算已用 248,000 / 1,000,000 元").waitFor();
    await shot(desk.page, "policies-desktop-review");

    // The enterprise, on a phone: the payment notice, and why.
    const firm = await as(await enterpriseApplicant(t), PHONE);
    await firm.page.goto(`${base}/policies`);
    const notice = firm.page.getByTestId("policies-payment-notice");
    await notice.waitFor();
    expect(await notice.textContent()).toContain("「稳岗扩岗补贴」48,000 元已于 2026-12-05 拨付至企业账户");
    const entitlement = firm.page.getByTestId("policies-entitlement").first();
    await entitlement.getByText("已兑现").waitFor();
    await entitlement.getByText("为什么符合").click();
    const why = entitlement.getByTestId("policies-explanation");
    await why.getByText("参保职工不少于30人").waitFor();
    expect(await why.textContent()).toContain("本企业参保职工人数：48人");
    expect(await why.locator('[data-held="true"]').count()).toBe(3);
    await firm.page.getByTestId("policies-calculator-item").first().waitFor();
    await noSidewaysScroll(firm.page, PHONE.viewport.width);
    await shot(firm.page, "policies-phone-enterprise");
    expect([...desk.errors, ...firm.errors]).toEqual([]);
  });

  it("快申快享: the enterprise applies on a phone with the registry's facts and a confirmed account; the form fits a desktop too", async () => {
    const head = await staffOf(t, "dept_admin", "hrss");
    const documentId = await createDocument(t, head);
    const quick = (title: string) =>
      createBenefit(t, head, benefitBody(documentId, { title, channel: "quick_application" }));
    await quick("稳岗快申补贴");
    await quick("扩岗快申奖励");

    const applicant = await enterpriseApplicant(t);
    const firm = await as(applicant, PHONE);
    await firm.page.goto(`${base}/policies`);
    const item = firm.page.getByTestId("policies-calculator-item").filter({ hasText: "稳岗快申补贴" });
    const form = item.getByTestId("policies-quick-form");
    await form.waitFor();
    // The facts are the registry's, read-only: the conditions with this enterprise's values.
    expect(await item.getByTestId("policies-explanation").textContent()).toContain("本企业参保职工人数：48人");
    const submit = form.getByRole("button", { name: /提\s*交\s*申\s*请/ });
    await form.getByLabel("企业对公银行账号").fill("6222 0202 0011 2233 445");
    expect(await submit.isDisabled()).toBe(true); // not yet confirmed
    await form.getByText("我确认该账户为本企业的对公结算账户").click();
    await submit.click();
    await firm.page.getByText(/申请已提交（办件编号 [\d-]+），部门将于 \d{4}-\d{2}-\d{2} 前办结/).waitFor();
    const applied = firm.page.getByTestId("policies-entitlement").filter({ hasText: "稳岗快申补贴" });
    await applied.getByText(/审核中，应于 \d{4}-\d{2}-\d{2} 前办结/).waitFor();
    // A real 办件: its number links to the case's progress page.
    await applied.getByRole("link", { name: /办件 [\d-]+（查看进度）/ }).waitFor();
    await expect.poll(() => item.getByTestId("policies-quick-form").count()).toBe(0);
    await noSidewaysScroll(firm.page, PHONE.viewport.width);
    await shot(firm.page, "policies-phone-quick");

    const desk = await as(await enterpriseApplicant(t), DESKTOP);
    await desk.page.goto(`${base}/policies`);
    const other = desk.page.getByTestId("policies-calculator-item").filter({ hasText: "扩岗快申奖励" });
    await other.getByTestId("policies-quick-form").waitFor();
    await noSidewaysScroll(desk.page, DESKTOP.viewport.width);
    await shot(desk.page, "policies-desktop-quick");

    // The department approves the case on its desk (API); the decision comes back through the outbox: paid.
    const mine = await t.app.inject({ method: "GET", url: "/api/policies/my/entitlements", headers: applicant });
    const filed = (mine.json().items as Entitlement[]).find((e) => e.benefitTitle === "稳岗快申补贴") as Entitlement;
    const approver = await staffOf(t, "approver", "hrss");
    const c = await t.app.inject({ method: "GET", url: `/api/cases/${filed.caseId}`, headers: approver });
    expect((await act(t, approver, c.json(), "approve")).statusCode).toBe(200);
    while ((await t.app.platform.jobs.runDue(50)) > 0);
    await firm.page.reload();
    const notice = firm.page.getByTestId("policies-payment-notice").filter({ hasText: "稳岗快申补贴" });
    await notice.waitFor();
    expect(await notice.textContent()).not.toContain("无需申请");

    // The enterprise objects; the department head answers on the desk, where the statistics are too.
    const objected = await t.app.inject({
      method: "POST",
      url: `/api/policies/my/entitlements/${filed.id}/objection`,
      headers: applicant,
      payload: { text: "金额应按52人计算" },
    });
    expect(objected.statusCode, objected.body).toBe(200);
    const office = await as(head, DESKTOP);
    await office.page.goto(`${base}/workbench/policies`);
    const objection = office.page.getByTestId("policies-objection").filter({ hasText: "金额应按52人计算" });
    await objection.getByLabel("答复意见").fill("参保人数以社保数据48人为准");
    await objection.getByRole("button", { name: "异议不成立" }).click();
    await office.page.getByText("暂无待答复的异议").waitFor();
    const stats = office.page.getByTestId("policies-stats");
    const row = stats.locator("tr").filter({ hasText: "稳岗快申补贴" });
    await row.waitFor();
    expect(await row.textContent()).toContain("48,000");
    await shot(office.page, "policies-desktop-stats");
    await firm.page.reload();
    await firm.page.getByTestId("policies-objection-answer").getByText("异议不成立").waitFor();
    expect([...firm.errors, ...desk.errors, ...office.errors]).toEqual([]);
  });
});
