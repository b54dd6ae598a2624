import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { CaseDetail } from "@yiwang/contracts";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  act,
  ENTERPRISE_USCC,
  enterpriseApplicant,
  fileCase,
  fill,
  loginCitizen,
  staffOf,
} from "../../server/src/modules/cases/testing.js";
import { issueDemoLicenses } from "../../server/src/modules/licenses/index.js";
import demo from "../../server/src/seed/data/demo-accounts.json" with { type: "json" };
import { demoHolders, seedDemo } from "../../server/src/seed/index.js";
import { createTestApp, type TestApp } from "../../server/src/test-support/app.js";
import { createStaff, freshTotp, TEST_PASSWORD } from "../../server/src/test-support/identity.js";
import {
  ARTIFACTS,
  DESKTOP,
  hasChromium,
  launchBrowser,
  noSidewaysScroll,
  openPage as openPageIn,
  PHONE,
  shot,
  staffLogin,
  WEB_DIST_INDEX,
} from "./test-support/browser.js";

/**
 * The citizen's and the clerk's everyday experience (issue 15), on a phone and a desktop: a decided case
 * waits in the window clerk's inbox as 送达; the legal representative, acting for her enterprise, attaches
 * her own ID card; the guide says which identity an item needs and switches to it; 缺少 tags go once a
 * material is attached; 需要补正 keeps its title on one line; citizens see no staff sections; the audit
 * list names people and events; the header fits a 390 px phone at 150 % zoom.
 */
const REPRESENTATIVE = { phone: "13800000003", name: "李娜" };
const ZHANG_WEI = "13800000002";

