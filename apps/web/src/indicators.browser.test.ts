import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drain, fakeCase, fileFakeCase } from "../../server/src/modules/indicators/testing.js";
import { createTestApp, type TestApp } from "../../server/src/test-support/app.js";
import { createStaff, department, type Headers } from "../../server/src/test-support/identity.js";
import {
  ARTIFACTS,
  hasChromium,
  launchBrowser,
  noSidewaysScroll,
  openPage,
  PHONE,
  shot,
  WEB_DIST_INDEX,
} from "./test-support/browser.js";

const WALL = { viewport: { width: 1920, height: 1080 } };

/**
 * 一网统管 (issue 22, acceptance 4) in a real browser: the operations screen renders at 1920×1080 with live
 * counters that move after a case event commits (SSE), and a bar of its ranking drills down to the case
 * list; the public dashboard shows aggregates on a phone without signing in.
 */
describe.skipIf(!hasChromium)("indicators pages in a browser", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let supervisor: Headers;
  let amr: string;
  const contexts: BrowserContext[] = [];

  const file = async (departmentId: string, channel: "online" | "window") => {
    const c = fakeCase({
      departmentId,
      regionCode: "990101",
      itemCode: "990100-XK-001",
      itemName: "食品经营许可（新办）",
      promiseDays: 3,
      channel,
      applicantId: randomUUID(),
    });
    const due = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    await fileFakeCase(t, c, new Date(), due);
    return c;
  };

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) throw new Error(`${WEB_DIST_INDEX} is missing: run \`npm run build:web\` first.`);
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    amr = await department(t, "amr");
    const other = await department(t, "test-ops");
    for (let i = 0; i < 3; i++) await file(amr, "online");
    await file(other, "window");
    await drain(t);
    supervisor = (await createStaff(t, { roles: ["supervisor"] })).headers;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  async function signedIn(
    headers: Headers,
    device: typeof WALL | typeof PHONE,
  ): Promise<{ page: Page; errors: string[] }> {
    const opened = await openPage(browser, contexts, device);
    const [name, value] = headers.cookie.split("=");
    await opened.page.context().addCookies([{ name: name as string, value: value as string, url: base }]);
    return opened;
  }

  it("the operations screen at 1920×1080: live counters move after a case event; a ranking bar drills to the cases", async () => {
    const { page, errors } = await signedIn(supervisor, WALL);
    await page.goto(`${base}/ops`);
    await page.getByTestId("ops-screen").waitFor();
    const volume = page.getByTestId("ops-counter-volume");
    await expect.poll(() => volume.textContent()).toBe("4");
    await expect.poll(() => page.getByTestId("ops-live").textContent()).toBe("实时");
    // The board fills the wall without scrolling either way.
    const size = await page.evaluate(() => {
      const el = document.querySelector<HTMLElement>("[data-testid=ops-screen]");
      return { w: el?.scrollWidth, h: el?.scrollHeight, cw: el?.clientWidth, ch: el?.clientHeight };
    });
    expect(size.w).toBeLessThanOrEqual(size.cw as number);
    expect(size.h).toBeLessThanOrEqual(size.ch as number);
    const background = await page.getByTestId("ops-screen").evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(background).toBe("rgb(11, 20, 38)");
    await shot(page, "indicators-ops-before");

    // A case event commits: the counters move without a reload.
    await file(amr, "online");
    await drain(t);
    await expect.poll(() => volume.textContent(), { timeout: 10_000 }).toBe("5");
    await expect.poll(() => page.getByTestId("ops-counter-open").textContent()).toBe("5");
    const ranking = page.getByTestId("ops-volume-ranking");
    await expect.poll(() => ranking.locator(`[data-key="${amr}"]`).textContent()).toContain("4");
    await shot(page, "indicators-ops-after");

    // Drill from the ranking's bar to the list of that department's cases.
    await ranking.locator(`[data-key="${amr}"]`).click();
    await page.waitForURL(/\/workbench\/indicators\?/);
    expect(new URL(page.url()).searchParams.get("department")).toBe(amr);
    const rows = page.getByTestId("drill-table").locator("tbody tr.ant-table-row");
    await expect.poll(() => rows.count()).toBe(4);
    expect(await page.getByTestId("drill-total").textContent()).toContain("4");
    expect(await rows.first().textContent()).toContain("食品经营许可");
    await shot(page, "indicators-drill");
    expect(errors).toEqual([]);
  });

  it("the public dashboard on a phone: aggregates only, large type, no sideways scroll", async () => {
    const { page, errors } = await openPage(browser, contexts, PHONE);
    await page.goto(`${base}/dashboard`);
    const totals = page.getByTestId("public-totals");
    await expect.poll(() => totals.textContent()).toContain("5");
    expect(await page.getByTestId("drill-table").count()).toBe(0);
    const size = await totals
      .locator(".yw-ind-card-label")
      .first()
      .evaluate((el) => getComputedStyle(el).fontSize);
    expect(Number.parseFloat(size)).toBeGreaterThanOrEqual(18);
    await noSidewaysScroll(page, PHONE.viewport.width);
    await shot(page, "indicators-public-phone");
    expect(errors).toEqual([]);
  });
});
