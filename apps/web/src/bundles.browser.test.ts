import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
  staffLogin as staffLoginAt,
  WEB_DIST_INDEX,
} from "./test-support/browser.js";

/**
 * 一件事一次办 in a real browser: 李娜, acting for her enterprise, applies for 开办企业一件事 from the bundle's
 * guide (企业设立登记 first, then 发票领用 and 医疗保险参保登记 side by side), fills in the three application
 * forms and uploads the required materials, submits them all at once and sees the first case submitted and
 * the other two queued. The 市场监管局 clerk accepts and the approver approves 企业设立登记; the job runner
 * files the queued cases, and the citizen sees them accepted.
 */

const DESKTOP = { viewport: { width: 1280, height: 900 } };

const BUNDLE = { code: "990100-YJS-001", name: "开办企业一件事" };
const FIRST = { code: "990100-QR-002", name: "企业设立登记" };
const PARALLEL = [
  { code: "990100-GG-006", name: "涉税事项：发票领用" },
  { code: "990100-GG-005", name: "医疗保险参保登记" },
];
const CITIZEN = { phone: "13800000003", name: "李娜" };
const ENTERPRISE = { uscc: "91990100MA0001018E" };

/** A minimal valid one-page PDF (header, catalog, pages, page, cross-reference table, trailer). */
function tinyPdf(): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

