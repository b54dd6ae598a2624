import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveredCase, packageOf } from "../../server/src/modules/archives/testing.js";
import { enterpriseApplicant, staffOf } from "../../server/src/modules/cases/testing.js";
import { seedDemo } from "../../server/src/seed/index.js";
import { createTestApp, type TestApp } from "../../server/src/test-support/app.js";
import { createStaff, type Headers } from "../../server/src/test-support/identity.js";
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
 * 电子档案 in a real browser (issue 26): the archivist finds a delivered case's package at /workbench/archives,
 * opens it and sees its files and the four-property check report; a supervisor sees the disposal list.
 * On a phone (no sideways scrolling) and on a desktop.
 */
describe.skipIf(!hasChromium)("archives in a browser", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let archiveNo: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) throw new Error(`${WEB_DIST_INDEX} is missing: run \`npm run build:web\` first.`);
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    await seedDemo(t.database.db, t.config);
    const c = await deliveredCase(t, await enterpriseApplicant(t), {
      clerk: await staffOf(t, "window_clerk", "amr"),
      approver: await staffOf(t, "approver", "amr"),
    });
    archiveNo = (await packageOf(t, c.id)).archive_no;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  async function signedIn(
    headers: Headers,
    device: typeof PHONE | typeof DESKTOP,
  ): Promise<{ page: Page; errors: string[] }> {
    const opened = await openPageIn(browser, contexts, device);
    const [name, value] = headers.cookie.split("=");
    await opened.page.context().addCookies([{ name, value, url: base }]);
    return opened;
  }

  for (const [label, device, width] of [
    ["phone", PHONE, 390],
    ["desktop", DESKTOP, 1280],
  ] as const) {
    it(`the archivist opens a package and sees its files and check report (${label})`, async () => {
      const archivist = (await createStaff(t, { roles: ["archivist"] })).headers;
      const { page, errors } = await signedIn(archivist, device);
      await page.goto(`${base}/workbench/archives`);
      await page.getByRole("heading", { name: "电子档案" }).waitFor();
      await page.getByText(archiveNo).first().click();
      const drawer = page.locator(".ant-drawer-content");
      await drawer.getByText("包内文件").waitFor();
      await drawer.getByText("data/metadata.json").waitFor();
      await drawer.getByText("AU-01").waitFor();
      await drawer.getByText("档案包摘要与归档登记一致").waitFor();
      expect(await drawer.getByRole("button", { name: "立即检测" }).isVisible()).toBe(true);
      await noSidewaysScroll(page, width);
      await shot(page, `archives-package-${label}`);
      expect(errors).toEqual([]);
    });
  }

  it("a supervisor sees the disposal approvals tab (phone)", async () => {
    const supervisor = (await createStaff(t, { roles: ["supervisor"] })).headers;
    const { page, errors } = await signedIn(supervisor, PHONE);
    await page.goto(`${base}/workbench/archives`);
    await page.getByRole("tab", { name: "鉴定销毁" }).click();
    await page.getByText("暂无销毁申请").waitFor();
    await noSidewaysScroll(page, 390);
    expect(errors).toEqual([]);
  });
});
