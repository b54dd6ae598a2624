import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { CaseDetail, LicenseDetail, LicenseSummary } from "@yiwang/contracts";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  act,
  enterpriseApplicant,
  fileCase,
  fill,
  loginCitizen,
  seedCity,
  staffOf,
  tinyPdf,
  upload,
} from "../../server/src/modules/cases/testing.js";
import { sealPng } from "../../server/src/platform/files/testing.js";
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
  staffLogin as staffLoginAt,
  WEB_DIST_INDEX,
} from "./test-support/browser.js";

/**
 * E-licenses (电子证照) in a real browser. Setup through the API: a 食品经营许可 case is approved, which
 * issues the license to 示例市鲜味餐饮有限公司; a 公安局 approver imports 张伟's 居民身份证 from CSV. Then:
 * 李娜, acting for the enterprise, opens 我的证照 on a phone and the license's detail with its QR code;
 * anyone opens the public verify page from the QR link (有效), a tampered token is 无效; the 市场监管局 head
 * revokes the license on the workbench and the verify page says 已注销. 张伟 attaches his ID card to a
 * 居住证申领 application by reference with consent, and the 公安局 clerk sees it verified on the case.
 */

const ZHANG_WEI = { phone: "13800000002", name: "张伟", idNumber: "99010219850312101X" };