describe.skipIf(!hasChromium)("bundle applications (一件事一次办) in a browser", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let citizen: Page;
  let bundleUrl = "";
  let firstNumber = "";

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) throw new Error(`${WEB_DIST_INDEX} is missing: run \`npm run build:web\` first.`);
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    await seedDemo(t.database.db, t.config);
    // As in production (main.ts): the job runner delivers outbox events, which move the bundle along.
    t.app.platform.jobs.start({ intervalMs: 200 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.app.platform.jobs.stop();
    await t?.close();
  });

  const openPage = (options: Parameters<Browser["newContext"]>[0]) => openPageIn(browser, contexts, options);

  const card = (page: Page, code: string): Locator => page.locator(`[data-testid="bundle-case"][data-item="${code}"]`);

  /** Fills the default application form: known labels get plausible answers when still empty. */
  async function fillForm(page: Page) {
    const form = page.getByTestId("case-form");
    await form.locator("input, textarea").first().waitFor();
    const answers: Record<string, string> = {
      单位名称: "示例市晨曦餐饮管理有限公司",
      统一社会信用代码: ENTERPRISE.uscc,
      申请人: CITIZEN.name,
      联系电话: CITIZEN.phone,
      申请事项说明: "开办企业一件事：设立登记后申领发票并办理参保登记",
    };
    for (const [label, value] of Object.entries(answers)) {
      const field = form.getByLabel(label, { exact: true });
      if ((await field.count()) === 0) continue;
      if ((await field.first().inputValue()) === "") await field.first().fill(value);
    }
  }

  const staffLogin = (page: Page, username: string) => staffLoginAt(page, base, username);

  async function runCommand(page: Page, command: string, comment?: string) {
    await page.getByTestId(`cmd-${command}`).click();
    if (command === "claim" || command === "release") return;
    const dialog = page.getByRole("dialog");
    if (comment) await dialog.getByLabel("意见（选填）").fill(comment);
    await dialog.locator("button[type=submit]").click();
    try {
      await dialog.waitFor({ state: "detached" });
    } catch (e) {
      await page.screenshot({ path: path.join(ARTIFACTS, `bundles-failed-${command}.png`), fullPage: true });
      throw e;
    }
  }

  it("a citizen acting for her enterprise applies for the whole bundle, fills each case and submits them all", async () => {
    const { page, errors } = await openPage(DESKTOP);
    citizen = page;

    // A visitor's apply button leads to the login page and back to the bundle's guide.
    await page.goto(`${base}/services/bundles/${BUNDLE.code}`);
    await page.getByRole("heading", { name: BUNDLE.name, level: 1 }).waitFor();
    await page.getByTestId("bundle-apply").click();
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel("手机号码").fill(CITIZEN.phone);
    await page.getByLabel("密码", { exact: true }).fill(demo.password);
    await page
      .getByRole("tabpanel", { name: "密码登录" })
      .getByRole("button", { name: /登\s*录/ })
      .click();
    await page.waitForURL(`${base}/services/bundles/${BUNDLE.code}`);

    // Legal-person items: the page asks her to act for the enterprise first, as an item's guide does.
    await page.getByTestId("bundle-apply-hint").getByText("本事项由法人（企业）申请").waitFor();
    await shot(page, "bundles-guide-desktop");
    await page.getByTestId("bundle-apply-hint").getByRole("link", { name: "切换身份" }).click();
    await page.waitForURL(`${base}/account/enterprises`);
    await page.getByTestId(`enterprise-${ENTERPRISE.uscc}`).getByRole("button", { name: "以该企业身份办事" }).click();
    await page.getByTestId("acting-bar").waitFor();
    await page.goto(`${base}/services/bundles/${BUNDLE.code}`);
    await page.getByTestId("bundle-apply").waitFor();
    expect(await page.getByTestId("bundle-apply-hint").count()).toBe(0);
    await page.getByTestId("bundle-apply").click();
    await page.waitForURL(/\/cases\/bundles\/[0-9a-f-]{36}$/);
    bundleUrl = page.url();

    // Three drafts, by step: 企业设立登记 alone, then the two parallel items side by side.
    await page.getByRole("heading", { name: BUNDLE.name, level: 1 }).waitFor();
    const step1 = page.getByTestId("bundle-step-1");
    const step2 = page.getByTestId("bundle-step-2");
    await step1.getByText(FIRST.name).waitFor();
    expect(await step1.getByTestId("bundle-case").count()).toBe(1);
    expect(await step2.getByTestId("bundle-case").count()).toBe(2);
    await step2.getByText("同时办理").waitFor();
    for (const item of PARALLEL) await step2.getByText(item.name).waitFor();
    const [a, b] = PARALLEL.map((item) => card(page, item.code));
    if (!a || !b) throw new Error("no parallel cards");
    // Measured together and until the page settles: the one form above the cards loads on its own and
    // moves both cards down between two separate measurements on a loaded machine.
    await expect
      .poll(
        async () => {
          const [boxA, boxB] = await Promise.all([a.boundingBox(), b.boundingBox()]);
          return boxA !== null && boxB !== null && Math.abs(boxA.y - boxB.y) < 2;
        },
        { message: "parallel cases side by side", timeout: 10_000 },
      )
      .toBe(true);
    // Nothing is filled in yet: every card says so.
    for (const code of [FIRST.code, ...PARALLEL.map((p) => p.code)])
      await card(page, code).locator('[data-testid="bundle-case-check"][data-complete="no"]').waitFor();
    await page.getByTestId("bundle-incomplete").getByText("还有 3 项申请未填写完整").waitFor();

    // Submitting now is refused by the server; the page names the case and what is wrong with it.
    await page.getByTestId("bundle-submit").click();
    const problems = page.getByTestId("submit-problems");
    await problems.waitFor();
    await problems.getByText(`“${FIRST.name}”：申请表填写有误`).waitFor();
    await problems.getByText("申请事项说明").waitFor();
    expect(await card(page, FIRST.code).getAttribute("class")).toContain("yw-bundle-case-flagged");
    await shot(page, "bundles-refused-desktop");

    // Each case: its own page, the form, one PDF per material, then back to the bundle.
    for (const code of [FIRST.code, ...PARALLEL.map((p) => p.code)]) {
      await card(page, code).getByTestId("bundle-case-open").click();
      await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
      // A bundle case is not submitted on its own: the button leads back to the bundle.
      await page.getByTestId("case-bundle-submit").getByText("在一件事中统一提交").waitFor();
      expect(await page.getByTestId("case-submit").count()).toBe(0);
      expect(await page.getByTestId("case-withdraw").count()).toBe(0);
      await fillForm(page);
      await page.getByTestId("case-save").click();
      await page.getByText("草稿已保存").waitFor();
      const materials = page.getByTestId("case-materials").locator("> li[data-material]");
      const count = await materials.count();
      expect(count).toBeGreaterThan(0);
      for (let i = 0; i < count; i++) {
        const row = page.getByTestId(`material-${i}`);
        const name = `${code}-${i + 1}.pdf`;
        await row.locator("input[type=file]").setInputFiles({ name, mimeType: "application/pdf", buffer: tinyPdf() });
        await row.getByTestId("case-file").filter({ hasText: name }).waitFor();
      }
      if (code === FIRST.code) await shot(page, "bundles-case-desktop");
      await page.getByTestId("case-bundle-submit").click();
      await page.waitForURL(bundleUrl);
      await card(page, code).locator('[data-testid="bundle-case-check"][data-complete="yes"]').waitFor();
    }
    expect(await page.getByTestId("bundle-incomplete").count()).toBe(0);
    await shot(page, "bundles-ready-desktop");

    // Submit all: the first step is filed, the parallel ones queue (and the page says what that means).
    await page.getByTestId("bundle-submit").click();
    await page.getByTestId("bundle-submitted-banner").waitFor();
    await page.locator('[data-testid="bundle-status"][data-status="submitted"]').first().waitFor();
    await card(page, FIRST.code).getByTestId("case-status").filter({ hasText: "已提交" }).waitFor();
    for (const item of PARALLEL) {
      const c = card(page, item.code);
      await c.getByTestId("case-status").filter({ hasText: "排队待办" }).waitFor();
      await c.getByText("前一步事项全部准予后自动提交").waitFor();
      expect(await c.getAttribute("data-status")).toBe("queued");
    }
    expect(await card(page, FIRST.code).getAttribute("data-status")).toBe("submitted");
    firstNumber = ((await card(page, FIRST.code).locator(".yw-mono").textContent()) ?? "").trim();
    expect(firstNumber).toMatch(/^\d{6}-\d{8}-\d+$/);
    expect(await page.getByTestId("bundle-submit").count()).toBe(0);
    await shot(page, "bundles-submitted-desktop");

    // A queued case's page says why it waits, and leads back to the bundle.
    await card(page, PARALLEL[0]?.code ?? "")
      .getByTestId("bundle-case-open")
      .click();
    await page.getByTestId("queued-banner").waitFor();
    await page.getByTestId("case-bundle-link").click();
    await page.waitForURL(bundleUrl);

    // 我的办件: the three cases, each marked as part of the bundle.
    await page.goto(`${base}/cases`);
    await page.getByTestId("my-cases").getByText(firstNumber).waitFor();
    expect(await page.getByTestId("my-case-bundle").count()).toBe(3);
    await page.getByTestId("my-case-bundle").first().click();
    await page.waitForURL(bundleUrl);
    // The one refused submission is logged by the browser as a failed request; nothing else went wrong.
    expect(errors.filter((e) => !e.includes("status of 422"))).toEqual([]);
  });

  it("once 企业设立登记 is accepted and approved, the parallel cases are filed", async () => {
    expect(firstNumber, "the application test ran first").not.toBe("");
    const { page, errors } = await openPage(DESKTOP);
    await staffLogin(page, "amr.clerk");
    await page.getByTestId("workbench-inbox").click();
    await page.getByTestId("inbox-table").getByRole("link", { name: firstNumber }).click();
    await page.waitForURL(/\/workbench\/cases\//);
    const staffCaseUrl = page.url();
    await page.getByTestId("case-actions").waitFor();
    if (await page.getByTestId("cmd-claim").isVisible()) {
      await runCommand(page, "claim");
      await page.getByTestId("cmd-accept").waitFor();
    }
    await runCommand(page, "accept", "材料齐全，予以受理");
    await page.getByTestId("case-timeline").getByTestId("action-accepted").waitFor();

    const approver = await openPage(DESKTOP);
    await staffLogin(approver.page, "amr.approver");
    await approver.page.goto(staffCaseUrl);
    await approver.page.getByTestId("case-actions").waitFor();
    if (await approver.page.getByTestId("cmd-claim").isVisible()) {
      await runCommand(approver.page, "claim");
      await approver.page.getByTestId("cmd-approve").waitFor();
    }
    await runCommand(approver.page, "approve", "准予设立登记");
    await approver.page.getByTestId("case-status").first().filter({ hasText: "准予许可" }).waitFor();
    expect(errors).toEqual([]);
    expect(approver.errors).toEqual([]);

    // The outbox subscriber files the next step (immediate items: filed is accepted, at their decide stage).
    await citizen.goto(bundleUrl);
    await card(citizen, FIRST.code).getByTestId("case-status").filter({ hasText: "准予许可" }).waitFor();
    for (let i = 0; i < 30; i++) {
      const statuses = await Promise.all(PARALLEL.map((p) => card(citizen, p.code).getAttribute("data-status")));
      if (statuses.every((s) => s !== "queued")) break;
      await citizen.waitForTimeout(500);
      await citizen.reload();
      await card(citizen, FIRST.code).waitFor();
    }
    for (const item of PARALLEL) {
      const c = card(citizen, item.code);
      await c.getByTestId("case-status").filter({ hasText: "已受理" }).waitFor();
      expect(await c.getByText("前一步事项全部准予后自动提交").count()).toBe(0);
    }
    await shot(citizen, "bundles-filed-desktop");

    // The same page on a phone: one column, no sideways scrolling.
    const phone = await citizen
      .context()
      .browser()
      ?.newContext({
        ...PHONE,
        storageState: await citizen.context().storageState(),
      });
    if (!phone) throw new Error("no browser");
    contexts.push(phone);
    const small = await phone.newPage();
    await small.goto(bundleUrl);
    await card(small, FIRST.code).waitFor();
    await noSidewaysScroll(small, 390);
    await shot(small, "bundles-filed-phone");
  });
  it("一表申请 on a phone: 出生一件事 asks the shared fields once, says which items each feeds, saves into every draft", async () => {
    const { page, errors } = await openPage(PHONE);
    await page.goto(`${base}/services/bundles/990100-YJS-002`);
    await page.getByTestId("bundle-apply").click();
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel("手机号码").fill("13800000002");
    await page.getByLabel("密码", { exact: true }).fill(demo.password);
    await page
      .getByRole("tabpanel", { name: "密码登录" })
      .getByRole("button", { name: /登\s*录/ })
      .click();
    await page.waitForURL(`${base}/services/bundles/990100-YJS-002`);
    await page.getByTestId("bundle-apply").click();
    await page.waitForURL(/\/cases\/bundles\/[0-9a-f-]{36}$/);
    const id = page.url().split("/").pop() ?? "";

    const form = page.locator(".yw-bundle-form").getByTestId("case-form");
    await form.getByLabel("申请人", { exact: true }).waitFor();
    // Three items, each with a name and a phone: asked once, prefilled from the account.
    expect(await form.getByLabel("申请人", { exact: true }).count()).toBe(1);
    expect(await form.getByLabel("联系电话", { exact: true }).count()).toBe(1);
    expect(await form.getByLabel("申请人", { exact: true }).inputValue()).toBe("张伟");
    await form.getByText("用于：出生医学证明首次签发、社会保障卡申领、医疗保险参保登记").first().waitFor();
    await form.getByText("用于：社会保障卡申领").first().waitFor();
    await form.getByLabel("申请事项说明", { exact: true }).fill("为新生儿办理出生一件事");
    await page.locator('[data-testid="bundle-form-status"][data-status="saved"]').waitFor();
    await noSidewaysScroll(page, 390);
    await shot(page, "bundles-one-form-phone");

    // Every draft with the field got it; the social security card's form has none.
    const cookies = await page.context().cookies();
    const headers = { cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; ") };
    const app = (await t.app.inject({ method: "GET", url: `/api/cases/bundles/${id}`, headers })).json();
    for (const c of app.cases as { id: string; itemCode: string }[]) {
      const d = (await t.app.inject({ method: "GET", url: `/api/cases/${c.id}`, headers })).json();
      expect(d.formData.description, c.itemCode).toBe(
        c.itemCode === "990100-GG-003" ? undefined : "为新生儿办理出生一件事",
      );
      expect(d.formData.applicantName).toBe("张伟");
    }
    expect(errors).toEqual([]);
  });
});
