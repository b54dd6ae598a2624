import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enterpriseApplicant, fileCase } from "../../server/src/modules/cases/testing.js";
import { seedDemo } from "../../server/src/seed/index.js";
import { createTestApp, type TestApp } from "../../server/src/test-support/app.js";
import {
  ARTIFACTS,
  DESKTOP,
  hasChromium,
  launchBrowser,
  noSidewaysScroll,
  openPage as openPageIn,
  PHONE,
  shot,
  staffLogin,
  WEB_DIST_INDEX,
} from "./test-support/browser.js";

/**
 * Acceptance 3 in a real browser: 990100-XK-002 is reviewed in parallel by 自然资源局, 住建局 and 生态环境局.
 * The land approver (desktop) and the housing approver (phone), each in their own browser context, discuss it
 * in the case's 会商 panel: each sees the other's message arrive without reloading (SSE), and the author sees
 * the read receipt. The housing approver then finds the thread on the messages page. (A third department's
 * staff being refused is the API test modules/messaging/messaging.test.ts.)
 */
describe.skipIf(!hasChromium)("messaging in a browser", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let caseId = "";
  // One sign-in per person for the file: a TOTP code is accepted once, so a second sign-in within the same
  // 30-second step would be refused.
  let housingPage: { page: Page; errors: string[] } | undefined;

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) throw new Error(`${WEB_DIST_INDEX} is missing: run \`npm run build:web\` first.`);
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    await seedDemo(t.database.db, t.config);
    caseId = (await fileCase(t, await enterpriseApplicant(t), "990100-XK-002")).id;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  const openPage = (options: Parameters<Browser["newContext"]>[0]) => openPageIn(browser, contexts, options);

  async function openCase(page: Page) {
    await page.goto(`${base}/workbench/cases/${caseId}`);
    const thread = page.getByTestId("messaging-thread");
    await thread.waitFor();
    await expect.poll(() => page.getByTestId("messaging-live").textContent()).toContain("实时");
    return thread;
  }

  async function say(page: Page, text: string) {
    await page.getByTestId("messaging-input").fill(text);
    await page.getByTestId("messaging-send").click();
  }

  it("two staff of different departments discuss the parallel-approval case in real time", async () => {
    const land = await openPage(DESKTOP);
    const housing = await openPage(PHONE);
    await staffLogin(land.page, base, "land.approver");
    await staffLogin(housing.page, base, "housing.approver");
    housingPage = housing;
    const landThread = await openCase(land.page);
    const housingThread = await openCase(housing.page);

    await say(land.page, "国土：请住建确认日照分析是否满足要求");
    await housingThread.getByText("国土：请住建确认日照分析是否满足要求").waitFor();
    await say(housing.page, "住建：已核，满足要求，无异议");
    await landThread.getByText("住建：已核，满足要求，无异议").waitFor();
    // The housing approver's page read land's message: land sees who read it.
    await landThread.getByText("住建局审批人员 已读").waitFor();

    // Personal data is refused with the reason, and nothing appears in the thread.
    await say(land.page, "申请人电话 13800000003");
    await land.page.getByTestId("messaging-error").getByText("关联办件").waitFor();
    expect(await land.page.getByTestId("messaging-messages").getByText("申请人电话").count()).toBe(0);

    await noSidewaysScroll(housing.page, 390);
    await shot(land.page, "messaging-case-desktop");
    await shot(housing.page, "messaging-case-phone");
    expect(land.errors).toEqual([expect.stringContaining("422")]);
    expect(housing.errors).toEqual([]);
  });

  it("lists the case thread and the department channel on the messages page", async () => {
    const housing = housingPage;
    if (!housing) throw new Error("the first test signs the housing approver in");
    await housing.page.goto(`${base}/workbench/messages`);
    const list = housing.page.getByTestId("messaging-threads");
    await list.getByText("部门频道").waitFor();
    await list.getByText(/会商 · 办件/).click();
    await housing.page.getByTestId("messaging-thread").getByText("住建：已核，满足要求，无异议").waitFor();
    await noSidewaysScroll(housing.page, 390);
    await shot(housing.page, "messaging-page-phone");
    expect(housing.errors).toEqual([]);
  });
});
