import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import ExcelJS from "exceljs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../../server/src/modules/identity/index.js";
import { seedDemo } from "../../server/src/seed/index.js";
import { createTestApp, type TestApp } from "../../server/src/test-support/app.js";
import { createStaff, type Headers } from "../../server/src/test-support/identity.js";
import {
  ARTIFACTS,
  hasChromium,
  launchBrowser,
  openPage as openPageIn,
  WEB_DIST_INDEX,
} from "./test-support/browser.js";

/**
 * The catalog in a real browser (Debian Chromium), on a phone and on a desktop: search from the home page,
 * open the guide, see materials (with a downloadable blank form) and time limits, the flow of stages,
 * an empty search with suggestions, browsing by audience, and the admin list.
 */

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 800 } };

describe.skipIf(!hasChromium)("catalog in a browser", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let admin: Headers;
  const signIn = (page: Page) =>
    page.context().addCookies([{ name: SESSION_COOKIE, value: admin.cookie.split("=")[1] as string, url: base }]);

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) throw new Error(`${WEB_DIST_INDEX} is missing: run \`npm run build:web\` first.`);
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    await seedDemo(t.database.db);
    // A platform administrator, signed in (password + TOTP) through the API; pages get the session cookie.
    admin = (await createStaff(t, { roles: ["platform_admin"], departmentKey: "platform" })).headers;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  const openPage = (options: Parameters<Browser["newContext"]>[0]) => openPageIn(browser, contexts, options);

  const noSidewaysScroll = async (page: Page, width: number) =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

  async function searchFromHome(page: Page, q: string, shot?: string) {
    await page.goto(`${base}/`);
    await page.getByTestId("browse-personal").waitFor();
    if (shot) await page.screenshot({ path: path.join(ARTIFACTS, shot), fullPage: true });
    const box = page.getByRole("searchbox", { name: "搜索政务服务事项" }).or(page.getByLabel("搜索政务服务事项"));
    await box.first().fill(q);
    await box.first().press("Enter");
    await page.waitForURL(`${base}/services/search?q=${encodeURIComponent(q)}`);
    await page.getByTestId("catalog-results").waitFor();
  }

  for (const [device, options, width] of [
    ["desktop", DESKTOP, 1280],
    ["phone", PHONE, 390],
  ] as const) {
    it(`${device}: search 开餐馆 from the home page, open the guide, see materials and time limits`, async () => {
      const { page, errors } = await openPage(options);
      await searchFromHome(page, "开餐馆", `catalog-home-${device}.png`);
      const first = page.getByTestId("catalog-results").locator("li").first();
      expect(await first.locator(".yw-catalog-result-name").textContent()).toBe("食品经营许可（新办）");
      expect(await first.locator("mark").count()).toBeGreaterThan(0); // matched words are marked
      await page.screenshot({ path: path.join(ARTIFACTS, `catalog-search-${device}.png`), fullPage: true });
      const wide = await page.evaluate(
        (w) =>
          Array.from(document.querySelectorAll("body *"))
            .filter((e) => e.getBoundingClientRect().right > w + 1)
            .slice(0, 5)
            .map((e) => `${e.tagName}.${e.className}`),
        width,
      );
      expect(wide).toEqual([]);
      await noSidewaysScroll(page, width);

      await first.getByRole("link", { name: "食品经营许可（新办）" }).click();
      await page.waitForURL(`${base}/services/items/990100-XK-001`);
      await page.getByRole("heading", { name: "食品经营许可（新办）", level: 1 }).waitFor();
      const materials = page.getByTestId("materials");
      await materials.getByText("食品经营许可申请书").waitFor();
      await materials.getByText("可用电子证照“营业执照”，免提交").waitFor();
      expect(await materials.locator("li").count()).toBe(5);
      expect(await page.getByTestId("promise-limit").textContent()).toBe("5 个工作日");
      const limits = page.getByTestId("time-limits");
      await limits.getByText("20 个工作日").waitFor();
      await limits.getByText("零跑动").waitFor();
      await page.getByRole("button", { name: /在线申办/ }).waitFor(); // online depth 4
      expect(await page.getByTestId("flow").locator(".yw-flow-stage").count()).toBe(3);

      const href = await page.getByTestId("blank-form").getAttribute("href");
      const form = await page.request.get(`${base}${href}`);
      expect(form.status()).toBe(200);
      expect(form.headers()["content-type"]).toContain("spreadsheetml");

      await noSidewaysScroll(page, width);
      await page.screenshot({ path: path.join(ARTIFACTS, `catalog-guide-${device}.png`), fullPage: true });
      expect(errors).toEqual([]);
    });
  }

  it("phone: a parallel approval's flow, 公积金 search, and an empty search with suggestions", async () => {
    const { page, errors } = await openPage(PHONE);
    await page.goto(`${base}/services/items/990100-XK-002`);
    await page.getByRole("heading", { name: "建设工程规划许可证核发", level: 1 }).waitFor();
    const parallel = page.getByTestId("flow").locator(".yw-flow-parallel");
    await parallel.getByText("并联审查").waitFor();
    expect(await parallel.locator(".yw-flow-stage").count()).toBe(3);
    expect(await parallel.getByTestId("flow-veto").textContent()).toBe("任一部门否决即不予办理");
    await page.getByRole("button", { name: /网上预审/ }).waitFor(); // online depth 3
    await noSidewaysScroll(page, 390);
    await page.screenshot({ path: path.join(ARTIFACTS, "catalog-guide-parallel-phone.png"), fullPage: true });

    await searchFromHome(page, "公积金");
    expect(await page.getByTestId("catalog-results").locator(".yw-catalog-result-name").first().textContent()).toBe(
      "住房公积金提取（购买自住住房）",
    );

    await page.goto(`${base}/services/search?q=${encodeURIComponent("火星移民签证")}`);
    await page.getByTestId("catalog-none").getByText("没有找到与“火星移民签证”相关的事项").waitFor();
    expect(await page.getByTestId("catalog-none").locator(".ant-tag").count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, "catalog-no-hits-phone.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("desktop: browse 法人办事 from the home page, open a bundle (一件事)", async () => {
    const { page, errors } = await openPage(DESKTOP);
    await page.goto(`${base}/`);
    await page.getByTestId("browse-corporate").click();
    await page.waitForURL(`${base}/services?audience=legal_person`);
    await page.getByRole("heading", { name: "法人办事", level: 1 }).waitFor();
    await page.getByText("共 6 个事项").waitFor(); // 5 for businesses + 1 for anyone
    await page.getByRole("link", { name: "企业设立登记" }).waitFor();
    expect(await page.getByRole("link", { name: "内地居民婚姻登记（结婚登记）" }).count()).toBe(0);

    await page.goto(`${base}/`);
    await page.getByRole("link", { name: "开办企业一件事" }).click();
    await page.waitForURL(`${base}/services/bundles/990100-YJS-001`);
    const steps = page.getByTestId("bundle-steps");
    await steps.getByText("同时办理").waitFor();
    await steps.getByText("涉税事项：发票领用").waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "catalog-bundle-desktop.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("desktop: an administrator edits a published item (version 2), publishes it, the guide shows it", async () => {
    const { page, errors } = await openPage(DESKTOP);
    await signIn(page);
    await page.goto(`${base}/admin/catalog`);
    await page.getByText("共 11 个事项").waitFor();
    // bundles with their steps (parallel ones marked ∥)
    await page
      .getByRole("cell", { name: /开办企业一件事\s*企业设立登记 → （涉税事项：发票领用 ∥ 医疗保险参保登记）/ })
      .waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "catalog-admin-desktop.png"), fullPage: true });

    await page
      .getByRole("row", { name: /居住证申领/ })
      .getByRole("button", { name: /编\s*辑/ })
      .click();
    await page.waitForURL(`${base}/admin/catalog/items/990100-GG-001`);
    const promise = page.getByLabel("承诺时限");
    await promise.waitFor();
    expect(await promise.inputValue()).toBe("7");
    await promise.fill("6");
    await page.getByTestId("save-item").click();
    await page.getByText("已保存为第 2 版（草稿）").waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "catalog-editor-desktop.png"), fullPage: true });
    // the guide still shows version 1 until version 2 is published
    const before = await (await fetch(`${base}/api/catalog/items/990100-GG-001`)).json();
    expect([before.version, before.promiseDays]).toEqual([1, 7]);
    await page.getByRole("button", { name: /发\s*布\s*·\s*第 2 版/ }).click();
    await page.getByText("已发布第 2 版").waitFor();

    await page.goto(`${base}/services/items/990100-GG-001`);
    await expect.poll(() => page.getByTestId("promise-limit").textContent()).toBe("6 个工作日");
    await page.getByText("第 2 版").first().waitFor();
    await page.getByRole("link", { name: "第 1 版" }).click();
    await page.waitForURL(`${base}/services/items/990100-GG-001/versions/1`);
    // The URL changes before version 1 has loaded: wait for its banner before reading its figures.
    await page.getByText("您正在查看历史版本（第 1 版），").waitFor();
    await expect.poll(() => page.getByTestId("promise-limit").textContent()).toBe("7 个工作日");
    expect(errors).toEqual([]);
  });

  it("desktop: the item editor previews the application form, edits it as JSON, and shows a group's veto rule", async () => {
    const { page, errors } = await openPage(DESKTOP);
    await signIn(page);
    await page.goto(`${base}/admin/catalog/items/990100-XK-001`);
    const preview = page.getByTestId("form-preview");
    // the demo form of 食品经营许可, rendered by @rjsf/antd as the portal will
    for (const label of [
      "经营者名称",
      "统一社会信用代码",
      "经营场所",
      "主体业态",
      "经营项目",
      "经营面积（平方米）",
      "联系电话",
    ])
      await preview.getByText(label, { exact: true }).first().waitFor();
    await preview.getByRole("radio", { name: "餐饮服务经营者" }).waitFor();
    await preview.getByRole("checkbox", { name: "热食类食品制售" }).waitFor();
    await preview.getByText("自动填入：企业名称").waitFor();
    expect(await page.getByTestId("form-use-default").isChecked()).toBe(false);
    // it checks as the portal does (the schema interpreted, no eval under the CSP), in the portal's words
    await preview.getByLabel("经营场所").fill("示例市");
    await preview.getByRole("button", { name: "检查填写" }).click();
    await preview.getByText("至少 5 个字符").waitFor();
    await preview.getByText("至少选择 1 项").waitFor();
    await preview.getByText("此项必填").first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "catalog-editor-form-desktop.png"), fullPage: true });

    // a typo in the JSON is reported live; fixing it brings the preview back
    const schema = page.getByTestId("form-schema");
    const text = await schema.inputValue();
    expect(JSON.parse(text).properties.operatorName["x-prefill"]).toBe("enterprise.name");
    await schema.fill(text.replace('"经营者名称"', '"经营者名称",,'));
    await preview.getByText(/不是有效的 JSON/).waitFor();
    await schema.fill(text.replace('"type": "number"', '"type": "numbr"')); // valid JSON, not a valid schema
    await preview.getByText(/^表单定义无效：\/properties\/floorArea\/type: /).waitFor();
    await schema.fill(text.replace('"经营者名称"', '"经营者（单位）名称"'));
    await preview.getByText("经营者（单位）名称", { exact: true }).waitFor();

    // 990100-XK-002's parallel review: a veto denies
    await page.goto(`${base}/admin/catalog/items/990100-XK-002`);
    const veto = page.getByTestId("veto-rules");
    await veto.getByText("第 2 步并联审查：某部门否决时").waitFor();
    await veto.getByText("否决即不予").waitFor();

    // an item with the default form: previewed; unticking starts from it; saving stores it as the item's own
    await page.goto(`${base}/admin/catalog/items/990100-XK-003`);
    await preview.getByText("单位名称", { exact: true }).waitFor();
    await preview.getByText("申请事项说明", { exact: true }).waitFor();
    await page.getByTestId("form-use-default").uncheck();
    expect(JSON.parse(await schema.inputValue()).properties.uscc["x-prefill"]).toBe("enterprise.uscc");
    await page.getByTestId("save-item").click();
    await page.getByText("已保存为第 2 版（草稿）").waitFor();
    const saved = await (await fetch(`${base}/api/catalog/admin/items/990100-XK-003`, { headers: admin })).json();
    expect(Object.keys(saved.form.schema.properties)).toContain("description");
    expect(errors).toEqual([]);
  });

  it("desktop: importing a workbook with a bad cell lists the cell and changes nothing", async () => {
    const exported = await fetch(`${base}/api/catalog/admin/export`, {
      headers: admin,
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await exported.arrayBuffer());
    const items = wb.getWorksheet("事项")!;
    items.getRow(2).getCell(6).value = "nosuch"; // 实施部门 of the first item
    const file = path.join(ARTIFACTS, "catalog-bad.xlsx");
    await wb.xlsx.writeFile(file);

    const { page, errors } = await openPage(DESKTOP);
    await signIn(page);
    await page.goto(`${base}/admin/catalog`);
    await page.getByText("共 11 个事项").waitFor();
    await page.locator("input[type=file]").setInputFiles(file);
    const result = page.getByTestId("import-result");
    await result.getByText("工作簿有 1 处错误，未导入任何数据").waitFor();
    await result.getByRole("cell", { name: "部门 nosuch 不存在" }).waitFor();
    await result.getByRole("cell", { name: "F 实施部门" }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "catalog-import-errors-desktop.png"), fullPage: true });
    const item = await (await fetch(`${base}/api/catalog/items/990100-GG-001`)).json();
    expect(item.dept).toBe("psb");
    expect(errors.filter((e) => !e.includes("422"))).toEqual([]);
  });
});
