import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffOf } from "../../server/src/modules/cases/testing.js";
import { holderWithLicenses } from "../../server/src/modules/onecode/testing.js";
import { createTestApp, type TestApp } from "../../server/src/test-support/app.js";
import type { Headers } from "../../server/src/test-support/identity.js";
import {
  ARTIFACTS,
  DESKTOP,
  hasChromium,
  launchBrowser,
  noSidewaysScroll,
  openPage as openPageIn,
  PHONE,
  shot,
  WEB_DIST_INDEX,
} from "./test-support/browser.js";

/**
 * 亮码办事 in a real browser. 张伟 (holding a 居民身份证 and a 社会保障卡) opens 一码通 on a phone; the 公安局
 * window clerk, on a desktop in English, uploads a picture of the code (decoded in the browser by jsQR),
 * 张伟 consents on the phone to the ID card only, and the clerk's page lists that one license. A picture
 * without a QR code and the same code uploaded again (a screenshot) are refused with clear messages.
 */

describe.skipIf(!hasChromium)("一码通 in a browser", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let zhang: Headers;
  let clerk: Headers;
  const pictures = mkdtempSync(path.join(os.tmpdir(), "yiwang-onecode-"));

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) throw new Error(`${WEB_DIST_INDEX} is missing: run \`npm run build:web\` first.`);
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    ({ headers: zhang } = await holderWithLicenses(t));
    clerk = await staffOf(t, "window_clerk", "psb");
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  async function openAs(options: Parameters<Browser["newContext"]>[0], headers: Headers, lang = "zh-CN") {
    const opened = await openPageIn(browser, contexts, options);
    const [name, value] = headers.cookie.split(";")[0]?.split("=") ?? [];
    if (!name || !value) throw new Error(`unexpected session header ${headers.cookie}`);
    await opened.page.context().addCookies([{ name, value, url: base }]);
    await opened.page.addInitScript((l) => localStorage.setItem("yiwang.lang", l), lang);
    return opened;
  }

  it("phone shows the code; the window scans a picture of it and sees the consented license only", async () => {
    const phone = await openAs(PHONE, zhang);
    await phone.page.goto(`${base}/onecode`);
    const qr = phone.page.getByTestId("onecode-qr");
    await qr.waitFor();
    await phone.page.getByText("一码通").first().waitFor();
    await noSidewaysScroll(phone.page, 390);
    await shot(phone.page, "onecode-phone");
    const src = (await qr.getAttribute("src")) ?? "";
    expect(src).toMatch(/^data:image\/png;base64,/);
    const picture = path.join(pictures, "code.png");
    writeFileSync(picture, Buffer.from(src.replace(/^data:image\/png;base64,/, ""), "base64"));

    const desk = await openAs(DESKTOP, clerk, "en");
    await desk.page.goto(`${base}/workbench/onecode`);
    await desk.page.getByText("Scan a personal code").first().waitFor();

    // A picture with no QR code in it.
    const blank = path.join(pictures, "blank.png");
    writeFileSync(blank, blankPng());
    await desk.page.getByTestId("onecode-upload").setInputFiles(blank);
    await desk.page.getByText("No QR code found in the picture").waitFor();

    await desk.page.getByTestId("onecode-upload").setInputFiles(picture);
    await desk.page.locator("[data-testid=onecode-scan][data-status=pending]").waitFor();

    // The phone is asked (it polls), and 张伟 shows his ID card only.
    const pending = phone.page.getByTestId("onecode-pending");
    await pending.waitFor({ timeout: 15_000 });
    await phone.page.locator("[data-testid=onecode-license-choice][data-type=ID]").waitFor();
    expect(await phone.page.getByTestId("onecode-license-choice").count()).toBe(2);
    await phone.page.locator("[data-testid=onecode-license-choice][data-type=ID]").click();
    await noSidewaysScroll(phone.page, 390);
    await shot(phone.page, "onecode-phone-consent");
    await phone.page.getByTestId("onecode-consent").click();
    await phone.page.getByTestId("onecode-history-item").getByText("已同意").waitFor();

    await desk.page.locator("[data-testid=onecode-scan][data-status=consented]").waitFor({ timeout: 15_000 });
    const shown = desk.page.getByTestId("onecode-shown-license");
    await shown.first().waitFor();
    expect(await shown.count()).toBe(1);
    expect(await shown.first().getAttribute("data-type")).toBe("ID");
    // His cases in progress: none filed, and "show my cases" not ticked — the department's view, empty.
    await desk.page.locator("[data-testid=onecode-cases][data-scope=department]").waitFor();
    await desk.page.getByText("No cases in progress to show").waitFor();
    await shot(desk.page, "onecode-clerk-desktop");

    // The same picture again is a replay: refused with its message.
    await desk.page.getByTestId("onecode-upload").setInputFiles(picture);
    await desk.page.getByText("This code has already been scanned").waitFor();

    expect(phone.errors).toEqual([]);
    expect(desk.errors.filter((e) => !e.includes("status of 409"))).toEqual([]);
  });
});

/** A 64×64 white PNG: a picture with no QR code in it. */
function blankPng(): Buffer {
  const png = new PNG({ width: 64, height: 64 });
  png.data.fill(255);
  return PNG.sync.write(png);
}
