import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drain, fakeCase, fileFakeCase, insertHotlineRequest } from "../../server/src/modules/indicators/testing.js";
import { createTestApp, type TestApp } from "../../server/src/test-support/app.js";
import { createStaff, department, type Headers } from "../../server/src/test-support/identity.js";
import {
  ARTIFACTS,
  DESKTOP,
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
    // A 12345 request in 东城区 (990102), for the district map.
    await insertHotlineRequest(t, { departmentId: amr, createdAt: new Date(), districtCode: "990102" });
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
    device: typeof WALL | typeof PHONE | typeof DESKTOP,
  ): Promise<{ page: Page; errors: string[] }> {
    const opened = await openPage(browser, contexts, device);
    const [name, value] = headers.cookie.split("=");
    await opened.page.context().addCookies([{ name: name as string, value: value as string, url: base }]);
    return opened;
  }

  /** A chart's PNG button gives a download whose bytes are a PNG (magic number, IHDR of the 2× canvas). */
  async function expectPng(page: Page, testId: string) {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
    expect(download.suggestedFilename()).toMatch(/\.png$/);
    const bytes = readFileSync((await download.path()) as string);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.toString("latin1", 12, 16)).toBe("IHDR");
    expect(bytes.readUInt32BE(16)).toBe(1920);
  }

  it("the operations screen at 1920×1080: live counters move after a case event; the district map; a ranking bar drills to the cases", async () => {
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
    // The district map: the four demo districts drawn as paths with a tooltip each and a legend; the
    // test's cases are filed under 990101 (no outline), counted beside the map; 12345 colours 东城区.
    const map = page.getByTestId("ops-district-map");
    await expect.poll(() => map.locator("path.yw-ind-map-district").count()).toBe(4);
    expect(await map.locator("path title").first().textContent()).toBe("东城区：0 件");
    expect(await page.getByTestId("ops-map-elsewhere").textContent()).toContain("4");
    expect(await page.getByTestId("ops-district-legend").isVisible()).toBe(true);
    await page.getByTestId("ops-map-hotline").click();
    await expect.poll(() => map.locator('path[data-code="990102"] title').textContent()).toBe("东城区：1 件诉求");
    const fill = (code: string) => map.locator(`path[data-code="${code}"]`).getAttribute("fill");
    expect(await fill("990102")).toBe("#4fc3ff");
    expect(await fill("990103")).toBe("#1d2f52");
    await shot(page, "indicators-ops-before");
    await page.getByTestId("ops-map-cases").click();

    // A case event commits: the counters move without a reload.
    await file(amr, "online");
    await drain(t);
    await expect.poll(() => volume.textContent(), { timeout: 10_000 }).toBe("5");
    await expect.poll(() => page.getByTestId("ops-counter-open").textContent()).toBe("5");
    const ranking = page.getByTestId("ops-volume-ranking");
    await expect.poll(() => ranking.locator(`[data-key="${amr}"]`).textContent()).toContain("4");
    await shot(page, "indicators-ops-after");

    // PNG export of a chart: a download whose bytes are a PNG (magic number, IHDR of the 2× canvas).
    for (const id of ["ops-volume-png", "ops-trend-png"]) await expectPng(page, id);

    // Drill from the ranking's bar to the list of that department's cases.
    await ranking.locator(`[data-key="${amr}"]`).click();
    await page.waitForURL(/\/workbench\/indicators\?/);
    expect(new URL(page.url()).searchParams.get("department")).toBe(amr);
    const rows = page.getByTestId("drill-table").locator("tbody tr.ant-table-row");
    await expect.poll(() => rows.count()).toBe(4);
    expect(await page.getByTestId("drill-total").textContent()).toContain("4");
    expect(await rows.first().textContent()).toContain("食品经营许可");
    await shot(page, "indicators-drill");
    // The department dashboard's columns save as PNG charts too.
    await expectPng(page, "indicator-png-case_volume");
    expect(errors).toEqual([]);
  });

  it("the public dashboard on a phone: aggregates only, large type, no sideways scroll, a chart saved as PNG", async () => {
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
    await expectPng(page, "public-png-case_volume");
    expect(errors).toEqual([]);
  });

  it("the registry on a desktop (versions, 12345 and 好差评 indicators, export link); alert rules made, silenced and edited (a new version) on a phone", async () => {
    const saved = await fetch(`${base}/api/indicators/registry`, {
      method: "PUT",
      headers: { ...supervisor, "content-type": "application/json" },
      body: JSON.stringify({
        indicators: [
          {
            code: "city_system",
            name: "城市综合评价",
            nameEn: "City composite",
            formula: "weighted(online_rate: 0.6, overdue_rate: 0.4)",
            dimensions: ["day", "department"],
          },
        ],
      }),
    });
    expect(saved.status).toBe(200);
    const desk = await signedIn(supervisor, DESKTOP);
    await desk.page.goto(`${base}/workbench/indicators`);
    await desk.page.getByRole("link", { name: "指标目录" }).click();
    const registry = desk.page.getByTestId("registry-table");
    await expect.poll(() => registry.textContent()).toContain("12345 满意率");
    expect(await registry.textContent()).toContain("hotline.satisfied / hotline.called_back * 100");
    const volumeRow = registry.locator("tr", { hasText: "case_volume" });
    expect(await volumeRow.locator("a[download]").getAttribute("href")).toMatch(
      /^\/api\/indicators\/export\?code=case_volume&/,
    );
    await volumeRow.getByRole("button", { name: /第 0 版/ }).click();
    await expect.poll(() => desk.page.getByTestId("versions-table").textContent()).toContain("内置");
    expect(await desk.page.getByTestId("measure-list").textContent()).toContain("evaluation.bad");
    // A weighted system is shown with its children and their weights.
    expect(await desk.page.getByTestId("children-city_system").textContent()).toBe("网办率 × 0.6超期率 × 0.4");
    await noSidewaysScroll(desk.page, DESKTOP.viewport.width);
    await shot(desk.page, "indicators-registry-desktop");
    expect(desk.errors).toEqual([]);

    const phone = await signedIn(supervisor, PHONE);
    await phone.page.goto(`${base}/workbench/indicators/alerts`);
    const form = phone.page.locator("form.yw-ind-form");
    await form.locator(".ant-select").first().click();
    await phone.page.keyboard.type("超期率");
    await phone.page.keyboard.press("Enter");
    await form.getByLabel("阈值").fill("5");
    await form.getByRole("button", { name: /保存规则/ }).click();
    const rules = phone.page.getByTestId("alert-rules");
    await expect.poll(() => rules.textContent()).toContain("超期率");
    expect(await rules.textContent()).toContain("高于 5");
    expect(await rules.textContent()).toContain("正常");
    await rules.getByRole("button", { name: /静默 24 小时/ }).click();
    await expect.poll(() => rules.textContent()).toContain("已静默至");
    await rules.getByRole("button", { name: /历\s*史/ }).click();
    await phone.page.getByTestId("alert-history").waitFor();
    // An edit saves version 2; the versions so far are listed under the form.
    await rules.getByTestId("alert-edit").click();
    const edit = phone.page.getByTestId("alert-edit-form");
    await edit.getByLabel("阈值").fill("7");
    await edit.getByTestId("alert-edit-save").click();
    await expect.poll(() => rules.textContent()).toContain("高于 7");
    const versions = phone.page.getByTestId("alert-versions");
    await expect.poll(() => versions.locator("tbody tr.ant-table-row").count()).toBe(2);
    expect(await versions.textContent()).toContain("高于 5");
    await noSidewaysScroll(phone.page, PHONE.viewport.width);
    await shot(phone.page, "indicators-alerts-phone");
    expect(phone.errors).toEqual([]);
  });
});
