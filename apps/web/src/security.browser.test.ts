import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../server/src/test-support/app.js";
import { createStaff, type TestStaff } from "../../server/src/test-support/identity.js";
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
 * The security page in a real browser: a security administrator proposes an auditor account, an auditor
 * approves it and reads the one-time password once (it signs in); on a phone a security administrator
 * acknowledges an alert raised by a burst of refused requests. System administrators get no entry.
 */
describe.skipIf(!hasChromium)("security page in a browser", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) {
      throw new Error(`${WEB_DIST_INDEX} is missing: run \`npm run build -w @yiwang/web\` first (npm test does it).`);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp({ env: { SECURITY_DENIED_ALERT_COUNT: "5" } });
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  async function signedIn(staff: TestStaff, options: object) {
    return openSignedIn(browser, contexts, base, staff.headers, options);
  }

  it("dual control: a security admin proposes an auditor, an auditor approves and reads the one-time password once", async () => {
    const secAdmin = await createStaff(t, { roles: ["security_admin"] });
    const auditor = await createStaff(t, { roles: ["auditor"] });

    const proposer = await signedIn(secAdmin, DESKTOP);
    await proposer.page.goto(`${base}/admin`);
    await proposer.page.getByTestId("admin-security").click();
    await proposer.page.waitForURL(`${base}/admin/security`);
    await proposer.page.getByRole("tab", { name: "双人控制" }).click();
    await proposer.page.getByTestId("propose").click();
    const dialog = proposer.page.getByRole("dialog", { name: "提议新建或停用受控账号" });
    await dialog.getByLabel("用户名").fill("auditor.browser");
    await dialog.getByLabel("姓名").fill("浏览器审计员");
    await dialog.getByLabel("部门").click();
    await proposer.page.locator(".ant-select-dropdown .ant-select-item-option").first().click();
    await dialog.getByLabel("事由").fill("审计科新进人员");
    await dialog.getByRole("button", { name: /^提\s?交$/ }).click();
    await proposer.page.getByText("已提交，等待审计员处理").waitFor();
    await proposer.page
      .getByRole("row", { name: /浏览器审计员/ })
      .getByText("待处理")
      .waitFor();
    expect(await proposer.page.getByRole("button", { name: /^批\s?准$/ }).count()).toBe(0); // the proposer never decides
    expect(proposer.errors).toEqual([]);

    const decider = await signedIn(auditor, DESKTOP);
    await decider.page.goto(`${base}/admin/security`);
    await decider.page.getByRole("tab", { name: "双人控制" }).click();
    const row = decider.page.getByRole("row", { name: /浏览器审计员/ });
    await row.getByRole("button", { name: /^批\s?准$/ }).click();
    await decider.page
      .locator(".ant-popconfirm")
      .getByRole("button", { name: /^批\s?准$/ })
      .click();
    const shown = decider.page.getByTestId("one-time-password");
    await shown.waitFor();
    await shot(decider.page, "security-one-time-password-desktop");
    const password = ((await shown.textContent()) ?? "").trim();
    expect(password.length).toBeGreaterThanOrEqual(32);
    await decider.page.getByRole("button", { name: "我已记下" }).click();
    await row.getByText("已批准").waitFor();
    expect(decider.errors).toEqual([]);

    const login = await t.app.inject({
      method: "POST",
      url: "/api/identity/staff/login",
      payload: { username: "auditor.browser", password },
    });
    expect(login.json()).toEqual({ next: "mfa_enroll" });
  });

  it("on a phone a security admin acknowledges an alert; the page fits; a platform admin has no entry", async () => {
    const clerk = await createStaff(t, { roles: ["window_clerk"] });
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({
        method: "GET",
        url: "/api/admin/jobs/dead",
        headers: clerk.headers,
        remoteAddress: "2001:db8:85a3::8a2e:370:7334",
      });
      expect(res.statusCode).toBe(403);
    }
    const secAdmin = await createStaff(t, { roles: ["security_admin"] });
    const { page, errors } = await signedIn(secAdmin, PHONE);
    await page.goto(`${base}/admin/security`);
    const row = page.getByRole("row", { name: /2001:db8:85a3::8a2e:370:7334/ });
    await row.getByText("越权访问集中出现").waitFor();
    await shot(page, "security-alerts-phone");
    await noSidewaysScroll(page, PHONE.viewport.width);
    await row.getByRole("button", { name: /^确\s?认$/ }).click();
    await page
      .locator(".ant-popconfirm")
      .getByRole("button", { name: /^确\s?认$/ })
      .click();
    await page.getByText("告警已确认").waitFor();
    await page.locator(".ant-segmented-item-label", { hasText: /^已确认$/ }).click();
    await page.getByRole("row", { name: /2001:db8:85a3::8a2e:370:7334/ }).waitFor();
    expect(errors).toEqual([]);

    const admin = await createStaff(t, { roles: ["platform_admin"] });
    const other = await signedIn(admin, DESKTOP);
    await other.page.goto(`${base}/admin`);
    await other.page.getByTestId("admin-staff").waitFor();
    expect(await other.page.getByTestId("admin-security").count()).toBe(0);
    await other.page.goto(`${base}/admin/security`);
    await other.page.getByText("安全管理仅向安全管理员和审计员开放。").waitFor();
    expect(other.errors).toEqual([]);
  });
});