describe.skipIf(!hasChromium)("everyday experience in a browser", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) throw new Error(`${WEB_DIST_INDEX} is missing: run \`npm run build:web\` first.`);
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    await seedDemo(t.database.db, t.config);
    // The demo ID cards and business licenses (李娜's among them), as `npm start` issues them.
    await issueDemoLicenses(t.app.licenses, demoHolders());
    t.app.platform.jobs.start({ intervalMs: 200 });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.app.platform.jobs.stop();
    await t?.close();
  });

  const openPage = (options: Parameters<Browser["newContext"]>[0]) => openPageIn(browser, contexts, options);

  async function citizenLogin(page: Page, phone: string) {
    await page.goto(`${base}/login`);
    await page.getByLabel("手机号码").fill(phone);
    await page.getByLabel("密码", { exact: true }).fill(demo.password);
    await page
      .getByRole("tabpanel", { name: "密码登录" })
      .getByRole("button", { name: /登\s*录/ })
      .click();
    await page.getByTestId("user-menu").waitFor();
  }

  /** Files and decides a case through the API with test staff of the item's departments. */
  async function decidedCase(itemCode: string, dept: string, steps: string[]): Promise<CaseDetail> {
    const applicant = itemCode.includes("XK") ? await enterpriseApplicant(t) : await loginCitizen(t, ZHANG_WEI);
    let c = await fileCase(t, applicant, itemCode);
    const clerk = await staffOf(t, "window_clerk", dept);
    const approver = await staffOf(t, "approver", dept);
    for (const step of steps) {
      const res = await act(t, step === "accept" ? clerk : approver, c, step);
      expect(res.statusCode, res.body).toBe(200);
      c = res.json();
    }
    expect(c.status).toBe("approved");
    return c;
  }

  it.each([
    ["desktop", DESKTOP, "amr.clerk", "990100-XK-001", "amr", ["accept", "pass", "approve"]],
    ["phone", PHONE, "hpf.clerk", "990100-GG-002", "hpf", ["accept", "approve"]],
  ] as const)(
    "on a %s, an approved case waits in the window clerk's inbox as 送达 and is delivered from there",
    async (name, viewport, username, itemCode, dept, steps) => {
      const c = await decidedCase(itemCode, dept, [...steps]);
      const { page, errors } = await openPage(viewport);
      await staffLogin(page, base, username);
      // The workbench is in a clerk's menu; administration is not (no administrative role).
      if (name === "desktop") {
        await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "工作台" }).waitFor();
        expect(await page.getByRole("link", { name: "管理后台" }).count()).toBe(0);
      }
      await page.goto(`${base}/workbench/inbox`);
      const row = page
        .getByTestId("inbox-table")
        .getByRole("row")
        .filter({ hasText: c.number ?? "" });
      await row.getByText("送达").first().waitFor();
      await shot(page, `everyday-deliver-inbox-${name}`);
      await row.getByRole("link", { name: c.number ?? "" }).click();
      await page.getByTestId("cmd-deliver").click();
      await page.getByRole("dialog").locator("button[type=submit]").click();
      await page.getByRole("dialog").waitFor({ state: "detached" });
      await page.getByTestId("case-status").first().filter({ hasText: "已送达" }).waitFor();
      if (name === "phone") await noSidewaysScroll(page, 390);
      // Delivered: out of the queue.
      await page.goto(`${base}/workbench/inbox`);
      await page.getByTestId("inbox-table").waitFor();
      await page.getByTestId("inbox-table").locator(".ant-table-tbody").waitFor();
      expect(
        await page
          .getByTestId("inbox-table")
          .getByRole("link", { name: c.number ?? "" })
          .count(),
      ).toBe(0);
      expect(errors).toEqual([]);
    },
  );

  it.each([
    ["phone", PHONE],
    ["desktop", DESKTOP],
  ] as const)(
    "on a %s, the representative switches to her enterprise on the guide and attaches her own ID card",
    async (name, viewport) => {
      const { page, errors } = await openPage(viewport);
      await citizenLogin(page, REPRESENTATIVE.phone);
      // A citizen's menu has the portal only.
      if (name === "phone") {
        await page.getByTestId("nav-menu-button").click();
        const drawer = page.locator("#yw-nav-drawer");
        await drawer.getByRole("link", { name: "办事大厅" }).waitFor();
        expect(await drawer.getByRole("link", { name: /工作台|管理后台/ }).count()).toBe(0);
        await page.keyboard.press("Escape");
      } else {
        await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "办事大厅" }).waitFor();
        expect(await page.getByRole("link", { name: /工作台|管理后台/ }).count()).toBe(0);
      }

      // A legal-person item while acting as herself: the button is off, the hint switches in place.
      await page.goto(`${base}/services/items/990100-XK-001`);
      await page.getByTestId("apply-identity").waitFor();
      expect(await page.getByTestId("apply").isDisabled()).toBe(true);
      await page.getByTestId(`apply-as-${ENTERPRISE_USCC}`).click();
      await page.getByTestId("acting-bar").waitFor();
      await page.getByTestId("apply-identity").waitFor({ state: "detached" });
      await page.getByTestId("apply").click();
      await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
      const caseId = page.url().split("/").pop() as string;

      // The form filled through the same API the page uses, so the submit below is about materials only.
      await page.evaluate(
        async ({ caseId, formData }) => {
          const c = await fetch(`/api/cases/${caseId}`).then((r) => r.json());
          const res = await fetch(`/api/cases/${caseId}/form`, {
            method: "PUT",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ formData: { ...c.formData, ...formData }, version: c.version }),
          });
          if (!res.ok) throw new Error(await res.text());
        },
        { caseId, formData: await formFor(caseId) },
      );
      await page.reload();
      await page.getByTestId("case-materials").waitFor();
      await page.getByTestId("case-submit").click();
      await page.getByTestId("submit-problems").waitFor();
      const row = page.locator('[data-material="法定代表人身份证明"]');
      await row.getByTestId("material-missing").waitFor();

      // Her own ID card, though she acts for the enterprise (a material about the representative).
      await row.getByTestId("use-license").click();
      const dialog = page.getByRole("dialog");
      // Her own card is the one offered (holder name · issuer · validity), picked as the only one.
      await dialog.getByText(`${REPRESENTATIVE.name} · 示例市公安局`).waitFor();
      expect(await dialog.getByRole("radio").count()).toBe(1);
      await dialog.getByTestId("use-license-consent").click();
      await dialog.getByTestId("use-license-submit").click();
      await dialog.waitFor({ state: "detached" });
      await row.getByTestId("license-material").waitFor();
      // The stale 缺少 tag and problem line for it are gone; the other missing materials still show theirs.
      await row.getByTestId("material-missing").waitFor({ state: "detached" });
      expect(await page.getByTestId("submit-problems").getByText("法定代表人身份证明").count()).toBe(0);
      expect(await page.getByTestId("material-missing").count()).toBeGreaterThan(0);
      if (name === "phone") await noSidewaysScroll(page, 390);
      await shot(page, `everyday-own-id-${name}`);

      // A personal item while acting for the enterprise: back to herself in place.
      await page.goto(`${base}/services/items/990100-GG-001`);
      await page.getByTestId("apply-identity").waitFor();
      expect(await page.getByTestId("apply").isDisabled()).toBe(true);
      await page.getByTestId("apply-as-self").click();
      await page.getByTestId("acting-bar").waitFor({ state: "detached" });
      expect(await page.getByTestId("apply").isDisabled()).toBe(false);
      // The one expected failure: the refused submission (422) above.
      expect(errors.filter((e) => !e.includes("status of 422"))).toEqual([]);
    },
  );

  /** Required form answers for a draft (the server's test filler, as the API tests use it). */
  async function formFor(caseId: string) {
    const row = await t.database.db
      .selectFrom("cases")
      .select("form")
      .where("id", "=", caseId)
      .executeTakeFirstOrThrow();
    return fill((row.form as { schema: Record<string, unknown> }).schema, {});
  }

  it("on a phone, 需要补正 keeps its title on one line beside who asked", async () => {
    const applicant = await enterpriseApplicant(t);
    const c = await fileCase(t, applicant, "990100-XK-001");
    const clerk = await staffOf(t, "window_clerk", "amr");
    const res = await act(t, clerk, c, "supplement", { items: [{ note: "请补充加盖公章的营业执照复印件" }] });
    expect(res.statusCode, res.body).toBe(200);
    const { page, errors } = await openPage(PHONE);
    await citizenLogin(page, REPRESENTATIVE.phone);
    await page.getByTestId("user-menu").click();
    await page.goto(`${base}/account/enterprises`);
    await page.getByTestId(`enterprise-${ENTERPRISE_USCC}`).getByRole("button", { name: "以该企业身份办事" }).click();
    await page.getByTestId("acting-bar").waitFor();
    await page.goto(`${base}/cases/${c.id}`);
    const title = page.getByRole("heading", { name: "需要补正", level: 2 });
    await title.waitFor();
    const box = await title.boundingBox();
    // One line of 16 px text is about 24 px high; one character per line made it about 100 px.
    expect(box?.height ?? 0).toBeLessThan(40);
    expect(box?.width ?? 0).toBeGreaterThan(4 * 16);
    await noSidewaysScroll(page, 390);
    await shot(page, "everyday-supplement-phone");
    expect(errors).toEqual([]);
  });

  it("the audit list names staff and events (zh-CN), not UUIDs and codes", async () => {
    const auditor = await createStaff(t, { roles: ["auditor"] });
    const signed = await fetch(`${base}/api/audit/v1/sign-tree-head`, { method: "POST", headers: auditor.headers });
    expect(signed.ok, await signed.clone().text()).toBe(true);
    const { page, errors } = await openPage(DESKTOP);
    await page.goto(`${base}/staff/login?next=%2Fadmin%2Faudit`);
    await page.getByLabel("用户名").fill(auditor.username);
    await page.getByLabel("密码").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "下一步" }).click();
    await page.getByLabel("动态口令").fill(freshTotp(auditor.id, auditor.totpSecret));
    await page.getByRole("button", { name: /登\s*录/ }).click();
    await page.waitForURL(`${base}/admin/audit`);
    await page.getByLabel("事件类型").fill("case.accepted");
    await page.getByRole("button", { name: /检\s*索/ }).click();
    const type = page.getByTestId("audit-type").first();
    await type.waitFor();
    expect(await type.textContent()).toContain("受理");
    const actor = (await page.getByTestId("audit-actor").first().textContent()) ?? "";
    // A staff name with the user name once the lookup answers, never the bare staff:<uuid>.
    await page.getByTestId("audit-actor").first().filter({ hasText: "（" }).waitFor();
    expect(actor).not.toMatch(/^staff:[0-9a-f-]{36}$/);
    expect(await page.getByTestId("audit-actor").first().textContent()).toMatch(/测试.+（staff/);
    await shot(page, "everyday-audit-desktop");
    expect(errors.filter((e) => !e.includes("401"))).toEqual([]);
  });

  it.each([
    ["a visitor", null],
    ["a citizen", REPRESENTATIVE.phone],
  ] as const)("at 150 %% zoom on a 390 px phone (260 CSS px), the header fits for %s", async (_, phone) => {
    // Browser zoom divides the layout width: 390 px at 150 % lays out 260 CSS px, so a 260 px viewport
    // (device scale 3 = 2 × 1.5) is the same page as the zoomed phone.
    const { page, errors } = await openPage({ ...PHONE, viewport: { width: 260, height: 563 }, deviceScaleFactor: 3 });
    if (phone) await citizenLogin(page, phone);
    await page.goto(`${base}/`);
    const header = page.locator(".yw-header");
    await header.waitFor();
    const fits = await header.evaluate((h) => {
      const right = h.getBoundingClientRect().right;
      return {
        overflow: h.scrollWidth - h.clientWidth,
        outside: Array.from(h.children).filter((c) => c.getBoundingClientRect().right > right + 0.5).length,
      };
    });
    expect(fits).toEqual({ overflow: 0, outside: 0 });
    await noSidewaysScroll(page, 260);
    await page.getByTestId("nav-menu-button").click();
    await page.locator("#yw-nav-drawer").getByRole("link", { name: "办事大厅" }).waitFor();
    await shot(page, `everyday-header-260-${phone ? "citizen" : "visitor"}`);
    expect(errors).toEqual([]);
  });
});
