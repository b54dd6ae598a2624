import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { act, fileCase, loginCitizen, staffOf } from "../../server/src/modules/cases/testing.js";
import { seedDemo } from "../../server/src/seed/index.js";
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
 * 缴费 in a real browser (issue 15): the guide of 社会保障卡申领 shows its fee with basis and 减免; after approval
 * (through the API) the applicant, on a 390 px phone, sees the payment order on the case page, presses 去支付,
 * pays on the demo pay page, returns to the case and downloads the sealed receipt; the clerk's case page on a
 * desktop shows it paid.
 */
const ITEM = "990100-GG-003";

describe.skipIf(!hasChromium)("fees in a browser", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let applicant: Headers;
  let clerk: Headers;
  let caseId = "";

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) throw new Error(`${WEB_DIST_INDEX} is missing: run \`npm run build:web\` first.`);
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    await seedDemo(t.database.db, t.config);
    t.app.platform.jobs.start({ intervalMs: 200 });
    browser = await launchBrowser();
    applicant = await loginCitizen(t, "13800000005");
    clerk = await staffOf(t, "window_clerk", "hrss");
    const approver = await staffOf(t, "approver", "hrss");
    let c = await fileCase(t, applicant, ITEM);
    c = (await act(t, clerk, c, "accept")).json();
    c = (await act(t, approver, c, "approve")).json();
    expect(c.status).toBe("approved");
    caseId = c.id;
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.app.platform.jobs.stop();
    await t?.close();
  });

  it("on a phone: the guide shows the fee; the case is paid on the demo pay page and the receipt downloads", async () => {
    const { page, errors } = await openSignedIn(browser, contexts, base, applicant, PHONE);
    await page.goto(`${base}/services/items/${ITEM}`);
    await page.getByText("社会保障卡制卡工本费", { exact: true }).waitFor();
    await expect(page.getByText("20 元").first().isVisible()).resolves.toBe(true);
    await page.getByText(/减免：城乡低保对象/).waitFor();

    await page.goto(`${base}/cases/${caseId}`);
    const panel = page.getByTestId("payment-panel");
    await panel.waitFor();
    await expect(panel.textContent()).resolves.toContain("20.00 元");
    await page.getByText("待缴费", { exact: true }).waitFor();
    await noSidewaysScroll(page, 390);
    await shot(page, "fees-case-unpaid-phone");

    await page.getByTestId("pay-button").click();
    await page.waitForURL(/\/pay\//);
    await page.getByTestId("demo-pay").waitFor();
    await noSidewaysScroll(page, 390);
    await shot(page, "fees-demo-pay-phone");
    await page.getByTestId("demo-pay-confirm").click();

    await page.waitForURL(`${base}/cases/${caseId}`);
    const receipt = page.getByTestId("receipt-link");
    await receipt.waitFor();
    await page.getByText("已缴费").first().waitFor();
    const href = await receipt.getAttribute("href");
    expect(href).toMatch(/^\/api\/payments\/orders\/[0-9a-f-]+\/receipt$/);
    const pdf = await page.request.get(`${base}${href}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toContain("application/pdf");
    expect((await pdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    await noSidewaysScroll(page, 390);
    await shot(page, "fees-case-paid-phone");
    expect(errors).toEqual([]);
  });

  it("on a desktop: the clerk's case page shows the order paid, with the receipt", async () => {
    const { page, errors } = await openSignedIn(browser, contexts, base, clerk, DESKTOP);
    await page.goto(`${base}/workbench/cases/${caseId}`);
    const panel = page.getByTestId("payment-panel");
    await panel.waitFor();
    await page.getByTestId("receipt-link").waitFor();
    await page.getByText("已缴费", { exact: true }).first().waitFor();
    await expect(page.getByTestId("pay-button").count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  });
});
