import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpNow } from "../../server/src/modules/identity/index.js";
import { seedDemo } from "../../server/src/seed/index.js";
import { createTestApp, type TestApp } from "../../server/src/test-support/app.js";
import { createStaff, TEST_PASSWORD, testPhone } from "../../server/src/test-support/identity.js";
import { ARTIFACTS, hasChromium, launchBrowser, signIn, WEB_DIST_INDEX } from "./test-support/browser.js";

/**
 * Unified identity in a real browser (Debian Chromium, the built app served by the real server):
 * acceptance 7 — a citizen registers with an SMS code, logs out, logs in with the password, passes
 * real-name verification against the population registry and sees only the masked ID number — then
 * binds an enterprise and acts for it explicitly; a new staff member opened on the staff admin page
 * enrols an authenticator by QR/secret at first login and replaces the administrator's password. Phone (390×844) and desktop (1280×800).
 */

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

// 陈静 of the fictional population registry (seed data), legal representative of 示例市晨光科技有限公司.
const PERSON = { name: "陈静", idNumber: "990101199506181286", masked: "9901**********1286" };
const ENTERPRISE = { uscc: "91990103MA000303XB", name: "示例市晨光科技有限公司" };

describe.skipIf(!hasChromium)("unified identity in a browser", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) {
      throw new Error(`${WEB_DIST_INDEX} is missing: run \`npm run build -w @yiwang/web\` first (npm test does it).`);
    }
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

  async function openPage(phone: boolean): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
    const context = await browser.newContext(
      phone ? { viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true } : { viewport: DESKTOP },
    );
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`console: ${m.text()}`);
    });
    return { page, context, errors };
  }

  async function lastSmsCode(phone: string): Promise<string> {
    const res = await fetch(`${base}/api/identity/dev/sms?phone=${phone}`);
    const body = (await res.json()) as { items: { text: string }[] };
    const m = /(\d{6})/.exec(body.items[0]?.text ?? "");
    if (!m?.[1]) throw new Error(`no SMS for ${phone}`);
    return m[1];
  }

  const noSidewaysScroll = async (page: Page) =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

  /** Full-page screenshot from the top, so the sticky header is not drawn mid-page. */
  async function shot(page: Page, name: string) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  }

  const phone = testPhone();

  it("a citizen registers on a phone, logs out, logs in with the password and passes real-name verification", async () => {
    const { page, errors } = await openPage(true);

    // Register: the visitor sees 登录 in the header, and the registration page in Chinese.
    await page.goto(`${base}/`);
    await page.getByTestId("nav-login").click();
    await page.waitForURL(`${base}/login`);
    await page.getByRole("link", { name: "没有账号？立即注册" }).click();
    await page.getByRole("heading", { name: "注册个人账号" }).waitFor();

    await page.getByLabel("手机号码").fill(phone);
    await page.getByTestId("sms-send").click();
    await page.getByText(/验证码已发送至 \d{3}\*{4}\d{4}/).waitFor();
    expect(await page.getByTestId("sms-send").textContent()).toMatch(/\d+ 秒后重发/);
    await page.getByLabel("短信验证码").fill(await lastSmsCode(phone));
    // The form refuses a weak password before asking the server.
    await page.getByLabel("设置密码").fill("abcdefgh");
    await page.getByLabel("确认密码").fill("abcdefgh");
    await page.getByRole("button", { name: "注册并登录" }).click();
    await page.getByText("密码强度不足").waitFor();
    await page.getByLabel("设置密码").fill(TEST_PASSWORD);
    await page.getByLabel("确认密码").fill(TEST_PASSWORD);
    await page.getByText("密码强度不足").waitFor({ state: "detached" });
    await noSidewaysScroll(page);
    await shot(page, "identity-register-phone");
    await page.getByRole("button", { name: "注册并登录" }).click();

    await page.waitForURL(`${base}/account?welcome=1`);
    await page.getByText("注册成功，欢迎使用一网！").waitFor();
    await page.getByTestId("realname-level").first().filter({ hasText: "未实名" }).waitFor();
    expect(await page.getByText(`${phone.slice(0, 3)}****${phone.slice(7)}`).count()).toBeGreaterThan(0);
    expect(await page.content()).not.toContain(phone);

    // Log out from the header's user menu.
    await page.getByTestId("user-menu").click();
    await page.getByTestId("nav-logout").click();
    await page.waitForURL(`${base}/`);
    await page.getByTestId("nav-login").waitFor();

    // The account page now sends a visitor to log in, and back afterwards.
    await page.goto(`${base}/account/realname`);
    await page.waitForURL(`${base}/login?next=${encodeURIComponent("/account/realname")}`);
    await page.getByLabel("手机号码").fill(phone);
    await page.getByLabel("密码", { exact: true }).fill("Wrong-Passw0rd!");
    const passwordTab = page.getByRole("tabpanel", { name: "密码登录" });
    await passwordTab.getByRole("button", { name: /登\s*录/ }).click();
    await page.getByRole("alert").filter({ hasText: "账号或密码错误" }).waitFor();
    errors.length = 0; // the browser logs the expected 401
    await page.getByLabel("密码", { exact: true }).fill(TEST_PASSWORD);
    await passwordTab.getByRole("button", { name: /登\s*录/ }).click();
    await page.waitForURL(`${base}/account/realname`);
    await page.getByRole("heading", { name: "实名认证", level: 1 }).waitFor();

    // A name that does not match the number is refused with the server's message.
    await page.getByLabel("姓名").fill("王芳");
    await page.getByLabel("公民身份号码").fill(PERSON.idNumber);
    await page.getByRole("button", { name: "提交认证" }).click();
    await page.getByRole("alert").filter({ hasText: "姓名与公民身份号码不匹配" }).waitFor();
    errors.length = 0; // the expected 422

    await page.getByLabel("姓名").fill(PERSON.name);
    await noSidewaysScroll(page);
    await shot(page, "identity-realname-phone");
    await page.getByRole("button", { name: "提交认证" }).click();
    await page.waitForURL(`${base}/account?verified=1`);
    await page.getByText("实名认证成功").waitFor();
    expect(await page.getByTestId("id-number-masked").textContent()).toBe(PERSON.masked);
    expect(await page.content()).not.toContain(PERSON.idNumber);
    await page.getByTestId("realname-level").first().filter({ hasText: "已实名（二级）" }).waitFor();
    await page.getByTestId("sessions-table").getByText("当前设备").waitFor();
    await noSidewaysScroll(page);
    await shot(page, "identity-profile-phone");
    expect(errors).toEqual([]);
  });

  it("the verified citizen sees the profile on a desktop, binds an enterprise and acts for it explicitly", async () => {
    const { page, errors } = await openPage(false);
    await page.goto(`${base}/login`);
    await page.getByRole("tab", { name: "验证码登录" }).click();
    const smsTab = page.getByRole("tabpanel", { name: "验证码登录" });
    await smsTab.getByLabel("手机号码").fill(phone);
    await smsTab.getByTestId("sms-send").click();
    await smsTab.getByText(/验证码已发送至/).waitFor();
    await smsTab.getByLabel("短信验证码").fill(await lastSmsCode(phone));
    await smsTab.getByRole("button", { name: /登\s*录/ }).click();
    await page.waitForURL(`${base}/account`);
    expect(await page.getByTestId("id-number-masked").textContent()).toBe(PERSON.masked);
    // Two sessions now: the phone's and this one; the other can be logged out from here.
    await page
      .getByTestId("sessions-table")
      .getByRole("button", { name: /下\s*线/ })
      .first()
      .waitFor();
    await shot(page, "identity-profile-desktop");
    // The same page in English: texts from en.ts, the masked number unchanged.
    await page.getByTestId("lang-switch").getByText("EN", { exact: true }).click();
    await page.getByRole("heading", { name: "My account" }).waitFor();
    await page.getByText("Verified (level 2)").first().waitFor();
    await shot(page, "identity-profile-en");
    await page.getByTestId("lang-switch").getByText("简体", { exact: true }).click();
    await page.getByRole("heading", { name: "我的账户" }).waitFor();

    await page.getByTestId("user-menu").click();
    await page
      .getByRole("navigation", { name: "账户菜单" })
      .getByRole("link", { name: /我的企业/ })
      .click();
    await page.waitForURL(`${base}/account/enterprises`);
    await page
      .getByTestId("acting-status")
      .filter({ hasText: `以个人身份办事：${PERSON.name}` })
      .waitFor();
    await page.getByLabel("统一社会信用代码").fill(ENTERPRISE.uscc);
    await page.getByRole("button", { name: /绑\s*定/ }).click();
    const item = page.getByTestId(`enterprise-${ENTERPRISE.uscc}`);
    await item.getByText(ENTERPRISE.name).waitFor();
    await item.getByText("法定代表人").waitFor();

    // Acting for the enterprise is an explicit switch, and the header says so on every page.
    await item.getByRole("button", { name: "以该企业身份办事" }).click();
    await page
      .getByTestId("acting-bar")
      .filter({ hasText: `以企业身份办事：${ENTERPRISE.name}` })
      .waitFor();
    await page.goto(`${base}/`);
    await page.getByTestId("acting-bar").filter({ hasText: ENTERPRISE.name }).waitFor();
    await page.goto(`${base}/account/enterprises`);

    // Authorise a demo citizen (张伟, verified) as an agent.
    await item.getByRole("button", { name: "授权经办人" }).click();
    await item.getByLabel("经办人手机号码").fill("13800000002");
    await item.getByRole("button", { name: "确认授权" }).click();
    await item
      .getByRole("row", { name: /138\*{4}0002/ })
      .getByText("有效")
      .waitFor();
    await shot(page, "identity-enterprises-desktop");

    await page.getByTestId("acting-bar").getByRole("button", { name: "切换回个人身份" }).click();
    await page.getByTestId("acting-bar").waitFor({ state: "detached" });
    expect(errors).toEqual([]);
  });

  it("a platform admin opens a staff account, and the new staff member enrols TOTP at first login", async () => {
    const admin = await createStaff(t, { roles: ["platform_admin"] });
    const { page, context, errors } = await openPage(false);
    await signIn(context, base, admin.headers);

    await page.goto(`${base}/admin/staff`);
    await page.getByRole("heading", { name: "工作人员账号", level: 1 }).waitFor();
    // By name: the demo staff (a clerk and an approver per department) fill the first page.
    await page.getByLabel("按用户名或姓名筛选").fill(admin.username);
    await page.getByLabel("按用户名或姓名筛选").press("Enter");
    await page.getByRole("cell", { name: new RegExp(admin.username) }).waitFor();
    await page.getByLabel("按用户名或姓名筛选").fill("");
    await page.getByLabel("按用户名或姓名筛选").press("Enter");
    await page.getByTestId("staff-create").click();
    const dialog = page.getByRole("dialog");
    const username = `clerk${Date.now() % 100_000}`;
    await dialog.getByLabel("用户名").fill(username);
    await dialog.getByLabel("姓名").fill("窗口新人");
    await dialog.getByLabel("部门", { exact: true }).click();
    await page.locator(".ant-select-item-option", { hasText: "示例市市场监督管理局" }).click();
    await dialog.getByLabel("初始密码").fill(TEST_PASSWORD);
    await dialog.getByRole("button", { name: /保\s*存/ }).click();
    const row = page.getByRole("row", { name: new RegExp(username) });
    await row.getByText("待绑定动态口令").waitFor();
    await row.getByText("窗口受理人员").waitFor();
    await shot(page, "identity-staff-admin-desktop");
    // The same page on a phone: one stacked column, no sideways scrolling.
    const adminPhone = await openPage(true);
    await signIn(adminPhone.context, base, admin.headers);
    await adminPhone.page.goto(`${base}/admin/staff`);
    await adminPhone.page.getByRole("cell", { name: new RegExp(username) }).waitFor();
    await noSidewaysScroll(adminPhone.page);
    await shot(adminPhone.page, "identity-staff-admin-phone");
    expect(adminPhone.errors).toEqual([]);
    expect(errors).toEqual([]);

    // First login of the new account, on a phone: password, then the QR code and secret to enrol.
    const phonePage = await openPage(true);
    const p = phonePage.page;
    await p.goto(`${base}/staff/login`);
    await p.getByLabel("用户名").fill(username);
    await p.getByLabel("密码").fill(TEST_PASSWORD);
    await p.getByRole("button", { name: "下一步" }).click();
    await p.getByTestId("totp-qr").waitFor();
    const secret = ((await p.getByTestId("totp-secret").textContent()) ?? "").replace(/\s/g, "");
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await noSidewaysScroll(p);
    await shot(p, "identity-staff-enrol-phone");
    // A wrong code is refused; the right one enrols and completes the login.
    await p.getByLabel("动态口令").fill("000000");
    await p.getByRole("button", { name: "绑定并登录" }).click();
    await p.getByRole("alert").filter({ hasText: "动态口令错误" }).waitFor();
    phonePage.errors.length = 0; // the expected 400
    await p.getByLabel("动态口令").fill(totpNow(secret));
    await p.getByRole("button", { name: "绑定并登录" }).click();
    // The administrator chose the first password: it is replaced before the login completes.
    await p.getByTestId("new-password-reason").filter({ hasText: "临时密码" }).waitFor();
    await p.getByLabel("当前密码").fill(TEST_PASSWORD);
    await p.getByLabel("设置密码").fill("Only-Mine#2026");
    await p.getByLabel("确认密码").fill("Only-Mine#2026");
    await p.getByRole("button", { name: "设置新密码并登录" }).click();
    await p.waitForURL(`${base}/workbench`);
    await p.getByRole("heading", { name: "工作台" }).waitFor(); // the page has settled: a click now stays open
    await p.getByTestId("user-menu").click();
    await p.getByText("示例市市场监督管理局").first().waitFor();
    expect(phonePage.errors).toEqual([]);

    // The admin's list now shows the authenticator as enrolled.
    await page.reload();
    await page
      .getByRole("row", { name: new RegExp(username) })
      .getByText("已绑定动态口令")
      .waitFor();

    // A platform administrator edits the calendar and the department directory (read-only for others).
    await page.goto(`${base}/admin/calendar?year=2026`);
    await page.getByRole("heading", { name: "设置特殊日期" }).waitFor();
    expect(await page.getByTestId("readonly-notice").count()).toBe(0);
    const dayForm = page.locator("form#calendar-day");
    await dayForm.getByLabel("日期").fill("2026-10-10");
    await dayForm.getByLabel("日期").press("Enter");
    await dayForm.getByText("调休上班").click();
    await dayForm.getByLabel("名称").fill("测试调休");
    await dayForm.getByRole("button", { name: /保\s*存/ }).click();
    await page.getByText("已保存 2026-10-10").waitFor();
    await page.getByRole("row", { name: /2026-10-10.*测试调休/ }).waitFor();
    await shot(page, "identity-calendar-admin-desktop");

    await page.goto(`${base}/admin/departments?q=${encodeURIComponent("民政")}`);
    await page.getByRole("button", { name: "编辑部门：示例市民政局" }).click();
    const deptDialog = page.getByRole("dialog");
    await deptDialog.getByLabel("英文名称").fill("Civil Affairs Bureau of Demo City");
    await deptDialog.getByRole("button", { name: /保\s*存/ }).click();
    await page.getByRole("cell", { name: /Civil Affairs Bureau of Demo City/ }).waitFor();
    expect(errors).toEqual([]);
  });
});
