import { existsSync, mkdirSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginCitizen } from "../../server/src/modules/cases/testing.js";
import demo from "../../server/src/seed/data/demo-accounts.json" with { type: "json" };
import { seedDemo } from "../../server/src/seed/index.js";
import { createTestApp, type TestApp } from "../../server/src/test-support/app.js";
import { poppler } from "../../server/src/test-support/poppler.js";
import {
  ARTIFACTS,
  DESKTOP,
  hasChromium,
  launchBrowser,
  noSidewaysScroll,
  openPage as openPageIn,
  openSignedIn,
  PHONE,
  shot,
  staffLogin as staffLoginAt,
  WEB_DIST_INDEX,
} from "./test-support/browser.js";

/**
 * Cases (办件) in a real browser, acceptance: a citizen applies for 食品经营许可（新办） (a legal-person item,
 * so 李娜 acts for her enterprise) on a phone, fills the application form and uploads a PDF for each
 * material, submits; the 市场监管局 window clerk accepts it from the workbench inbox, the approver passes the
 * review and approves it, and the citizen sees the decision in the progress timeline.
 */

const ITEM = { code: "990100-XK-001", name: "食品经营许可（新办）" };
// 李娜 (demo citizen, verified) is the legal representative of this demo enterprise.
const CITIZEN = { phone: "13800000003", name: "李娜" };
const ENTERPRISE = { uscc: "91990100MA0001018E" };

/** A minimal valid one-page PDF (header, catalog, pages, page, cross-reference table, trailer). */
function tinyPdf(): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

