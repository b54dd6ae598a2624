import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../server/src/seed/index.js";
import { createTestApp, type TestApp } from "../../server/src/test-support/app.js";
import { loginAs } from "../../server/src/test-support/identity.js";
import {
  ARTIFACTS,
  hasChromium,
  launchBrowser,
  openPage as openPageIn,
  shot,
  staffLogin,
  WEB_DIST_INDEX,
} from "./test-support/browser.js";

/**
 * Data sharing and exchange in a real browser: 人社局 (hrss) has applied for 市场监管局's business registry;
 * the 市场监管局 department admin opens 数据共享交换 from the workbench, browses the catalog, approves the
 * application, and reads the usage statistics drawn with ECharts.
 */
describe.skipIf(!hasChromium)("exchange pages in a browser", () => {
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
    const hrssAdmin = await loginAs(t, "dept_admin", "hrss");
    const applied = await t.app.inject({
      method: "POST",
      url: "/api/exchange/applications",
      headers: hrssAdmin,
      payload: {
        resourceCode: "business.enterprise",
        purpose: "核验社保登记单位的工商登记状态",
        fields: ["uscc", "name", "status"],
        queryPattern: "lookup_by_key",
        validFrom: new Date(Date.now() - 86_400_000).toISOString(),
        validTo: new Date(Date.now() + 365 * 86_400_000).toISOString(),
      },
    });
    expect(applied.statusCode, applied.body).toBe(201);
    // Some traffic for the statistics: two days of calls, one of them failed.
    const hrss = await t.database.db
      .selectFrom("departments")
      .select("id")
      .where("key", "=", "hrss")
      .executeTakeFirstOrThrow();
    const call = (daysAgo: number, outcome: string) => ({
      at: new Date(Date.now() - daysAgo * 86_400_000),
      client_id: "hrss-system",
      consumer_department_id: hrss.id,
      resource_code: "business.enterprise",
      query_pattern: "lookup_by_key",
      query_hmac: "0".repeat(64),
      record_count: outcome === "ok" ? 1 : 0,
      latency_ms: 3,
      outcome,
    });
    await t.database.db
      .insertInto("exchange_calls")
      .values([call(1, "ok"), call(1, "ok"), call(0, "ok"), call(0, "EXCHANGE_NOT_APPROVED")])
      .execute();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  it("the provider's admin browses the catalog, approves an application and reads the usage charts", async () => {
    const { page, errors } = await openPageIn(browser, contexts, { viewport: { width: 1280, height: 800 } });
    await staffLogin(page, base, "amr.admin");
    await page.getByTestId("workbench-exchange").click();
    await page.waitForURL(`${base}/workbench/exchange`);
    const catalog = page.getByTestId("exchange-catalog");
    await expect.poll(() => catalog.getByText("法人基础信息").count()).toBe(1);
    await expect.poll(() => catalog.getByText("人口基础信息").count()).toBe(1);

    await page.getByRole("tab", { name: "共享申请" }).click();
    const applications = page.getByTestId("exchange-applications");
    await applications.getByText("核验社保登记单位的工商登记状态").waitFor();
    await applications.getByRole("button", { name: /批\s*准/ }).click();
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /确\s*定|OK/ })
      .click();
    await applications.getByText("已批准").waitFor();
    await page.getByRole("dialog").waitFor({ state: "detached" });

    await page.getByRole("tab", { name: "调用统计" }).click();
    const stats = page.getByTestId("exchange-stats");
    await stats.locator("canvas").first().waitFor();
    expect(await stats.locator("canvas").count()).toBe(2);
    await expect.poll(() => stats.locator(".ant-statistic-content-value").first().textContent()).toBe("4");
    await shot(page, "exchange-stats");
    expect(errors).toEqual([]);
  });
});
