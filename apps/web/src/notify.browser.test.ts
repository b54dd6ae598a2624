import { createECDH, randomBytes } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../server/src/test-support/app.js";
import { registerCitizen } from "../../server/src/test-support/identity.js";
import {
  ARTIFACTS,
  hasChromium,
  launchBrowser,
  noSidewaysScroll,
  openPage,
  PHONE,
  shot,
  signIn,
  WEB_DIST_INDEX,
} from "./test-support/browser.js";

/**
 * The notice settings on a phone: a citizen adds an email address, moves the decision notice (法定告知) from
 * SMS to email, cannot switch it off entirely, sets quiet hours, and saves; the page fits 390 px.
 */
describe.skipIf(!hasChromium)("notice settings in a browser (phone)", () => {
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
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  it("a citizen chooses channels and quiet hours; a legally required notice keeps a channel", async () => {
    const citizen = await registerCitizen(t);
    const { page, errors } = await openPage(browser, contexts, PHONE);
    await signIn(page.context(), base, citizen.headers);
    await page.goto(`${base}/account/notifications?tab=settings`);
    await page.getByRole("heading", { name: "消息中心", level: 1 }).waitFor();
    await page.getByText("已绑定，短信发送到账户手机号").waitFor();

    await page.getByTestId("notice-email").fill("citizen@example.test");
    const decided = page.getByTestId("channels-case.decided");
    await decided.getByLabel("站内").uncheck();
    await decided.getByLabel("短信").uncheck();
    await page.getByText("法定告知不能关闭，请至少选择一个渠道").waitFor();
    expect(await page.getByTestId("notice-save").isDisabled()).toBe(true);
    await decided.getByLabel("邮件").check();
    await page.getByTestId("notice-quiet").click();
    await noSidewaysScroll(page, PHONE.viewport.width);
    await shot(page, "notify-settings-phone");
    await page.getByTestId("notice-save").click();
    await page.getByText("设置已保存").waitFor();

    const saved = (
      await t.app.inject({ method: "GET", url: "/api/notifications/settings", headers: citizen.headers })
    ).json();
    expect(saved).toMatchObject({ email: "citizen@example.test", quietHours: { start: 1320, end: 420 } });
    expect(saved.preferences.find((p: { eventType: string }) => p.eventType === "case.decided").channels).toEqual([
      "email",
    ]);
    expect(errors).toEqual([]);
  });

  /**
   * The "enable browser notifications" switch registers /sw.js and sends the subscription. Headless
   * Chromium has no push service to subscribe with, so PushManager.subscribe answers a fixed subscription
   * (an https endpoint and real P-256 keys) and records the VAPID key it was given.
   */
  it("the browser notifications switch registers the service worker and sends the subscription", async () => {
    const citizen = await registerCitizen(t);
    const ecdh = createECDH("prime256v1");
    ecdh.generateKeys();
    const sub = {
      endpoint: "https://push.example.test/send/abc",
      keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") },
    };
    const { page, errors } = await openPage(browser, contexts, PHONE);
    await page.context().grantPermissions(["notifications"], { origin: base });
    await page.addInitScript((s) => {
      const w = window as unknown as { __vapidKey?: number[] };
      PushManager.prototype.subscribe = async (options?: PushSubscriptionOptionsInit) => {
        w.__vapidKey = Array.from(new Uint8Array(options?.applicationServerKey as ArrayBuffer));
        return { ...s, expirationTime: null, toJSON: () => s, unsubscribe: async () => true } as never;
      };
    }, sub);
    await signIn(page.context(), base, citizen.headers);
    await page.goto(`${base}/account/notifications?tab=settings`);
    const toggle = page.getByRole("switch", { name: "开启本浏览器通知" });
    await toggle.click();
    await page.waitForFunction(() => document.querySelector('[data-testid="push-switch"] [aria-checked="true"]'));
    await noSidewaysScroll(page, PHONE.viewport.width);

    const registered = await page.evaluate(
      async () => (await navigator.serviceWorker.getRegistration("/sw.js"))?.active?.scriptURL,
    );
    expect(registered).toBe(`${base}/sw.js`);
    const key = await page.evaluate(() => (window as unknown as { __vapidKey?: number[] }).__vapidKey ?? []);
    expect(Buffer.from(key).toString("base64url")).toBe(t.config.notify.webpush?.publicKey);
    const stored = await t.database.db
      .selectFrom("notify_push_subscriptions")
      .select("origin")
      .where("account_id", "=", citizen.id)
      .execute();
    expect(stored).toEqual([{ origin: "https://push.example.test" }]);
    // the Browser channel is offered in the settings
    await page.getByTestId("channels-case.decided").getByLabel("浏览器通知").check();
    expect(errors).toEqual([]);
  });
});
