import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCity, staffOf } from "../../server/src/modules/cases/testing.js";
import { createTestApp, type TestApp } from "../../server/src/test-support/app.js";
import { type Headers, loginAs, registerCitizen } from "../../server/src/test-support/identity.js";
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
 * The 12345 pages in a real browser: a citizen reports a water outage on a phone and finds it under 我的诉求
 * with its timeline; the department's clerk opens a confidential request on a desktop and sees no caller
 * (and discusses it in the request's thread),
 * while the operator's desk shows it; every page fits a phone's width.
 */
describe.skipIf(!hasChromium)("12345 hotline pages in a browser", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) throw new Error(`${WEB_DIST_INDEX} is missing: run \`npm run build:web\` first.`);
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    await seedCity(t);
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  const as = (headers: Headers, options: object) => openSignedIn(browser, contexts, base, headers, options);

  it("a citizen reports on a phone and follows the request under 我的诉求", async () => {
    const citizen = await registerCitizen(t);
    const { page, errors } = await as(citizen.headers, PHONE);
    await page.goto(`${base}/hotline`);
    await page.getByTestId("hotline-form").waitFor();
    await page.getByTestId("hotline-category").click();
    await page
      .getByRole("menuitemcheckbox", { name: "公用事业" })
      .or(page.getByText("公用事业", { exact: true }))
      .first()
      .click();
    await page.getByText("停水", { exact: true }).first().click();
    await page.getByTestId("hotline-description").fill("楼里从早上开始停水");
    await page.getByTestId("hotline-district").click();
    await page.getByTitle("西城区").click();
    await page.getByTestId("hotline-address").fill("西城区和平路 1 号");
    await noSidewaysScroll(page, PHONE.viewport.width);
    await page.getByTestId("hotline-submit").click();
    await page.getByText(/诉求已提交，编号 12345-/).waitFor();
    await page.getByTestId("hotline-mine-item").first().waitFor();
    await page
      .getByTestId("hotline-mine-item")
      .first()
      .getByText(/12345-/)
      .click();
    await page.getByTestId("hotline-detail").getByText("派单").first().waitFor();
    expect(await page.getByTestId("hotline-detail").textContent()).toContain("示例市住房和城乡建设局");
    await noSidewaysScroll(page, PHONE.viewport.width);
    await shot(page, "hotline-phone-mine");
    expect(errors).toEqual([]);
  });

  it("a confidential request: the department's clerk sees no caller, the operator does", async () => {
    const operator = await loginAs(t, "hotline_operator");
    const filed = await t.app.inject({
      method: "POST",
      url: "/api/hotline/desk/requests",
      headers: operator,
      payload: {
        kind: "report",
        categoryCode: "030101",
        description: "举报物业私自停水",
        confidential: true,
        caller: { name: "陈静", phone: "13800003333" },
        location: { address: "西城区和平路 9 号", districtCode: "990103" },
      },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const number = filed.json().number as string;

    const clerk = await as(await staffOf(t, "window_clerk", "housing"), DESKTOP);
    await clerk.page.goto(`${base}/workbench/hotline`);
    const item = clerk.page.getByTestId("hotline-desk-item").filter({ hasText: number });
    await item.getByRole("button").click();
    await clerk.page.getByTestId("hotline-caller").waitFor();
    expect(await clerk.page.getByTestId("hotline-caller").textContent()).toContain("保密");
    expect(await clerk.page.content()).not.toMatch(/陈静|13800003333/);
    // The department discusses the request in its thread (issue 18), under the details.
    const thread = clerk.page.getByTestId("messaging-thread");
    await thread.waitFor();
    await clerk.page.getByTestId("messaging-input").fill("已联系物业，明早恢复供水");
    await clerk.page.getByTestId("messaging-send").click();
    // In the list of messages: under load the thread matched these words twice while the post completed.
    await thread.getByTestId("messaging-messages").getByText("已联系物业，明早恢复供水").waitFor();
    await shot(clerk.page, "hotline-desktop-department");

    const desk = await as(operator, PHONE);
    await desk.page.goto(`${base}/workbench/hotline`);
    await desk.page.getByTestId("hotline-desk-item").filter({ hasText: number }).getByRole("button").click();
    expect(await desk.page.getByTestId("hotline-caller").textContent()).toContain("陈静");
    await noSidewaysScroll(desk.page, PHONE.viewport.width);
    expect([...clerk.errors, ...desk.errors]).toEqual([]);
  });
});
