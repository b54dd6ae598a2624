import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBag } from "../../server/src/modules/archives/bagit.js";
import { pdfText } from "../../server/src/modules/archives/fulltext.js";
import { deliveredCase, packageOf } from "../../server/src/modules/archives/testing.js";
import { enterpriseApplicant, staffOf } from "../../server/src/modules/cases/testing.js";
import { queryWords } from "../../server/src/modules/catalog/index.js";
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
  let packageId: string;
  let pdfWord: string;
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
    const row = await packageOf(t, c.id);
    archiveNo = row.archive_no;
    packageId = row.id;
    // A word of the license PDF's text layer that the catalogued metadata does not hold (full-text search).
    const bag = parseBag(await t.app.platform.files.blobs.get(row.package_sha256 as string));
    pdfWord = queryWords(pdfText(bag.files.get("data/licenses/license.pdf") as Buffer)).filter(
      (w) => w.length >= 2 && /\p{Script=Han}/u.test(w) && !row.search_text.includes(w),
    )[0];
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

  it("the archivist finds the package by a word of its license PDF's text (full-text search, desktop)", async () => {
    expect(pdfWord, "the license PDF has a text layer").toBeTruthy();
    const archivist = (await createStaff(t, { roles: ["archivist"] })).headers;
    const { page, errors } = await signedIn(archivist, DESKTOP);
    await page.goto(`${base}/workbench/archives`);
    const box = page.getByPlaceholder("档号、题名、责任者、办件编号或全文关键词");
    await page.getByText(archiveNo).first().waitFor();
    await box.fill("量子纠缠望远镜");
    await box.press("Enter");
    await page.getByText(archiveNo).first().waitFor({ state: "detached" });
    await box.fill(pdfWord);
    await box.press("Enter");
    await page.getByText(archiveNo).first().waitFor();
    expect(errors).toEqual([]);
  });

  it("a borrower on loan sees that PDFs open as watermarked lending copies (phone)", async () => {
    const borrower = (await createStaff(t, { roles: ["approver"], departmentKey: "amr" })).headers;
    const archivist = (await createStaff(t, { roles: ["archivist"] })).headers;
    const asked = await t.app.inject({
      method: "POST",
      url: `/api/archives/packages/${packageId}/loans`,
      headers: borrower,
      payload: { purpose: "查档", days: 7 },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const ok = await t.app.inject({
      method: "POST",
      url: `/api/archives/loans/${asked.json().id}/approve`,
      headers: archivist,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const { page, errors } = await signedIn(borrower, PHONE);
    await page.goto(`${base}/workbench/archives`);
    await page.getByText(archiveNo).first().click();
    const drawer = page.locator(".ant-drawer-content");
    await drawer.getByText("data/licenses/license.pdf").waitFor();
    await drawer.getByText("借阅副本·加水印").first().waitFor();
    const served = await page.evaluate(async (url) => {
      const r = await fetch(url);
      return { status: r.status, watermark: r.headers.get("x-archive-watermark") };
    }, `/api/archives/packages/${packageId}/file?path=data/licenses/license.pdf`);
    expect(served).toEqual({ status: 200, watermark: "lending-copy" });
    await noSidewaysScroll(page, 390);
    await shot(page, "archives-borrower-watermark-phone");
    expect(errors).toEqual([]);
  });

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
