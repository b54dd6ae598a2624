import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enterpriseApplicant, staffOf } from "../../server/src/modules/cases/testing.js";
import { deliveredCase, invitationFor } from "../../server/src/modules/evaluation/testing.js";
import { SESSION_COOKIE } from "../../server/src/modules/identity/index.js";
import demo from "../../server/src/seed/data/demo-accounts.json" with { type: "json" };
import { seedDemo } from "../../server/src/seed/index.js";
import { createTestApp, type TestApp } from "../../server/src/test-support/app.js";
import {
  ARTIFACTS,
  hasChromium,
  launchBrowser,
  noSidewaysScroll,
  openPage as openPageIn,
  PHONE,
  shot,
  WEB_DIST_INDEX,
} from "./test-support/browser.js";

/**
 * 好差评 in a real browser, acceptance 6 of issue 20: on a phone, the applicant of a delivered case opens the
 * "please evaluate" notification and evaluates in at most three taps after the evaluate page opens (here two:
 * 非常满意, then submit); the level buttons are large touch targets. Then the public statistics page shows the
 * department's figures and draws its chart (ECharts, loaded with the chart).
 */

const CITIZEN_PHONE = "13800000003"; // 李娜 (demo)

describe.skipIf(!hasChromium)("evaluation in a browser", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) throw new Error(`${WEB_DIST_INDEX} is missing: run \`npm run build:web\` first.`);
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    await seedDemo(t.database.db, t.config);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  /** A phone whose browser holds the citizen's session (the login page has its own browser tests). */
  async function citizenPhone(): Promise<{ page: Page; errors: string[] }> {
    const opened = await openPageIn(browser, contexts, PHONE);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/identity/login/password",
      payload: { phone: CITIZEN_PHONE, password: demo.password },
    });
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
    if (!cookie) throw new Error(`login: ${res.statusCode} ${res.body}`);
    await opened.page.context().addCookies([{ name: SESSION_COOKIE, value: cookie.value, url: base }]);
    return opened;
  }

  it("opens the notification on a phone and evaluates in at most three taps", async () => {
    const applicant = await enterpriseApplicant(t); // 食品经营许可 is a legal-person item
    const staff = { clerk: await staffOf(t, "window_clerk", "amr"), approver: await staffOf(t, "approver", "amr") };
    const c = await deliveredCase(t, applicant, staff);
    const inv = await invitationFor(t, applicant, c.id);

    const { page, errors } = await citizenPhone();
    await page.goto(`${base}/`);
    await page.getByTestId("notification-bell").click();
    await page.getByTestId("notification-list").getByText(`请评价：${inv.itemName}`).first().click();
    await page.waitForURL(`${base}/evaluate/${inv.id}`);
    await page.getByTestId("evaluation-form").waitFor();

    // From here on, count the taps.
    let taps = 0;
    const tap = async (testId: string) => {
      taps++;
      await page.getByTestId(testId).tap();
    };
    const best = page.getByTestId("level-5");
    const box = await best.boundingBox();
    expect(box?.height ?? 0, "a large touch target").toBeGreaterThanOrEqual(48);
    expect(box?.width ?? 0).toBeGreaterThanOrEqual(300);
    await tap("level-5");
    await expect.poll(() => best.getAttribute("aria-pressed")).toBe("true");
    await tap("evaluation-submit");
    await page.getByTestId("given-level").waitFor();
    expect(taps).toBeLessThanOrEqual(3);
    expect(await page.getByTestId("given-level").textContent()).toBe("非常满意");
    await noSidewaysScroll(page, PHONE.viewport.width);
    await shot(page, "evaluation-phone-done");

    const stored = (
      await t.app.inject({ method: "GET", url: `/api/evaluation/invitations/${inv.id}`, headers: applicant })
    ).json();
    expect(stored).toMatchObject({ status: "evaluated", evaluation: { level: 5, channel: "mobile" } });
    expect(errors).toEqual([]);
  });

  it("publishes per-department figures with a chart, without personal data", async () => {
    const { page, errors } = await openPageIn(browser, contexts, PHONE);
    await page.goto(`${base}/evaluation/stats`);
    await page.getByText("示例市市场监督管理局").first().waitFor();
    await page.getByTestId("evaluation-chart").locator("canvas").waitFor();
    await noSidewaysScroll(page, PHONE.viewport.width);
    expect(await page.content()).not.toContain("李娜");
    await shot(page, "evaluation-public-stats-phone");
    expect(errors).toEqual([]);
  });
});