describe.skipIf(!hasChromium)("cases in a browser", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let caseUrl = "";
  let caseNumber = "";
  let secondNumber = "";

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) throw new Error(`${WEB_DIST_INDEX} is missing: run \`npm run build:web\` first.`);
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    await seedDemo(t.database.db, t.config);
    // As in production (main.ts): the job runner delivers outbox events, e.g. the applicant's notifications.
    t.app.platform.jobs.start({ intervalMs: 200 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.app.platform.jobs.stop();
    await t?.close();
  });

  const openPage = (options: Parameters<Browser["newContext"]>[0]) => openPageIn(browser, contexts, options);

  /** Fills whichever application form the item has: known labels get plausible answers when still empty. */
  async function fillForm(page: Page) {
    const form = page.getByTestId("case-form");
    await form.locator("input, textarea").first().waitFor();
    const answers: Record<string, string> = {
      经营者名称: "示例市晨曦餐饮管理有限公司",
      单位名称: "示例市晨曦餐饮管理有限公司",
      统一社会信用代码: ENTERPRISE.uscc,
      "法定代表人（负责人）": CITIZEN.name,
      经营场所: "示例市中心大道 88 号一层 101 室",
      "经营面积（平方米）": "86",
      联系人: CITIZEN.name,
      申请人: CITIZEN.name,
      联系电话: CITIZEN.phone,
      申请事项说明: "申请食品经营许可（餐饮服务，热食类食品制售）",
    };
    for (const [label, value] of Object.entries(answers)) {
      const field = form.getByLabel(label, { exact: true });
      if ((await field.count()) === 0) continue;
      if ((await field.first().inputValue()) === "") await field.first().fill(value);
    }
    for (const choice of ["餐饮服务经营者", "热食类食品制售"]) {
      const box = form.getByLabel(choice, { exact: true });
      if ((await box.count()) > 0) await box.first().check();
    }
  }

  const staffLogin = (page: Page, username: string) => staffLoginAt(page, base, username);

  /** From the workbench to the case, through the inbox (its row is found by the case number). */
  async function openFromInbox(page: Page) {
    await page.getByTestId("workbench-inbox").click();
    await page.waitForURL(`${base}/workbench/inbox`);
    await page.getByTestId("inbox-table").getByRole("link", { name: caseNumber }).click();
    await page.waitForURL(/\/workbench\/cases\//);
    await page.getByTestId("case-actions").waitFor();
  }

  async function runCommand(page: Page, command: string, comment?: string) {
    await page.getByTestId(`cmd-${command}`).click();
    if (command === "claim" || command === "release") return;
    const dialog = page.getByRole("dialog");
    if (comment) await dialog.getByLabel("意见（选填）").fill(comment);
    await dialog.locator("button[type=submit]").click();
    try {
      await dialog.waitFor({ state: "detached" });
    } catch (e) {
      // What the dialog says (a validation message, the server's answer) is the clue.
      await page.screenshot({ path: path.join(ARTIFACTS, `cases-failed-${command}.png`), fullPage: true });
      throw e;
    }
  }

  it("a citizen acting for her enterprise applies on a phone, with the form and a PDF per material", async () => {
    const { page, errors } = await openPage(PHONE);
    // A visitor's apply button leads to the login page and back to the guide.
    await page.goto(`${base}/services/items/${ITEM.code}`);
    await page.getByTestId("apply").click();
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel("手机号码").fill(CITIZEN.phone);
    await page.getByLabel("密码", { exact: true }).fill(demo.password);
    await page
      .getByRole("tabpanel", { name: "密码登录" })
      .getByRole("button", { name: /登\s*录/ })
      .click();
    await page.waitForURL(`${base}/services/items/${ITEM.code}`);

    // A legal-person item: the page asks her to act for the enterprise first.
    await page.getByText("本事项由法人（企业）申请").waitFor();
    await page.getByRole("link", { name: "切换身份" }).click();
    await page.waitForURL(`${base}/account/enterprises`);
    await page.getByTestId(`enterprise-${ENTERPRISE.uscc}`).getByRole("button", { name: "以该企业身份办事" }).click();
    await page.getByTestId("acting-bar").waitFor();
    await page.goto(`${base}/services/items/${ITEM.code}`);
    await page.getByTestId("apply").click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    caseUrl = page.url();
    await page.getByRole("heading", { name: ITEM.name, level: 1 }).waitFor();

    // 免填: the representative's name comes from the business registry (法人库), named under the field;
    // the tag goes as soon as she edits the value.
    const representative = page.getByTestId("case-form").getByLabel("法定代表人（负责人）", { exact: true });
    await expect.poll(() => representative.inputValue()).toBe(CITIZEN.name);
    const registryTag = page.getByTestId("prefill-tag").filter({ hasText: "来自：法人库" });
    await registryTag.waitFor();
    await shot(page, "cases-prefill-phone");
    await representative.fill(`${CITIZEN.name}（法定代表人）`);
    await registryTag.waitFor({ state: "detached" });
    await representative.fill(CITIZEN.name);

    await fillForm(page);
    await page.getByTestId("case-save").click();
    await page.getByText("草稿已保存").waitFor();

    // One small real PDF for each material (uploaded as multipart: the material name, then the file).
    const materials = page.getByTestId("case-materials").locator("> li[data-material]");
    const count = await materials.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const row = page.getByTestId(`material-${i}`);
      await row.locator("input[type=file]").setInputFiles({
        name: `material-${i + 1}.pdf`,
        mimeType: "application/pdf",
        buffer: tinyPdf(),
      });
      await row
        .getByTestId("case-file")
        .filter({ hasText: `material-${i + 1}.pdf` })
        .waitFor();
    }
    await noSidewaysScroll(page, 390);
    await shot(page, "cases-apply-phone");

    await page.getByTestId("case-submit").click();
    const banner = page.getByTestId("submitted-banner");
    await banner.or(page.getByTestId("submit-problems")).first().waitFor();
    if (!(await banner.isVisible())) {
      throw new Error(`submission refused: ${await page.getByTestId("submit-problems").textContent()}`);
    }
    caseNumber = ((await page.getByTestId("case-number").textContent()) ?? "").trim();
    expect(caseNumber).toMatch(/^\d{6}-\d{8}-\d+$/);
    await page.getByTestId("case-timeline").getByText("提交申请").waitFor();
    await noSidewaysScroll(page, 390);
    await shot(page, "cases-submitted-phone");

    // 我的办件 lists it.
    await page.goto(`${base}/cases`);
    await page.getByTestId("my-cases").getByText(caseNumber).waitFor();
    expect(errors).toEqual([]);
  });

  it("the window clerk accepts it from the department inbox", async () => {
    expect(caseNumber, "the application test ran first").not.toBe("");
    const { page, errors } = await openPage(DESKTOP);
    await staffLogin(page, "amr.clerk");
    await openFromInbox(page);
    await page.getByText(ITEM.name).first().waitFor();
    if (await page.getByTestId("cmd-claim").isVisible()) {
      await runCommand(page, "claim");
      await page.getByTestId("cmd-accept").waitFor();
    }
    await runCommand(page, "accept", "材料齐全，予以受理");
    await page.getByTestId("case-status").first().filter({ hasNotText: "已提交" }).waitFor();
    await page.getByTestId("case-timeline").getByText("受理", { exact: true }).waitFor();
    await shot(page, "cases-clerk-accepted-desktop");
    expect(errors).toEqual([]);
  });

  it("the approver passes the review and approves; the citizen sees the decision in the timeline", async () => {
    expect(caseNumber, "the application test ran first").not.toBe("");
    const { page, errors } = await openPage(DESKTOP);
    await staffLogin(page, "amr.approver");
    await openFromInbox(page);
    // Review, then decision (the same department here); claim each task first where the server asks to.
    for (let step = 0; step < 6; step++) {
      const status = (await page.getByTestId("case-status").first().textContent()) ?? "";
      if (status.includes("准予许可")) break;
      const actions = page.getByTestId("case-actions");
      if (await actions.getByTestId("cmd-approve").isVisible()) {
        await runCommand(page, "approve", "符合条件，准予许可");
      } else if (await actions.getByTestId("cmd-pass").isVisible()) {
        await runCommand(page, "pass", "审查通过");
        await page.getByTestId("case-timeline").getByText("审查通过").first().waitFor();
      } else if (await actions.getByTestId("cmd-claim").isVisible()) {
        await runCommand(page, "claim");
        await page.getByTestId("case-timeline").getByText("认领").first().waitFor();
      } else {
        // The next task may sit in the inbox again (a new task per stage): go back and open it.
        await page.goto(`${base}/workbench`);
        await openFromInbox(page);
      }
      await page.waitForTimeout(300);
    }
    await page.getByTestId("case-status").first().filter({ hasText: "准予许可" }).waitFor();
    await page.getByTestId("case-decision").waitFor();
    await shot(page, "cases-approver-desktop");
    expect(errors).toEqual([]);

    // The citizen (still logged in on the phone) sees the decision and the timeline entry.
    const phone = contexts[0]?.pages()[0];
    if (!phone) throw new Error("the citizen's phone page is gone");
    await phone.goto(caseUrl);
    await phone.getByTestId("case-decision").filter({ hasText: "准予许可" }).waitFor();
    const timeline = phone.getByTestId("case-timeline");
    await timeline.getByTestId("action-approved").filter({ hasText: "符合条件，准予许可" }).waitFor();
    await timeline.getByTestId("action-accepted").waitFor();
    await noSidewaysScroll(phone, 390);
    await shot(phone, "cases-decision-phone");

    // The bell in the header has the news (delivered through the outbox, so it may take a moment).
    await phone.getByTestId("notification-count").waitFor();
    const decided = phone.getByTestId("notification-list").getByText("办件已办结（准予）");
    for (let i = 0; i < 20 && !(await decided.isVisible()); i++) {
      if (await phone.getByTestId("notification-list").isVisible()) await phone.keyboard.press("Escape");
      await phone.waitForTimeout(i === 0 ? 0 : 1000);
      await phone.getByTestId("notification-bell").click();
      await phone.getByTestId("notification-list").waitFor();
    }
    await phone.screenshot({ path: path.join(ARTIFACTS, "cases-notifications-phone.png") });
    await decided.first().click();
    await phone.waitForURL(caseUrl);
  });

  it("文书: on a phone the citizen downloads the sealed 受理回执 (pdfsig: valid, the department's seal) and finds the license", async () => {
    const phone = contexts[0]?.pages()[0];
    if (!phone) throw new Error("the citizen's phone page is gone");
    await phone.goto(caseUrl);
    const docs = phone.getByTestId("case-documents");
    // Issued through the outbox just after each event: the panel polls until they are there.
    await docs.getByTestId("document-approval_decision").getByText("准予行政许可决定书").waitFor({ timeout: 30_000 });
    const receipt = docs.getByTestId("document-acceptance_receipt");
    await receipt.getByText("受理回执").waitFor();
    await noSidewaysScroll(phone, 390);
    await shot(phone, "cases-documents-phone");
    expect(await receipt.getByTestId("document-print").getAttribute("href")).toMatch(/\/pdf\?inline=1$/);

    const [download] = await Promise.all([
      phone.waitForEvent("download"),
      receipt.getByTestId("document-download").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^受理回执-.+\.pdf$/);
    const pdf = readFileSync(await download.path());
    const report = poppler("pdfsig", pdf, "browser-receipt.pdf");
    expect(report).toContain("Signature is Valid.");
    expect(report).toContain("Signer Certificate Common Name: 示例市市场监督管理局电子证照专用章");
    const text = poppler("pdftotext", pdf, "browser-receipt-text.pdf").replace(/\s+/g, "");
    expect(text).toContain(caseNumber);
    expect(text).toContain("示例市市场监督管理局");

    // The approved case links to the e-license it issued, in the wallet.
    await phone.getByTestId("case-license-link").click();
    await phone.waitForURL(/\/licenses\/[0-9a-f-]{36}$/);
    await phone.getByText("食品经营许可证").first().waitFor();
  });

  it("a supplement request is answered with another upload; a stale tab gets the version conflict and reloads", async () => {
    const phone = contexts[0]?.pages()[0];
    const clerk = contexts[1]?.pages()[0];
    if (!phone || !clerk) throw new Error("the earlier tests' pages are gone");
    const phoneErrors: string[] = [];
    phone.on("console", (m) => {
      if (m.type() === "error") phoneErrors.push(m.text());
    });

    // A second application, filed through the same API the pages use (the first test showed the pages).
    const first = caseUrl.split("/").pop() as string;
    const second = await phone.evaluate(
      async ({ first, pdf }) => {
        const json = async (res: Response) => {
          if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
          return res.json();
        };
        const send = (method: string, url: string, body: unknown) =>
          fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then(
            json,
          );
        const old = await fetch(`/api/cases/${first}`).then(json);
        let c = await send("POST", "/api/cases", { itemCode: old.itemCode });
        c = await send("PUT", `/api/cases/${c.id}/form`, { formData: old.formData, version: c.version });
        for (const m of old.materials as { material: string }[]) {
          const body = new FormData();
          body.append("material", m.material);
          body.append(
            "file",
            new Blob([Uint8Array.from(atob(pdf), (ch) => ch.charCodeAt(0))], { type: "application/pdf" }),
            "again.pdf",
          );
          await fetch(`/api/cases/${c.id}/materials`, { method: "POST", body }).then(json);
        }
        c = await fetch(`/api/cases/${c.id}`).then(json);
        c = await send("POST", `/api/cases/${c.id}/submit`, { version: c.version });
        return { id: c.id as string, number: c.number as string };
      },
      { first, pdf: tinyPdf().toString("base64") },
    );

    secondNumber = second.number;

    // The clerk asks for two things at once (一次性告知): one about a material, one free-form.
    await clerk.goto(`${base}/workbench/cases/${second.id}`);
    await clerk.getByTestId("case-actions").waitFor();
    if (await clerk.getByTestId("cmd-claim").isVisible()) {
      await runCommand(clerk, "claim");
      await clerk.getByTestId("cmd-request_supplement").waitFor();
    }
    await clerk.getByTestId("cmd-request_supplement").click();
    const dialog = clerk.getByRole("dialog");
    await dialog.getByTestId("supplement-item-0").getByLabel("材料").fill("食品安全管理制度目录");
    await dialog.getByTestId("supplement-item-0").getByLabel("补正要求").fill("请提供加盖公章的版本");
    await dialog.getByRole("button", { name: "添加一项" }).click();
    await dialog.getByTestId("supplement-item-1").getByLabel("补正要求").fill("经营面积与平面布局图不一致");
    await dialog.locator("button[type=submit]").click();
    await dialog.waitFor({ state: "detached" });
    await clerk.getByTestId("case-status").first().filter({ hasText: "待补正" }).waitFor();

    // The citizen sees the list, uploads the corrected file and submits the supplement.
    await phone.goto(`${base}/cases/${second.id}`);
    const items = phone.getByTestId("supplement-items");
    await items.getByText("请提供加盖公章的版本").waitFor();
    await items.getByText("经营面积与平面布局图不一致").waitFor();
    const row = phone.locator('[data-material="食品安全管理制度目录"]');
    await row.locator("input[type=file]").setInputFiles({
      name: "制度目录-盖章.pdf",
      mimeType: "application/pdf",
      buffer: tinyPdf(),
    });
    await row.getByTestId("case-file").filter({ hasText: "制度目录-盖章.pdf" }).waitFor();
    await phone.getByLabel("补正说明（选填）").fill("已补充盖章版本，平面图面积已更正");
    await shot(phone, "cases-supplement-phone");
    await phone.getByTestId("supplement-submit").click();
    await phone.getByTestId("case-timeline").getByText("提交补正材料").waitFor();
    expect(phoneErrors).toEqual([]);

    // Two tabs of the clerk on the same case: the second accepts, the first (stale) is told and reloads.
    const stale = clerk;
    await stale.reload();
    await stale.getByTestId("cmd-accept").or(stale.getByTestId("cmd-claim")).first().waitFor();
    if (await stale.getByTestId("cmd-claim").isVisible()) await runCommand(stale, "claim");
    await stale.getByTestId("cmd-accept").waitFor();
    const fresh = await contexts[1]?.newPage();
    if (!fresh) throw new Error("no clerk context");
    await fresh.goto(`${base}/workbench/cases/${second.id}`);
    await runCommand(fresh, "accept");
    await fresh.getByTestId("case-timeline").getByTestId("action-accepted").waitFor();
    await stale.getByTestId("cmd-accept").click();
    await stale.getByRole("dialog").locator("button[type=submit]").click();
    await stale.getByTestId("version-conflict").waitFor();
    await stale.getByTestId("case-timeline").getByTestId("action-accepted").waitFor();
    expect(await stale.getByTestId("cmd-accept").count()).toBe(0);
  });

  it("the department head sees the open cases by deadline light in the supervision view, on a phone", async () => {
    const { page, errors } = await openPage(PHONE);
    await staffLogin(page, "amr.admin");
    await page.getByTestId("workbench-supervision").click();
    await page.waitForURL(`${base}/workbench/supervision`);
    const table = page.getByTestId("supervision-table");
    // The second application is accepted and open; the approved first one is not in the open list.
    await table.getByRole("link", { name: secondNumber, exact: true }).waitFor();
    expect(await table.getByRole("link", { name: caseNumber, exact: true }).count()).toBe(0);
    await table.getByTestId("deadline-light").first().waitFor();
    await noSidewaysScroll(page, 390);
    await shot(page, "cases-supervision-phone");
    expect(errors).toEqual([]);
  });

  // Issue 15: what a citizen types is never lost — autosave, a submit the form refuses, leaving the page.
  it.each([
    ["phone", PHONE],
    ["desktop", DESKTOP],
  ] as const)(
    "on a %s the draft saves itself, survives a reload and a refused submit, and leaving with unsaved changes asks",
    async (name, viewport) => {
      const applicant = await loginCitizen(t, "13800000004");
      const created = await t.app.inject({
        method: "POST",
        url: "/api/cases",
        headers: applicant,
        payload: { itemCode: "990100-GG-002" },
      });
      expect(created.statusCode, created.body).toBe(201);
      const caseId = created.json().id as string;
      const { page, errors } = await openSignedIn(browser, contexts, base, applicant, viewport);
      await page.goto(`${base}/cases/${caseId}`);
      const form = page.getByTestId("case-form");
      const status = page.getByTestId("autosave-status");
      const address = form.getByLabel("房屋坐落", { exact: true });
      const price = form.getByLabel("购房总价（元）", { exact: true });
      const amount = form.getByLabel("申请提取金额（元）", { exact: true });

      // Typed, then saved a second later without pressing anything; a reload finds it.
      await address.fill("示例市中心大道 8 号 3 单元");
      await price.fill("800000");
      await amount.fill("900000");
      await status.filter({ hasText: /^已保存 \d\d:\d\d$/ }).waitFor();
      await page.reload();
      await expect.poll(() => amount.inputValue()).toBe("900000");
      expect(await address.inputValue()).toBe("示例市中心大道 8 号 3 单元");
      expect(await price.inputValue()).toBe("800000");

      // One save at a time: the first is held back while more is typed; the newer data goes after it, with the
      // version it answered, so the late answer neither overwrites the newer typing nor makes it conflict.
      let release = () => {};
      let puts = 0;
      await page.route("**/api/cases/*/form", async (route) => {
        puts += 1;
        if (puts === 1) await new Promise<void>((resolve) => (release = resolve));
        await route.continue();
      });
      await price.fill("790000");
      await expect.poll(() => puts).toBe(1);
      await price.fill("800000");
      release();
      await expect.poll(() => puts).toBe(2);
      const storedPrice = async () =>
        (await t.app.inject({ method: "GET", url: `/api/cases/${caseId}`, headers: applicant })).json().formData
          .totalPrice;
      await expect.poll(storedPrice).toBe(800000);
      await status.filter({ hasText: /^已保存/ }).waitFor();
      await page.unroute("**/api/cases/*/form");

      // A submit the form's rules refuse (the amount is above the price, the date is missing): the rule names
      // both fields, and what was typed just before is stored all the same.
      await address.fill("示例市中心大道 9 号 1 单元");
      await page.getByTestId("case-submit").click();
      await page.getByText("申请表中有需要修改的内容").waitFor();
      await form.getByText("申请提取金额（元）不能大于购房总价（元）（800000）").waitFor();
      await status.filter({ hasText: /^已保存/ }).waitFor();
      if (name === "phone") await noSidewaysScroll(page, 390);
      await shot(page, `cases-autosave-refused-${name}`);
      await page.reload();
      await expect.poll(() => address.inputValue()).toBe("示例市中心大道 9 号 1 单元");
      const stored = await t.app.inject({ method: "GET", url: `/api/cases/${caseId}`, headers: applicant });
      expect(stored.json()).toMatchObject({ status: "draft", formData: { amount: 900000, totalPrice: 800000 } });

      // Leaving while a change is unsaved (its save held back here) asks first: a link inside the app…
      await page.route("**/api/cases/*/form", () => {});
      await amount.fill("700000");
      await page.getByRole("link", { name: "我的办件" }).locator("visible=true").first().click();
      const ask = page.getByRole("dialog").filter({ hasText: "离开此页？" });
      await ask.waitFor();
      await ask.getByRole("button", { name: "留在此页" }).click();
      await ask.waitFor({ state: "hidden" });
      expect(page.url()).toBe(`${base}/cases/${caseId}`);
      expect(await amount.inputValue()).toBe("700000");
      expect(errors).toEqual([]);
      // …and closing or reloading the tab (the browser's own question).
      const dialog = page.waitForEvent("dialog");
      await page.close({ runBeforeUnload: true });
      const question = await dialog;
      expect(question.type()).toBe("beforeunload");
      await question.accept();
    },
  );
});
