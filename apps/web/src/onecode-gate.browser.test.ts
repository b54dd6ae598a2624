import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { OnecodeIssued } from "@yiwang/contracts";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { holderWithLicenses } from "../../server/src/modules/onecode/testing.js";
import { createTestApp, type TestApp } from "../../server/src/test-support/app.js";
import { type Headers, loginAs } from "../../server/src/test-support/identity.js";
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
 * 亮码核验 (/verify/onecode) in a real browser. Chromium's fake camera plays a picture of 张伟's code: the phone
 * gate (camera allowed) reads it through the camera and shows green. Then the gate goes offline
 * (`context.setOffline`), reloads — the service worker serves the page — and still verifies pasted codes and
 * uploaded pictures against its cached key list: valid, tampered, the same code twice at this gate. A desktop
 * gate without camera permission gets the fallback message; after a key is removed and the list refreshed,
 * a code signed by it is refused; a list past its exp refuses everything. A code carrying a social security card
shows the card under the verdict. Codes live 10 minutes here
 * (ONECODE_LIFETIME_SECONDS) so that the camera's picture, made before the browser starts, is still valid.
 */

/** Network errors of an offline page (the layout's session check): expected, not page faults. */
const offlineNoise = (e: string) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::ERR_/.test(e);

describe.skipIf(!hasChromium)("亮码核验 gate page in a browser", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let zhang: Headers;
  let ssc: string;
  let cameraCode: OnecodeIssued;
  const dir = mkdtempSync(path.join(os.tmpdir(), "yiwang-onecode-gate-"));

  const issue = async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/onecode/code", headers: zhang });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as OnecodeIssued;
  };
  const pngFile = (issued: OnecodeIssued, name: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, Buffer.from(issued.png.replace(/^data:image\/png;base64,/, ""), "base64"));
    return file;
  };
  const verdict = (page: Page, result: string) =>
    page.locator(`[data-testid=gate-result][data-result=${result}]`).waitFor({ timeout: 15_000 });
  const paste = async (page: Page, code: string) => {
    const input = page.locator("input[data-testid=gate-paste], [data-testid=gate-paste] input").first();
    await input.fill(code);
    await input.press("Enter");
  };
  /** Clears the verdict so that the same verdict twice is still seen as a new one. */
  const clear = (page: Page) => paste(page, "x");

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) throw new Error(`${WEB_DIST_INDEX} is missing: run \`npm run build:web\` first.`);
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp({ env: { ONECODE_LIFETIME_SECONDS: "600" } });
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    ({ headers: zhang, ssc } = await holderWithLicenses(t));
    cameraCode = await issue();
    const video = path.join(dir, "camera.y4m");
    writeFileSync(video, y4mOf(cameraCode.png));
    browser = await launchBrowser(["--use-fake-device-for-media-stream", `--use-file-for-fake-video-capture=${video}`]);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  it("phone: reads the code through the camera; offline after the first load it still verifies", async () => {
    const { page, errors } = await openPage(browser, contexts, { ...PHONE, permissions: ["camera"] });
    await page.goto(`${base}/verify/onecode`);
    await page.locator("[data-testid=gate-list][data-state=ok]").waitFor();
    await page.getByTestId("onecode-camera-start").click();
    await verdict(page, "valid");
    await noSidewaysScroll(page, 390);
    await shot(page, "onecode-gate-phone-valid");
    await page.getByTestId("onecode-camera-stop").click();

    // The service worker controls the page and has the assets it loaded.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });
    await page.waitForFunction(
      async () => {
        const cache = await caches.open("yiwang-onecode-gate-v1");
        const urls = (await cache.keys()).map((r) => r.url);
        return urls.some((u) => u.endsWith("/verify/onecode")) && urls.some((u) => /OnecodeGatePage.*\.js$/.test(u));
      },
      undefined,
      { timeout: 15_000 },
    );

    await page.context().setOffline(true);
    await page.reload();
    await page.locator("[data-testid=gate-online]").getByText("离线").waitFor();
    await page.locator("[data-testid=gate-list][data-state=ok]").waitFor();
    const fresh = await issue(); // from the server, in the test process: the gate itself is offline
    await paste(page, fresh.code);
    await verdict(page, "valid");
    // One changed character of the signature: refused in red.
    const tampered = fresh.code.slice(0, -3) + (fresh.code.at(-3) === "A" ? "B" : "A") + fresh.code.slice(-2);
    await paste(page, tampered);
    await verdict(page, "bad_signature");
    // The same code again at this gate is a replay.
    await paste(page, fresh.code);
    await verdict(page, "replayed");
    await paste(page, "hello, not a code");
    await verdict(page, "malformed");
    // A picture of another code, uploaded and decoded in the page.
    await page.getByTestId("gate-upload").setInputFiles(pngFile(await issue(), "upload.png"));
    await verdict(page, "valid");
    expect(await page.locator(".yw-onecode-verdict.is-valid").count()).toBe(1);
    await noSidewaysScroll(page, 390);
    await shot(page, "onecode-gate-phone-offline");
    await page.context().setOffline(false);
    expect(errors.filter(offlineNoise)).toEqual([]);
  });

  it("desktop: no camera permission → fallback; a removed key fails after a refresh; a stale list refuses", async () => {
    const { page, errors } = await openPage(browser, contexts, DESKTOP);
    await page.addInitScript(() => localStorage.setItem("yiwang.lang", "en"));
    await page.clock.install();
    await page.goto(`${base}/verify/onecode`);
    await page.locator("[data-testid=gate-list][data-state=ok]").waitFor();
    await page.getByTestId("onecode-camera-start").click();
    await page.locator("[data-testid=onecode-camera-problem][data-problem=denied]").waitFor();
    await page.getByText("Camera permission was denied").waitFor();

    const before = await issue();
    await paste(page, before.code);
    await verdict(page, "valid");
    await page.getByText("Valid", { exact: true }).waitFor();
    // A code carrying the holder's social security card (扩展域): shown, labelled, under the verdict.
    const attached = await t.app.inject({ method: "GET", url: `/api/onecode/code?attach=${ssc}`, headers: zhang });
    expect(attached.statusCode, attached.body).toBe(200);
    await paste(page, (attached.json() as OnecodeIssued).code);
    await page.locator("[data-testid=onecode-extensions] [data-type=ssc]").waitFor();
    await page.getByText("Social security card").waitFor();
    await page.getByText("SSC0001").waitFor();
    await shot(page, "onecode-gate-desktop");

    const admin = await loginAs(t, "security_admin");
    const removed = await t.app.inject({
      method: "POST",
      url: `/api/onecode/keys/${before.kid}/remove`,
      headers: admin,
      payload: { reason: "演练" },
    });
    expect(removed.statusCode, removed.body).toBe(200);
    const after = await issue(); // a new key; the gate's list does not know it yet
    await paste(page, after.code);
    await verdict(page, "unknown_kid");
    await page.getByTestId("gate-refresh").click();
    await page.waitForFunction(() => !document.querySelector("[data-testid=gate-refresh] .ant-btn-loading-icon"));
    await clear(page);
    await paste(page, before.code);
    await verdict(page, "unknown_kid");
    await page.getByText("Unknown or withdrawn signing key").waitFor();
    await paste(page, after.code);
    await verdict(page, "valid");

    // A day and more later, offline, the cached list is past its exp: every code is refused.
    await page.context().setOffline(true);
    await page.clock.setSystemTime(Date.now() + 25 * 3600_000);
    await paste(page, (await issue()).code);
    await verdict(page, "list_expired");
    await page.context().setOffline(false);
    expect(errors.filter(offlineNoise)).toEqual([]);
  });
});

/**
 * A one-frame YUV4MPEG2 video (Chromium's fake camera loops it) showing the QR PNG on white, scaled up with
 * nearest-neighbour pixels; 4:2:0 with neutral chroma (grey).
 */
function y4mOf(dataUrl: string): Buffer {
  const png = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ""), "base64"));
  const W = 640;
  const H = 480;
  const side = 440;
  const x0 = (W - side) / 2;
  const y0 = (H - side) / 2;
  const y = Buffer.alloc(W * H, 235);
  for (let row = 0; row < side; row++)
    for (let col = 0; col < side; col++) {
      const sx = Math.floor((col * png.width) / side);
      const sy = Math.floor((row * png.height) / side);
      const i = (sy * png.width + sx) * 4;
      const lum = (png.data[i] ?? 255) * 0.299 + (png.data[i + 1] ?? 255) * 0.587 + (png.data[i + 2] ?? 255) * 0.114;
      y[(y0 + row) * W + x0 + col] = Math.round(16 + (lum * 219) / 255);
    }
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F5:1 Ip A1:1 C420jpeg\nFRAME\n`), y, chroma]);
}
