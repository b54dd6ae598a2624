import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
  WEB_DIST_INDEX,
} from "./test-support/browser.js";

/**
 * The help centre and Traditional Chinese (issue 15): on a phone a visitor asks in everyday words and finds
 * the answer with its guide, reaches 12345 when it does not help, and switches to 繁體; on a desktop the
 * menu leads there and English shows the item's English name; the header with three languages still fits a
 * 390 px phone at 150 % zoom.
 */
describe.skipIf(!hasChromium)("help centre and 繁體中文 in a browser", () => {
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
  }, 180_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  const openPage = (options: Parameters<Browser["newContext"]>[0]) => openPageIn(browser, contexts, options);

  it("on a phone: finds the answer to a colloquial question, opens its guide, and offers 12345", async () => {
    const { page, errors } = await openPage(PHONE);
    await page.goto(`${base}/help`);
    await page.getByRole("heading", { name: "常见问题" }).waitFor();
    // Before anything is typed: the curated common questions, first the seed's first.
    await expect.poll(() => page.getByTestId("help-answer").first().textContent()).toContain("孩子在本市上学");

    await page.getByTestId("help-search").fill("新生儿社保卡");
    await page.getByTestId("help-search").press("Enter");
    await page.getByRole("heading", { name: "“新生儿社保卡”的解答" }).waitFor();
    const first = page.getByTestId("help-answer").first();
    await expect.poll(() => first.textContent()).toContain("新生儿怎么办社保卡？");
    expect(await first.locator("mark").allTextContents()).toEqual(expect.arrayContaining(["新生儿"]));
    await noSidewaysScroll(page, 390);
    await shot(page, "help-phone");

    await page.getByTestId("help-search").fill("孩子上学要办什么");
    await page.getByTestId("help-search").press("Enter");
    await expect.poll(() => first.textContent()).toContain("孩子在本市上学，父母要办什么证？");
    await first.getByRole("link", { name: "办事指南：居住证申领" }).click();
    await page.waitForURL(`${base}/services/items/990100-GG-001`);
    // The guide's FAQ leads back to the help centre.
    await page.getByTestId("guide-help-link").click();
    await page.waitForURL(`${base}/help`);

    await page.getByTestId("help-file").click();
    await page.waitForURL(`${base}/hotline`);
    await page.getByTestId("hotline-help-link").waitFor();
    expect(await page.getByTestId("hotline-help-link").textContent()).toBe("先看看常见问题");
    await page.goBack();
    expect(await page.getByTestId("help-call").getAttribute("href")).toBe("tel:12345");
    expect(errors).toEqual([]);
  });

  it("on a phone: 繁體 converts the interface (and is remembered), 简体 converts it back", async () => {
    const { page, errors } = await openPage(PHONE);
    await page.goto(`${base}/help`);
    await page.getByRole("heading", { name: "帮助中心" }).waitFor();
    await page.getByTestId("lang-switch").getByRole("button", { name: "繁體" }).click();
    await page.getByRole("heading", { name: "幫助中心" }).waitFor();
    await page.getByRole("heading", { name: "沒有解決？" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("zh-TW");
    expect(await page.getByTestId("help-file").textContent()).toBe("在線提交訴求");
    await noSidewaysScroll(page, 390);
    await shot(page, "help-phone-zh-tw");
    await page.reload();
    await page.getByRole("heading", { name: "幫助中心" }).waitFor();
    await page.getByTestId("lang-switch").getByRole("button", { name: "简体" }).click();
    await page.getByRole("heading", { name: "帮助中心" }).waitFor();
    expect(errors).toEqual([]);
  });

  it("on a desktop: the menu leads to the help centre, and English shows the items' English names", async () => {
    const { page, errors } = await openPage(DESKTOP);
    await page.goto(`${base}/`);
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "帮助中心" }).click();
    await page.waitForURL(`${base}/help`);
    await page.getByTestId("lang-switch").getByRole("button", { name: "EN" }).click();
    await page.getByRole("heading", { name: "Help centre" }).waitFor();
    await page.getByTestId("help-search").fill("food business");
    await page.getByTestId("help-search").press("Enter");
    const first = page.getByTestId("help-answer").first();
    await first.getByRole("link", { name: "Guide: Food business license (new)" }).waitFor();
    await shot(page, "help-desktop-en");
    expect(errors).toEqual([]);
  });

  it("at 150 % zoom on a 390 px phone (260 CSS px), the header with three languages fits", async () => {
    const { page, errors } = await openPage({ ...PHONE, viewport: { width: 260, height: 563 }, deviceScaleFactor: 3 });
    await page.goto(`${base}/`);
    const header = page.locator(".yw-header");
    await header.waitFor();
    const fits = await header.evaluate((h) => {
      const right = h.getBoundingClientRect().right;
      return {
        overflow: h.scrollWidth - h.clientWidth,
        outside: Array.from(h.children).filter((c) => c.getBoundingClientRect().right > right + 0.5).length,
      };
    });
    expect(fits).toEqual({ overflow: 0, outside: 0 });
    await noSidewaysScroll(page, 260);
    // On a phone the Chinese names are one character; the buttons keep the full names as their labels.
    const buttons = page.getByTestId("lang-switch").getByRole("button");
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text (CSS hides the full names) is the point
    expect(await buttons.evaluateAll((bs) => bs.map((b) => (b as HTMLElement).innerText.trim()))).toEqual([
      "简",
      "繁",
      "EN",
    ]);
    expect(await buttons.evaluateAll((bs) => bs.map((b) => b.getAttribute("aria-label")))).toEqual([
      "简体",
      "繁體",
      "EN",
    ]);
    expect(errors).toEqual([]);
  });
});
