import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import * as client from "openid-client";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../../server/src/modules/identity/index.js";
import { type ListeningApp, listeningApp, registerClient, rp } from "../../server/src/modules/identity/oidc/testing.js";
import { seedDemo } from "../../server/src/seed/index.js";
import { createStaff, department, registerCitizen } from "../../server/src/test-support/identity.js";
import { ARTIFACTS, hasChromium, launchBrowser, WEB_DIST_INDEX } from "./test-support/browser.js";

/**
 * Single sign-on in a real browser (Debian Chromium, the built app served by the real server): a relying
 * party sends the browser to the provider; the /sso page asks the logged-in citizen to sign in and then to
 * consent (ID number unticked by default); the code that comes back is exchanged by openid-client. Then the
 * client administration page, with a rotated secret shown once. Screenshots go to test-artifacts/.
 */

const RP = "https://rp-sso.example.gov.cn/callback";

describe.skipIf(!hasChromium)("OIDC single sign-on in a browser", () => {
  let t: ListeningApp;
  let browser: Browser;
  let admin: Awaited<ReturnType<typeof createStaff>>;
  let rpClient: { clientId: string; clientSecret: string };

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) throw new Error(`${WEB_DIST_INDEX} is missing: build the web app first.`);
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await listeningApp();
    await seedDemo(t.database.db, t.config);
    admin = await createStaff(t, { roles: ["platform_admin"] });
    rpClient = await registerClient(t, admin.headers, {
      name: "示例市不动产登记系统",
      kind: "web",
      departmentId: await department(t, "amr"),
      redirectUris: [RP],
      scopes: ["openid", "profile", "id_number"],
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  function sessionCookie(headers: Record<string, string>) {
    const value = headers.cookie.split("=")[1];
    return { name: SESSION_COOKIE, value, url: t.base };
  }

  it("signs a citizen in to a department system: login step, consent with the ID number unticked", async () => {
    const citizen = await registerCitizen(t, { realname: { name: "陈静", idNumber: "990101199506181286" } });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await context.addCookies([sessionCookie(citizen.headers)]);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    // The provider answers the consent with a 303 to the RP's callback. Playwright's page.route sees only
    // the first request of a redirect chain, so the callback is caught as a request (the fictional host
    // never resolves, and need not: the test is the RP and redeems the code itself).
    const callbackRequest = page.waitForRequest((r) => r.url().startsWith(RP), { timeout: 20_000 });

    const config = await rp(t.base, rpClient);
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: RP,
      scope: "openid profile id_number",
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state,
    });
    await page.goto(url.href);
    await page.waitForURL(/\/sso\//);
    await expect(page.getByText("示例市不动产登记系统").first()).toBeTruthy();
    const continueButton = page.getByRole("button", { name: /以 .* 的身份登录/ });
    await continueButton.waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "oidc-sso-login-phone.png"), fullPage: true });
    await continueButton.click();

    const checkbox = page.locator("#sso-id-number");
    await checkbox.waitFor();
    expect(await checkbox.isChecked()).toBe(false);
    expect(await page.getByText("姓名、实名认证等级").count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, "oidc-sso-consent-phone.png"), fullPage: true });
    await page.getByRole("button", { name: "同意授权并继续" }).click();
    const callback = (await callbackRequest).url();

    const tokens = await client.authorizationCodeGrant(config, new URL(callback), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    expect(tokens.scope?.split(" ")).not.toContain("id_number");
    const info = await client.fetchUserInfo(config, tokens.access_token, tokens.claims()?.sub as string);
    expect(info).toMatchObject({ name: "陈静", realname_level: 2 });
    expect(info.id_number).toBeUndefined();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows the client administration page and a rotated secret once", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addCookies([sessionCookie(admin.headers)]);
    const page = await context.newPage();
    await page.goto(`${t.base}/admin/oidc-clients`);
    await page
      .getByText("示例市不动产登记系统")
      .waitFor({ timeout: 15_000 })
      .catch(async (e) => {
        await page.screenshot({ path: path.join(ARTIFACTS, "oidc-clients-admin-FAILED.png"), fullPage: true });
        throw e;
      });
    await page.screenshot({ path: path.join(ARTIFACTS, "oidc-clients-admin-desktop.png"), fullPage: true });
    await page.getByRole("button", { name: "重置密钥" }).first().click();
    await page
      .locator(".ant-popconfirm")
      .getByRole("button", { name: /确\s*定|OK/ })
      .click();
    const secret = page.getByTestId("oidc-secret");
    await secret.waitFor();
    expect((await secret.textContent())?.trim()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await page.waitForTimeout(500); // the modal's opening animation
    await page.screenshot({ path: path.join(ARTIFACTS, "oidc-clients-secret-desktop.png") });
    await context.close();
  });
});
