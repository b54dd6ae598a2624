import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCity, staffOf } from "../../server/src/modules/cases/testing.js";
import { createTestApp, type TestApp } from "../../server/src/test-support/app.js";
import { createStaff, type Headers, loginAs, type TestStaff } from "../../server/src/test-support/identity.js";
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
 * Issue 19, acceptance 4 in a real browser: a grid worker on the Dongcheng roster opens /field on a phone
 * (geolocation granted, positions set by the test), walks — the positions stream up — and reports an illegal
 * structure that reaches the Dongcheng district government by category × district; the hotline desk's command
 * map shows the worker and the track, a new position appears on it without a reload, and the desk sends the
 * nearest worker to the event (调集).
 */
describe.skipIf(!hasChromium)("12345 field forces in a browser", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let grid: TestStaff;
  const START = { latitude: 39.93, longitude: 116.45 };

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) throw new Error(`${WEB_DIST_INDEX} is missing: run \`npm run build:web\` first.`);
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    await seedCity(t);
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    grid = await createStaff(t, { roles: ["window_clerk"], departmentKey: "dongcheng" });
    const enrolled = await t.app.inject({
      method: "PUT",
      url: `/api/hotline/field/roster/${grid.id}`,
      headers: await staffOf(t, "dept_admin", "dongcheng"),
      payload: { kind: "grid_worker", callSign: "东城网格 07" },
    });
    expect(enrolled.statusCode, enrolled.body).toBe(200);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  const as = (headers: Headers, options: object) => openSignedIn(browser, contexts, base, headers, options);

  it("a phone report reaches the district's department; the command map shows the track, live", async () => {
    const phone = await as(grid.headers, { ...PHONE, geolocation: START, permissions: ["geolocation"] });
    const { page } = phone;
    await page.goto(`${base}/field`);
    await page.getByTestId("field-status").getByText("东城网格 07").waitFor();
    // The first fix goes up at once; then the worker walks north-east and uploads at each stop.
    await page.getByTestId("field-positions-sent").getByText("已上传 1 个").waitFor();
    for (const step of [1, 2]) {
      await page.context().setGeolocation({
        latitude: START.latitude + step * 0.001,
        longitude: START.longitude + step * 0.001,
      });
      await page.getByTestId("field-send-now").click();
      await page
        .getByTestId("field-positions-sent")
        .getByText(`已上传 ${step + 1} 个`)
        .waitFor();
    }

    await page.getByTestId("field-category").click();
    await page.keyboard.type("违法建设");
    await page.getByTitle("违法建设").click();
    await page.getByTestId("field-description").fill("巡查发现楼顶新搭建彩钢板房");
    await noSidewaysScroll(page, PHONE.viewport.width);
    await page.getByTestId("field-submit").click();
    const result = page.getByTestId("field-report-result");
    await result.waitFor();
    const dongcheng = await t.database.db
      .selectFrom("departments")
      .select(["id", "name"])
      .where("key", "=", "dongcheng")
      .executeTakeFirstOrThrow();
    expect(await result.textContent()).toContain(dongcheng.name);
    const stored = await t.database.db
      .selectFrom("hotline_requests")
      .select(["department_id", "district_code", "lat"])
      .where("channel", "=", "field")
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ department_id: dongcheng.id, district_code: "990102" });
    await page.getByTestId("field-mine-item").first().waitFor();
    await noSidewaysScroll(page, PHONE.viewport.width);
    await shot(page, "hotline-field-phone");

    const desk = await as(await loginAs(t, "hotline_operator"), DESKTOP);
    await desk.page.goto(`${base}/workbench/hotline/map`);
    const item = desk.page.getByTestId("field-staff-item").filter({ hasText: "东城网格 07" });
    await item.getByRole("button").click();
    const track = desk.page.getByTestId("field-track");
    await expect.poll(() => track.getAttribute("data-points")).toBe("3");
    expect(await desk.page.getByTestId("field-map-event").count()).toBeGreaterThanOrEqual(1);
    await shot(desk.page, "hotline-field-command-map");

    // Live: one more stop; the map's next refresh draws it.
    await page.context().setGeolocation({ latitude: START.latitude + 0.003, longitude: START.longitude + 0.002 });
    await page.getByTestId("field-send-now").click();
    await page.getByTestId("field-positions-sent").getByText("已上传 4 个").waitFor();
    await expect.poll(() => track.getAttribute("data-points"), { timeout: 15_000 }).toBe("4");

    // 调集: the worker is the nearest to the event; the desk sends them.
    await desk.page
      .getByRole("button", { name: /^调\s*集$/ })
      .first()
      .click();
    const nearest = desk.page.getByTestId("field-nearest");
    await nearest.getByText("东城网格 07").waitFor();
    await nearest.getByRole("button", { name: "派往现场" }).first().click();
    await desk.page.getByText("已通知 东城网格 07 前往现场").waitFor();
    expect([...phone.errors, ...desk.errors]).toEqual([]);
  });
});
