import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../server/src/test-support/app.js";
import { createStaff } from "../../server/src/test-support/identity.js";
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
 * Dead jobs in a real browser: a platform admin finds the entry on the admin overview (nobody else sees
 * it), reads a dead job's last error and re-runs it; the job then runs and succeeds. Phone and desktop.
 */
describe.skipIf(!hasChromium)("dead jobs admin page in a browser", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const handler = { fail: true, ran: 0 };

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) {
      throw new Error(`${WEB_DIST_INDEX} is missing: run \`npm run build -w @yiwang/web\` first (npm test does it).`);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    const { jobs, db } = t.app.platform;
    jobs.register(
      "demo.sync",
      async () => {
        handler.ran++;
        if (handler.fail) throw new Error("registry endpoint answered 503");
      },
      { maxAttempts: 1 },
    );
    await jobs.schedule(db, { kind: "demo.sync", key: "batch-42", runAt: new Date(Date.now() - 1000) });
    expect(await jobs.runDue()).toBe(1);
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  async function signedIn(role: "platform_admin" | "auditor", options: object) {
    const staff = await createStaff(t, { roles: [role] });
    return openSignedIn(browser, contexts, base, staff.headers, options);
  }

  it("a platform admin sees the dead job with its last error and re-runs it", async () => {
    const { page, errors } = await signedIn("platform_admin", DESKTOP);
    await page.goto(`${base}/admin`);
    await page.getByTestId("admin-jobs").click();
    await page.waitForURL(`${base}/admin/jobs`);
    await page.getByRole("heading", { name: "死信任务", level: 1 }).waitFor();
    const row = page.getByRole("row", { name: /batch-42/ });
    await row.getByText("demo.sync").waitFor();
    await row.getByText("Error: registry endpoint answered 503").waitFor();
    await shot(page, "jobs-dead-desktop");

    handler.fail = false;
    await row.getByRole("button", { name: "重新运行" }).click();
    await page.locator(".ant-popconfirm").getByRole("button", { name: "重新运行" }).click();
    await page.getByText("已重新排队：demo.sync / batch-42").waitFor();
    await page.getByText("没有死信任务").waitFor();
    expect(await t.app.platform.jobs.runDue()).toBe(1);
    expect(handler.ran).toBe(2);
    expect(await sql`select 1 from jobs where kind = 'demo.sync'`.execute(t.app.platform.db)).toMatchObject({
      rows: [],
    });
    expect(errors).toEqual([]);
  });

  it("on a phone the page fits; other roles get no entry and a notice instead of the list", async () => {
    const { jobs, db } = t.app.platform;
    jobs.register(
      "demo.long-error",
      async () => {
        throw new Error(
          `GET https://registry.example.gov.cn/api/v2/${"segment/".repeat(20)}x answered 502 Bad Gateway`,
        );
      },
      { maxAttempts: 1 },
    );
    await jobs.schedule(db, {
      kind: "demo.long-error",
      key: "00000000-0000-4000-8000-00000000abcd",
      runAt: new Date(),
    });
    expect(await jobs.runDue()).toBe(1);
    const admin = await signedIn("platform_admin", PHONE);
    await admin.page.goto(`${base}/admin/jobs`);
    await admin.page.getByText("demo.long-error").waitFor();
    await noSidewaysScroll(admin.page, PHONE.viewport.width);
    await shot(admin.page, "jobs-dead-phone");
    expect(admin.errors).toEqual([]);

    const auditor = await signedIn("auditor", DESKTOP);
    await auditor.page.goto(`${base}/admin`);
    await auditor.page.getByTestId("admin-audit").waitFor();
    expect(await auditor.page.getByTestId("admin-jobs").count()).toBe(0);
    await auditor.page.goto(`${base}/admin/jobs`);
    await auditor.page.getByText("死信任务仅向平台管理员开放。").waitFor();
    expect(auditor.errors).toEqual([]);
  });
});
