import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginCitizen, seedCity, staffOf } from "../../server/src/modules/cases/testing.js";
import { createTestApp, type TestApp } from "../../server/src/test-support/app.js";
import type { Headers } from "../../server/src/test-support/identity.js";
import {
  ARTIFACTS,
  DESKTOP,
  hasChromium,
  launchBrowser,
  noSidewaysScroll,
  openPage,
  openSignedIn,
  PHONE,
  shot,
  WEB_DIST_INDEX,
} from "./test-support/browser.js";

/** Nothing on a portal page may look like personal data: an e-mail address, a mobile or ID number. */
async function noPersonalData(page: Page) {
  const text = (await page.locator("#root").textContent()) ?? "";
  expect(text).not.toMatch(/[\w.-]+@[\w.-]+|(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)\d{17}[\dXx](?!\d)/);
}

/**
 * The open data portal (issue 21) in a real browser: on a phone a visitor searches, narrows by department,
 * opens a dataset and pages through its rows; on a desktop, from the footer link, filters by open level and
 * finds a conditional dataset that shows how to apply instead of rows, then an open one's rows — no page
 * scrolls sideways, none shows personal data. Then 有条件开放 end to end: a citizen applies on a phone, the
 * department head approves on a desktop, the citizen takes the key (shown once) and the statistics count use.
 */
