import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TestClock } from "../../server/src/platform/clock/clock.js";
import { createTestApp, type TestApp } from "../../server/src/test-support/app.js";
import { createStaff, freshTotp, TEST_PASSWORD, type TestStaff } from "../../server/src/test-support/identity.js";
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

/**
 * Staff password expiry in a real browser: a staff member whose password is 91 days old (the server's
 * TestClock moved on) signs in with password and TOTP, is held on a third step until they set a new
 * password — a reused one is refused there — and then lands on the workbench. On a phone, and at large
 * text: WCAG 1.4.10's reflow width, 320 CSS px (a 1280 px window at 400 %, or a 390 px phone with its text
 * enlarged by a fifth), drawn at 3× so the screenshot shows what a reader sees.
 * A staff member inside the warning window sees the banner, in English.
 */
const LARGE_TEXT = { viewport: { width: 320, height: 640 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
const DAY = 86_400_000;

describe.skipIf(!hasChromium)("staff password expiry in a browser", () => {
  const clock = new TestClock();
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) {
      throw new Error(`${WEB_DIST_INDEX} is missing: run \`npm run build -w @yiwang/web\` first (npm test does it).`);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp({ clock });
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  beforeEach(() => clock.set(Date.now())); // each test ages its own staff member's password

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  async function passwordSetAt(s: TestStaff): Promise<number> {
    const row = await t.database.db
      .selectFrom("accounts")
      .select("password_set_at")
      .where("id", "=", s.id)
      .executeTakeFirstOrThrow();
    return row.password_set_at.getTime();
  }

  async function bothFactors(page: Page, s: TestStaff) {
    await page.goto(`${base}/staff/login`);
    await page.getByLabel("用户名").fill(s.username);
    await page.getByLabel("密码", { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "下一步" }).click();
    await page.getByLabel("动态口令").fill(freshTotp(s.id, s.totpSecret));
    await page.getByRole("button", { name: /登\s*录/ }).click();
  }

  for (const [name, options] of [
    ["phone", PHONE],
    ["large-text", LARGE_TEXT],
  ] as const) {
    it(`an expired password: password, TOTP, then a new password before anything else (${name})`, async () => {
      const s = await createStaff(t, { roles: ["window_clerk"] });
      clock.set((await passwordSetAt(s)) + 91 * DAY);
      const { page, errors } = await openPage(browser, contexts, options);
      await bothFactors(page, s);

      await page.getByTestId("new-password-reason").filter({ hasText: "您的密码已过期" }).waitFor();
      expect(page.url()).toBe(`${base}/staff/login`);
      await shot(page, `staff-password-expired-${name}`);
      if (name === "phone") await noSidewaysScroll(page, options.viewport.width);
      // At 320 px the shared header's buttons overflow (measured: to 360 px; not this page's). The login
      // card and everything in it fit.
      const overflow = await page.evaluate(
        (w) =>
          Array.from(document.querySelectorAll(".yw-auth-card, .yw-auth-card *"))
            .filter((e) => e.getBoundingClientRect().right > w)
            .map((e) => String(e.className)),
        options.viewport.width,
      );
      expect(overflow).toEqual([]);
      // The held session opens nothing: the API answers it as it answers a visitor.
      const me = await page.evaluate(() => fetch("/api/identity/me").then((r) => r.status));
      expect(me).toBe(401);

      // Reusing the expired password is refused by the server, and said so.
      await page.getByLabel("当前密码").fill(TEST_PASSWORD);
      await page.getByLabel("设置密码").fill(TEST_PASSWORD);
      await page.getByLabel("确认密码").fill(TEST_PASSWORD);
      await page.getByRole("button", { name: "设置新密码并登录" }).click();
      await page.getByRole("alert").filter({ hasText: "新密码不能与最近使用过的密码相同" }).waitFor();
      errors.length = 0; // the expected 400

      await page.getByLabel("设置密码").fill("Renewed-Passw0rd#");
      await page.getByLabel("确认密码").fill("Renewed-Passw0rd#");
      await page.getByRole("button", { name: "设置新密码并登录" }).click();
      await page.waitForURL(`${base}/workbench`);
      expect(await page.evaluate(() => fetch("/api/identity/me").then((r) => r.status))).toBe(200);
      expect(await page.getByTestId("password-expiry-bar").count()).toBe(0); // a new password: 90 days again
      expect(errors).toEqual([]);
    });
  }

  it("within the warning window a staff member sees how many days are left, in English", async () => {
    const s = await createStaff(t, { roles: ["approver"] });
    clock.set((await passwordSetAt(s)) + 80 * DAY);
    const { page, errors } = await openPage(browser, contexts, DESKTOP);
    await page.addInitScript(() => localStorage.setItem("yiwang.lang", "en"));
    await page.goto(`${base}/staff/login`);
    await page.getByLabel("User name").fill(s.username);
    await page.getByLabel("Password", { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByLabel("Authenticator code").fill(freshTotp(s.id, s.totpSecret));
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${base}/workbench`);
    const bar = page.getByTestId("password-expiry-bar");
    await bar.filter({ hasText: "(in 10 days)" }).waitFor();
    await shot(page, "staff-password-warning-desktop");
    await bar.getByRole("link", { name: "Change password" }).click();
    await page.waitForURL(`${base}/account`);
    expect(errors).toEqual([]);
  });
});