describe.skipIf(!hasChromium)("licenses in a browser", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let applicant: Headers;
  let fbl: LicenseDetail;
  let psbClerk: Headers;
  /** amr.admin signed in on a desktop page (the revocation, then the seals page). */
  let amrHead: { page: Page; errors: string[] };

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) throw new Error(`${WEB_DIST_INDEX} is missing: run \`npm run build:web\` first.`);
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    await seedCity(t);

    // 食品经营许可 approved → the license is issued by an outbox subscriber (run here, not by a poller).
    applicant = await enterpriseApplicant(t);
    const clerk = await staffOf(t, "window_clerk", "amr");
    const approver = await staffOf(t, "approver", "amr");
    let c: CaseDetail = await fileCase(t, applicant, "990100-XK-001");
    c = (await act(t, clerk, c, "accept")).json();
    c = (await act(t, approver, c, "pass")).json();
    const approved = await act(t, approver, c, "approve", { comment: "符合条件，准予许可" });
    expect(approved.statusCode, approved.body).toBe(200);
    await t.app.platform.jobs.runDue();
    const wallet = await t.app.inject({ method: "GET", url: "/api/licenses/mine", headers: applicant });
    const items = wallet.json().items as LicenseSummary[];
    expect(items.map((l) => l.typeCode)).toEqual(["FBL"]);
    fbl = (
      await t.app.inject({ method: "GET", url: `/api/licenses/${items[0]?.id}`, headers: applicant })
    ).json() as LicenseDetail;

    // 张伟's 居民身份证, imported by a 公安局 approver.
    const psbApprover = await staffOf(t, "approver", "psb");
    psbClerk = await staffOf(t, "window_clerk", "psb");
    const imported = await t.app.inject({
      method: "POST",
      url: "/api/licenses/import?type=ID",
      headers: { ...psbApprover, "content-type": "text/csv" },
      payload: [
        "持证主体名称,证件号码,有效期起,性别,出生日期,住址",
        `${ZHANG_WEI.name},${ZHANG_WEI.idNumber},2020-05-01,男,1985-03-12,示例市明德区`,
      ].join("\n"),
    });
    expect(imported.statusCode, imported.body).toBe(201);

    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  /** A page whose browser carries the session of an API login (the login pages have their own tests). */
  async function openAs(options: Parameters<Browser["newContext"]>[0], headers?: Headers) {
    const opened = await openPageIn(browser, contexts, options);
    if (headers) {
      const [name, value] = headers.cookie.split(";")[0]?.split("=") ?? [];
      if (!name || !value) throw new Error(`unexpected session header ${headers.cookie}`);
      await opened.page.context().addCookies([{ name, value, url: base }]);
    }
    return opened;
  }

  async function verifyAt(page: Page, token: string) {
    // From /verify#t=A to /verify#t=B is only a fragment change (no load, and the old result still
    // shows): leave the page first, as a fresh scan would.
    await page.goto("about:blank");
    await page.goto(`${base}/verify#t=${encodeURIComponent(token)}`);
    const result = page.getByTestId("verify-result");
    await result.waitFor();
    return result;
  }

  it("我的证照 on a phone: the enterprise's 食品经营许可证, its detail and QR code", async () => {
    const { page, errors } = await openAs(PHONE, applicant);
    await page.goto(base);
    await page.getByTestId("user-menu").click();
    await page.getByTestId("nav-my-licenses").click();
    await page.waitForURL(`${base}/licenses`);
    const card = page.locator(`[data-testid=wallet-license][data-identifier="${fbl.identifier}"]`);
    await card.waitFor();
    await card.getByText("食品经营许可证").waitFor();
    expect(await card.getByTestId("license-status").textContent()).toBe("有效");
    await card.getByText("示例市市场监督管理局").waitFor();
    await noSidewaysScroll(page, 390);
    await shot(page, "licenses-wallet-phone");

    await card.click();
    await page.waitForURL(`${base}/licenses/${fbl.id}`);
    await page.getByTestId("license-identifier").filter({ hasText: fbl.identifier }).waitFor();
    await page.getByTestId("license-facts").getByText("示例市鲜味餐饮有限公司").waitFor();
    await page.getByTestId("license-fields").getByText("经营场所").waitFor();
    const qr = page.getByTestId("license-qr");
    await qr.scrollIntoViewIfNeeded();
    await expect
      .poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);
    expect(await qr.getAttribute("src")).toBe(`/api/licenses/${fbl.id}/qr?format=svg`);
    expect(await page.getByTestId("license-pdf").getAttribute("href")).toBe(`/api/licenses/${fbl.id}/pdf`);
    expect(await page.getByTestId("license-credential").textContent()).toBe(fbl.credential);
    await noSidewaysScroll(page, 390);
    await shot(page, "licenses-detail-phone");

    // The detail links to the public verification page, which checks the QR token at once.
    await page.getByTestId("license-verify-link").click();
    await page.waitForURL(/\/verify#t=/);
    await page.getByTestId("verify-result").waitFor();
    expect(await page.getByTestId("verify-result").getAttribute("data-result")).toBe("valid");
    expect(errors).toEqual([]);
  });

  it("the public verify page (no login): the QR token is 有效, one changed character is 无效", async () => {
    const { page, errors } = await openAs(PHONE);
    // What the QR code encodes is PUBLIC_URL/verify#t=<token>; the token is what matters here.
    expect(fbl.verifyUrl.endsWith(`/verify#t=${fbl.qrToken}`)).toBe(true);
    const result = await verifyAt(page, fbl.qrToken);
    expect(await result.getAttribute("data-result")).toBe("valid");
    expect(await page.getByTestId("verify-outcome").textContent()).toBe("有效");
    const info = page.getByTestId("verify-license");
    await info.getByText(fbl.identifier).waitFor();
    await info.getByText("食品经营许可证").waitFor();
    await info.getByText("示例市市场监督管理局").waitFor();
    await info.getByText("示例市鲜味餐饮有限公司").waitFor();
    await noSidewaysScroll(page, 390);
    await shot(page, "licenses-verify-valid-phone");

    const at = Math.floor(fbl.qrToken.length / 2);
    const c = fbl.qrToken[at] === "A" ? "B" : "A";
    const tampered = `${fbl.qrToken.slice(0, at)}${c}${fbl.qrToken.slice(at + 1)}`;
    const forged = await verifyAt(page, tampered);
    expect(await forged.getAttribute("data-result")).toBe("forged");
    expect(await page.getByTestId("verify-outcome").textContent()).toBe("无效");
    expect(await page.getByTestId("verify-reason").getAttribute("data-reason")).toMatch(/^[A-Z_]+$/);
    await noSidewaysScroll(page, 390);
    await shot(page, "licenses-verify-forged-phone");

    // Pasting the credential (VC-JWT) works too.
    await page.getByRole("button", { name: "核验其他证照" }).click();
    await page.getByLabel("核验令牌、核验链接或可验证凭证（VC-JWT）").fill(fbl.credential);
    await page.getByTestId("verify-submit").click();
    await page.locator("[data-testid=verify-result][data-result=valid]").waitFor();
    expect(errors).toEqual([]);
  });

  it("the 市场监管局 head revokes it on the workbench; the verify page then says 已注销 with the reason", async () => {
    amrHead = await openAs(DESKTOP);
    const { page, errors } = amrHead;
    await staffLoginAt(page, base, "amr.admin");
    await page.getByTestId("workbench-licenses").click();
    await page.waitForURL(`${base}/workbench/licenses`);
    const row = page.getByTestId("issued-licenses").locator("tr", { hasText: fbl.identifier });
    await row.getByTestId("license-status").filter({ hasText: "有效" }).waitFor();
    await shot(page, "licenses-manage-desktop");
    await row.getByTestId("license-revoke").click();
    const dialog = page.getByRole("dialog");
    await dialog.locator("textarea").fill("经营场所已注销");
    await dialog.locator("button[type=submit]").click();
    await dialog.waitFor({ state: "detached" });
    await row.getByTestId("license-status").filter({ hasText: "已注销" }).waitFor();
    expect(await row.getByTestId("license-revoke").count()).toBe(0);
    expect(errors).toEqual([]);

    const visitor = await openAs(PHONE);
    const result = await verifyAt(visitor.page, fbl.qrToken);
    expect(await result.getAttribute("data-result")).toBe("revoked");
    expect(await visitor.page.getByTestId("verify-outcome").textContent()).toBe("已注销");
    await visitor.page.getByTestId("verify-reason").filter({ hasText: "经营场所已注销" }).waitFor();
    await noSidewaysScroll(visitor.page, 390);
    await shot(visitor.page, "licenses-verify-revoked-phone");
    expect(visitor.errors).toEqual([]);
  });

  it("the 市场监管局 head issues a seal on /workbench/seals and uploads its image, shown in the list", async () => {
    // The head's session from the revocation above: TOTP codes are single use, so no second login in the same 30 s.
    const { page, errors } = amrHead;
    await page.goto(`${base}/workbench`);
    await page.getByTestId("workbench-seals").click();
    await page.waitForURL(`${base}/workbench/seals`);
    await page.getByTestId("seal-create").click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("印章名称").fill("示例市市场监督管理局合同专用章");
    await dialog.locator("button[type=submit]").click();
    await dialog.waitFor({ state: "detached" });
    const row = page.getByTestId("seals").locator("tr", { hasText: "示例市市场监督管理局合同专用章" });
    await row.getByTestId("seal-status").filter({ hasText: "有效" }).waitFor();
    await row
      .locator("input[type=file]")
      .setInputFiles({ name: "seal.png", mimeType: "image/png", buffer: sealPng(160) });
    const thumb = row.getByTestId("seal-image");
    await thumb.waitFor();
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(160);
    await shot(page, "licenses-seals-desktop");
    expect(errors).toEqual([]);
  });

  it("授权用证: 张伟 uses his ID card for 居住证申领 with consent; the 公安局 clerk sees it verified", async () => {
    const zhang = await loginCitizen(t, ZHANG_WEI.phone);
    const { page, errors } = await openAs(PHONE, zhang);
    await page.goto(`${base}/services/items/990100-GG-001`);
    await page.getByTestId("apply").click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const caseId = page.url().split("/").pop() as string;
    const row = page.locator('[data-material="居民身份证"]');
    await row.getByTestId("use-license").click();
    const dialog = page.getByRole("dialog");
    await dialog.getByTestId("use-license-option").waitFor();
    // Without consent nothing is attached.
    await dialog.getByTestId("use-license-submit").click();
    await dialog.getByText("请先勾选同意授权").waitFor();
    await dialog.getByTestId("use-license-consent").click();
    await shot(page, "licenses-use-consent-phone");
    await dialog.getByTestId("use-license-submit").click();
    await dialog.waitFor({ state: "detached" });
    const ref = row.getByTestId("license-material");
    await ref.getByText("居民身份证").waitFor();
    await ref.getByTestId("verify-tag").filter({ hasText: "有效" }).waitFor();
    await noSidewaysScroll(page, 390);
    await shot(page, "licenses-use-attached-phone");
    expect(errors).toEqual([]);

    // The rest of the application through the API, then the clerk's view of the case.
    let c = (await t.app.inject({ method: "GET", url: `/api/cases/${caseId}`, headers: zhang })).json() as CaseDetail;
    expect(c.materials).toEqual([expect.objectContaining({ material: "居民身份证", kind: "license" })]);
    const saved = await t.app.inject({
      method: "PUT",
      url: `/api/cases/${caseId}/form`,
      headers: zhang,
      payload: { formData: fill(c.form.schema, c.formData), version: c.version },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    for (const m of ["居住证申领登记表", "合法稳定就业、住所或连续就读证明材料"])
      expect((await upload(t, zhang, caseId, m, tinyPdf(m), "材料.pdf")).statusCode).toBe(201);
    c = (await t.app.inject({ method: "GET", url: `/api/cases/${caseId}`, headers: zhang })).json();
    const submitted = await t.app.inject({
      method: "POST",
      url: `/api/cases/${caseId}/submit`,
      headers: zhang,
      payload: { version: c.version },
    });
    expect(submitted.statusCode, submitted.body).toBe(200);

    const staff = await openAs(DESKTOP, psbClerk);
    await staff.page.goto(`${base}/workbench/cases/${caseId}`);
    const use = staff.page.getByTestId("case-license-use");
    await use.waitFor();
    expect(await use.getAttribute("data-verification")).toBe("valid");
    await use.getByText("9901**********101X").waitFor();
    await use.getByText("示例市明德区").waitFor();
    expect(await staff.page.getByTestId("case-license-flag").count()).toBe(0);
    await shot(staff.page, "licenses-case-uses-desktop");
    expect(staff.errors).toEqual([]);
  });
});
