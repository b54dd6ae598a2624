import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { HallList } from "@yiwang/contracts";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginCitizen, seedCity, staffOf } from "../../server/src/modules/cases/testing.js";
import { TestClock } from "../../server/src/platform/clock/clock.js";
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
 * 网上预约 and the hall in a real browser. 张伟 books marriage registration (an item that needs a visit) from
 * its guide on a phone and gets a QR code under My bookings; the 民政局 clerk, on a desktop in English,
 * uploads a picture of it (decoded in the browser) and gets A001; a hall screen on a 1920×1080 TV shows A001
 * and the window as soon as the clerk calls it (SSE). The server's clock is a working Monday, 09:00.
 */

const MARRIAGE = "990100-QR-001";
const TV = { viewport: { width: 1920, height: 1080 } };

describe.skipIf(!hasChromium)("网上预约 and the hall screen in a browser", () => {
  const clock = new TestClock("2026-12-07T01:00:00Z");
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let zhang: Headers;
  let clerk: Headers;
  let hallId: string;
  const pictures = mkdtempSync(path.join(os.tmpdir(), "yiwang-hall-"));

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) throw new Error(`${WEB_DIST_INDEX} is missing: run \`npm run build:web\` first.`);
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp({ clock });
    await seedCity(t);
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    zhang = await loginCitizen(t, "13800000002");
    clerk = await staffOf(t, "window_clerk", "civil");
    const halls = (await t.app.inject({ method: "GET", url: "/api/appointments/halls" })).json() as HallList;
    hallId = halls.items.find((h) => h.key === "marriage")?.id as string;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  async function openAs(options: Parameters<Browser["newContext"]>[0], headers: Headers | null, lang = "zh-CN") {
    const opened = await openPageIn(browser, contexts, options);
    if (headers) {
      const [name, value] = headers.cookie.split(";")[0]?.split("=") ?? [];
      if (!name || !value) throw new Error(`unexpected session header ${headers.cookie}`);
      await opened.page.context().addCookies([{ name, value, url: base }]);
    }
    await opened.page.addInitScript((l) => localStorage.setItem("yiwang.lang", l), lang);
    return opened;
  }

  it("books on a phone, checks in by a picture of the QR at the desk, and the TV shows the called number", async () => {
    const phone = await openAs(PHONE, zhang);
    await phone.page.goto(`${base}/services/items/${MARRIAGE}`);
    await phone.page.getByTestId("apply").click();
    await phone.page.getByTestId("booking-dialog").waitFor();
    await phone.page.getByTestId("slot-2026-12-07-10:00").click();
    await noSidewaysScroll(phone.page, 390);
    await shot(phone.page, "hall-phone-booking");
    await phone.page.getByTestId("book-confirm").click();
    const qr = phone.page.getByTestId("booking-qr");
    await qr.waitFor();
    await phone.page.locator("[data-testid=booking][data-status=booked]").getByText("2026-12-07 10:00").waitFor();
    await noSidewaysScroll(phone.page, 390);
    await shot(phone.page, "hall-phone-mine");
    const src = (await qr.getAttribute("src")) ?? "";
    expect(src).toMatch(/^data:image\/png;base64,/);
    const picture = path.join(pictures, "booking.png");
    writeFileSync(picture, Buffer.from(src.replace(/^data:image\/png;base64,/, ""), "base64"));

    const tv = await openAs(TV, null);
    await tv.page.goto(`${base}/hall/${hallId}/screen`);
    await tv.page.locator("[data-testid=hall-screen][data-connected=true]").waitFor();
    await tv.page.getByText("示例市婚姻登记处").waitFor();

    const desk = await openAs(DESKTOP, clerk, "en");
    await desk.page.goto(`${base}/workbench/hall`);
    await desk.page.getByText("Booking check-in").waitFor();
    await desk.page.getByTestId("desk-upload").setInputFiles(picture);
    await desk.page.locator("[data-testid=desk-issued][data-label=A001]").waitFor();
    await desk.page.getByTestId("desk-window").fill("Window 3");
    await desk.page.getByTestId("desk-call").click();
    await desk.page.locator("[data-testid=desk-called][data-label=A001]").waitFor();
    await shot(desk.page, "hall-desk-desktop");

    // The TV hears of the call through the server's LISTEN/NOTIFY and SSE: no reload.
    await tv.page.locator("[data-testid=screen-latest][data-label=A001]").waitFor({ timeout: 10_000 });
    await tv.page.getByText("请到 Window 3 办理").waitFor();
    await shot(tv.page, "hall-screen-tv");

    // The phone's booking is now checked in, with its number.
    await phone.page.reload();
    await phone.page.locator("[data-testid=booking][data-status=checked_in]").waitFor();
    await phone.page.getByTestId("booking-ticket").getByText("A001").waitFor();

    expect(phone.errors).toEqual([]);
    expect(desk.errors).toEqual([]);
    expect(tv.errors).toEqual([]);
  });
});