describe.skipIf(!hasChromium)("open data portal pages in a browser", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) throw new Error(`${WEB_DIST_INDEX} is missing: run \`npm run build:web\` first.`);
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
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

  it("on a phone: search, filter by department, open a dataset and page through its rows", async () => {
    const { page, errors } = await openPage(browser, contexts, PHONE);
    await page.goto(`${base}/opendata`);
    const results = page.getByTestId("opendata-result");
    await expect.poll(() => results.count()).toBe(3);
    await page.getByTestId("opendata-search").fill("统计");
    await page.getByTestId("opendata-search-button").click();
    await expect.poll(() => results.count()).toBe(1);
    await page
      .getByTestId("opendata-facet-department")
      .getByRole("button", { name: /示例市市场监督管理局/ })
      .click();
    await expect.poll(() => new URL(page.url()).searchParams.get("department")).toBe("amr");
    await expect.poll(() => results.count()).toBe(1);
    expect(await results.first().textContent()).toContain("市场主体登记月度统计");
    await noSidewaysScroll(page, PHONE.viewport.width);
    await shot(page, "opendata-phone-search");

    await results.first().getByRole("link").click();
    const rows = page.getByTestId("opendata-rows");
    await rows.getByText("412", { exact: true }).waitFor();
    expect(await page.getByTestId("opendata-meta").textContent()).toContain("无条件开放");
    await rows.locator(".ant-pagination-item-2").click();
    await rows.getByText("117", { exact: true }).waitFor();
    expect(await rows.getByText("412", { exact: true }).count()).toBe(0);
    await noSidewaysScroll(page, PHONE.viewport.width);
    await noPersonalData(page);
    await shot(page, "opendata-phone-dataset");
    expect(errors).toEqual([]);
  });

  it("on a desktop: from the footer, a conditional dataset says apply for access, an open one shows rows", async () => {
    const { page, errors } = await openPage(browser, contexts, DESKTOP);
    await page.goto(base);
    await page.getByTestId("footer-opendata").click();
    const results = page.getByTestId("opendata-result");
    await expect.poll(() => results.count()).toBe(3);
    await page
      .getByTestId("opendata-facet-openLevel")
      .getByRole("button", { name: /有条件开放/ })
      .click();
    await expect.poll(() => results.count()).toBe(1);
    await results.first().getByRole("link", { name: "医疗机构执业登记信息" }).click();
    await page.getByTestId("opendata-apply").waitFor();
    expect(await page.getByTestId("opendata-rows").count()).toBe(0);
    expect(await page.getByTestId("opendata-resource").textContent()).toContain("医疗机构名录");
    const links = page.getByTestId("opendata-links");
    expect(await links.getByRole("link", { name: /package_show/ }).getAttribute("href")).toMatch(
      /\/api\/3\/action\/package_show\?id=medical-institutions$/,
    );
    expect(await links.getByRole("link", { name: /Turtle/ }).getAttribute("href")).toMatch(/\/catalog\.ttl$/);
    await noSidewaysScroll(page, DESKTOP.viewport.width);
    await noPersonalData(page);
    await shot(page, "opendata-desktop-conditional");

    await page.goto(`${base}/opendata?openLevel=open`);
    await expect.poll(() => results.count()).toBe(2);
    await page
      .getByTestId("opendata-facet-theme")
      .getByRole("button", { name: /就业创业/ })
      .click();
    await expect.poll(() => results.count()).toBe(1);
    await results.first().getByRole("link").click();
    const rows = page.getByTestId("opendata-rows");
    await rows.getByText("前端工程师").waitFor();
    expect(await rows.locator("tbody tr.ant-table-row").count()).toBe(5);
    await noSidewaysScroll(page, DESKTOP.viewport.width);
    await noPersonalData(page);
    await shot(page, "opendata-desktop-dataset");
    expect(errors).toEqual([]);
  });

  const as = (headers: Headers, options: object) => openSignedIn(browser, contexts, base, headers, options);

  it("有条件开放: apply on a phone, approved on a desktop, the key taken once; downloads and statistics", async () => {
    const citizen = await as(await loginCitizen(t, "13800000002"), PHONE); // real-name level 2
    await citizen.page.goto(`${base}/opendata/medical-institutions`);
    const form = citizen.page.getByTestId("opendata-apply");
    await form.getByLabel("用途").fill("医疗资源分布研究");
    await form.getByLabel("应用场景").fill("学术论文");
    await form.getByRole("button", { name: "提交申请" }).click();
    await form.getByText("申请已提交").waitFor();
    await noSidewaysScroll(citizen.page, PHONE.viewport.width);
    await shot(citizen.page, "opendata-phone-applied");

    const head = await as(await staffOf(t, "dept_admin", "health"), DESKTOP);
    await head.page.goto(`${base}/workbench`);
    await head.page.getByTestId("workbench-opendata").click();
    const review = head.page.getByTestId("opendata-review").filter({ hasText: "医疗资源分布研究" });
    await review.getByLabel("协议编号，如：数据利用协议 2026-017").fill("数据利用协议 2026-101");
    await review.getByLabel("有效期至").fill("2026-12-31");
    await review.getByRole("button", { name: /^批\s?准$/ }).click(); // antd spaces two-character labels
    await review.getByText("已批准").waitFor();
    await noSidewaysScroll(head.page, DESKTOP.viewport.width);
    await shot(head.page, "opendata-desktop-publisher");

    await citizen.page.goto(`${base}/opendata/my`);
    const application = citizen.page.getByTestId("opendata-application").first();
    await application.getByText("已批准").waitFor();
    await application.getByRole("button", { name: "领取 API 密钥" }).click();
    const key = (await citizen.page.getByTestId("opendata-key").textContent()) ?? "";
    expect(key).toMatch(/^ywod_/);
    await noSidewaysScroll(citizen.page, PHONE.viewport.width);
    await shot(citizen.page, "opendata-phone-key");
    // The key reads the conditional rows through the CKAN API; a reload shows only its prefix.
    const rows = await fetch(`${base}/api/opendata/datasets/medical-institutions`).then((r) => r.json());
    const read = await fetch(`${base}/api/3/action/datastore_search?resource_id=${rows.resources[0].id}`, {
      headers: { authorization: key },
    });
    expect(read.status).toBe(200);
    await citizen.page.reload();
    await application.getByText("当前密钥").waitFor();
    expect(await citizen.page.content()).not.toContain(key);

    // An open dataset: chart preview and a CSV download; the statistics page counts both.
    await citizen.page.goto(`${base}/opendata/market-entities-monthly`);
    await citizen.page.getByTestId("opendata-chart").waitFor();
    const [download] = await Promise.all([
      citizen.page.waitForEvent("download"),
      citizen.page.getByTestId("opendata-download").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^market-entities-monthly-.*\.csv$/);
    await t.app.opendata.usage.flush();
    await citizen.page.goto(`${base}/opendata`);
    await citizen.page.getByTestId("opendata-stats-link").click();
    await expect.poll(() => citizen.page.getByTestId("opendata-stat-downloads").textContent()).toMatch(/^1/);
    expect(await citizen.page.getByTestId("opendata-stat-datasets").textContent()).toMatch(/^3/);
    await noSidewaysScroll(citizen.page, PHONE.viewport.width);
    await shot(citizen.page, "opendata-phone-stats");
    expect([...citizen.errors, ...head.errors]).toEqual([]);
  });
});
