import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enterpriseApplicant, fileCase, seedCity } from "../../server/src/modules/cases/testing.js";
import { SIGNATURE } from "../../server/src/modules/supervision/testing.js";
import { createTestApp, type TestApp } from "../../server/src/test-support/app.js";
import { createStaff, type Headers, type TestStaff } from "../../server/src/test-support/identity.js";
import {
  ARTIFACTS,
  DESKTOP,
  hasChromium,
  launchBrowser,
  noSidewaysScroll,
  openPage,
  openSignedIn,
  PHONE,
  shot,
  WEB_DIST_INDEX,
} from "./test-support/browser.js";

const USCC = "91990100MA0001018E";

/**
 * 互联网+监管 pages in a real browser: an inspector on a phone starts a drawn visit on site (position), answers the
 * check list, confirms; the second inspector's confirmation finishes it. The public 信用查询 on a phone and a
 * desktop finds the enterprise, its grade and its black-list record, and shows no natural person's data. The
 * window clerk handling the enterprise's application sees its credit summary beside the case (phone, desktop).
 */
describe.skipIf(!hasChromium)("supervision pages in a browser", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let admin: Headers;
  let inspectors: TestStaff[] = [];

  const api = async (method: "GET" | "POST" | "PUT", url: string, headers?: Headers, payload?: unknown) => {
    const res = await t.app.inject({ method, url, headers, payload: payload as never });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) throw new Error(`${WEB_DIST_INDEX} is missing: run \`npm run build:web\` first.`);
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    await seedCity(t);
    admin = (await createStaff(t, { roles: ["dept_admin"], departmentKey: "amr" })).headers;
    inspectors = [
      await createStaff(t, { roles: ["window_clerk"], departmentKey: "amr" }),
      await createStaff(t, { roles: ["window_clerk"], departmentKey: "amr" }),
    ];
    for (const [i, s] of inspectors.entries())
      await api("POST", "/api/supervision/inspectors", admin, {
        accountId: s.id,
        certificateNo: `AMR-B-${i}`,
        district: "高新区",
      });
    await api("POST", "/api/supervision/targets", admin, {
      uscc: USCC,
      industry: "餐饮",
      district: "东城区",
      riskGrade: "B",
    });
    const item = await api("POST", "/api/supervision/items", admin, {
      code: "AMR-FOOD-B",
      name: "食品经营者日常监督检查",
      legalBasis: "《中华人民共和国食品安全法》第一百一十条",
      method: "现场检查",
      checklist: [
        { key: "licence", text: "许可证件在有效期内并悬挂" },
        { key: "hygiene", text: "从业人员健康证明齐全" },
      ],
    });
    const plan = await api("POST", "/api/supervision/plans", admin, {
      name: "餐饮单位抽查",
      itemIds: [item.id],
      quota: { B: { count: 1 } },
    });
    await api("POST", `/api/supervision/plans/${plan.id}/commit`, admin);
    await t.app.platform.audit.append({ type: "test.later.event", actor: "system" });
    await api("POST", `/api/supervision/plans/${plan.id}/draw`, admin);
    await api("POST", "/api/credit/records", admin, {
      uscc: USCC,
      kind: "blacklist",
      title: "列入严重违法失信名单",
      legalBasis: "《严重违法失信名单管理办法》第二条",
      decidedOn: "2026-06-01",
    });
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 90_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  const as = (headers: Headers, options: object) => openSignedIn(browser, contexts, base, headers, options);

  it("an inspector on a phone starts the visit on site, answers the check list and confirms", async () => {
    const [first, second] = inspectors;
    const { page, errors } = await as(first.headers, {
      ...PHONE,
      geolocation: { latitude: 30.27, longitude: 120.15 },
      permissions: ["geolocation"],
    });
    await page.goto(`${base}/inspect`);
    await page.getByTestId("visit").getByText("示例市鲜味餐饮有限公司").waitFor();
    await noSidewaysScroll(page, PHONE.viewport.width);
    await page.getByTestId("visit-start").click();
    await page.getByTestId("visit-check").first().waitFor();
    await page.getByTestId("visit-check").nth(0).getByText("符合", { exact: true }).click();
    await page.getByTestId("visit-check").nth(1).getByText("不符合", { exact: true }).click();
    await page.getByTestId("visit-save").click();
    // A photo from the camera input: uploaded at once, shown as a thumbnail served with the session.
    const camera = page.getByTestId("visit-photo-input");
    expect(await camera.getAttribute("capture")).toBe("environment");
    await camera.setInputFiles({
      name: "IMG_0001.png",
      mimeType: "image/png",
      buffer: Buffer.from(SIGNATURE.split(",")[1] as string, "base64"),
    });
    const thumb = page.getByTestId("visit-photo");
    await thumb.waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="visit-photo"]');
      return Boolean(img?.complete && img.naturalWidth > 0);
    });
    await page.getByText("责令整改", { exact: true }).click();
    // Signs with a finger-like stroke on the pad; the confirm button waits for the signature.
    expect(await page.getByTestId("visit-confirm").isDisabled()).toBe(true);
    // The photos above push the pad below the fold: bring it into view before the stroke.
    await page.getByTestId("signature-pad").scrollIntoViewIfNeeded();
    const pad = (await page.getByTestId("signature-pad").boundingBox()) as { x: number; y: number; width: number };
    await page.mouse.move(pad.x + 20, pad.y + 40);
    await page.mouse.down();
    for (const [dx, dy] of [
      [60, 80],
      [110, 30],
      [170, 90],
      [230, 50],
    ])
      await page.mouse.move(pad.x + dx, pad.y + dy);
    await page.mouse.up();
    await page.getByTestId("visit-confirm").click();
    await page.getByText("您已确认").waitFor();
    await noSidewaysScroll(page, PHONE.viewport.width);
    await shot(page, "supervision-phone-inspect");

    const visit = (await api("GET", "/api/supervision/visits/mine", second.headers)).items[0];
    expect(visit.position).toEqual({ lat: 30.27, lng: 120.15 });
    expect(visit.checklist.map((c: { outcome: string }) => c.outcome)).toEqual(["pass", "fail"]);
    expect(visit.signatures.map((x: { accountId: string }) => x.accountId)).toEqual([first.id]);
    const photos = await api("GET", `/api/supervision/visits/${visit.id}/photos`, second.headers);
    expect(photos.items.map((x: { contentType: string }) => x.contentType)).toEqual(["image/png"]);
    const [stored] = await t.database.db
      .selectFrom("supervision_visits")
      .select("signatures")
      .where("id", "=", visit.id)
      .execute();
    expect(stored.signatures[0].image).toMatch(/^data:image\/png;base64,/);
    await api("POST", `/api/supervision/visits/${visit.id}/confirm`, second.headers, {
      result: "rectify",
      signature: SIGNATURE,
    });
    await page.reload();
    await page
      .getByTestId("visit-finished")
      .getByText(/责令整改/)
      .waitFor();
    expect(errors).toEqual([]);
  });

  it("责令整改 on phones: the enterprise reports with evidence, the inspector re-checks; the result is published", async () => {
    const enterprise = await enterpriseApplicant(t);
    const { page, errors } = await as(enterprise, PHONE);
    await page.goto(`${base}/credit/rectifications`);
    const panel = page.getByTestId("rectification");
    await panel.getByText("整改中").waitFor();
    await page.getByTestId("rect-report").fill("两名从业人员已重新体检并取得健康证明");
    await page.getByTestId("rect-evidence-title").fill("健康证明");
    await page.getByTestId("rect-evidence-description").fill("2026 年体检，证明编号 A1、A2");
    await page.getByTestId("rect-submit").click();
    await panel.getByText("待复查").waitFor();
    await noSidewaysScroll(page, PHONE.viewport.width);
    await shot(page, "supervision-phone-rectification-report");
    expect(errors).toEqual([]);

    const inspector = await as(inspectors[0].headers, PHONE);
    await inspector.page.goto(`${base}/inspect`);
    const rect = inspector.page.getByTestId("rectification");
    await rect.getByText("健康证明", { exact: true }).waitFor();
    await inspector.page.getByTestId("rect-outcome").getByText("复查通过").click();
    await inspector.page.getByTestId("rect-note").fill("现场核实，全部从业人员持有效健康证明");
    await inspector.page.getByTestId("rect-recheck").click();
    await inspector.page.getByTestId("rect-recheck").waitFor({ state: "detached" });
    await rect.getByText("复查意见：现场核实，全部从业人员持有效健康证明").waitFor();
    await noSidewaysScroll(inspector.page, PHONE.viewport.width);
    await shot(inspector.page, "supervision-phone-recheck");
    expect(inspector.errors).toEqual([]);

    const visit = (await api("GET", "/api/supervision/visits/mine", inspectors[0].headers)).items[0];
    expect(visit.rectification.status).toBe("passed");
    await api("POST", `/api/supervision/visits/${visit.id}/publish`, admin);
    const pub = await openPage(browser, contexts, PHONE);
    await pub.page.goto(`${base}/supervision/results`);
    await pub.page.getByTestId("results-search").fill("鲜味");
    await pub.page.getByTestId("results-search").press("Enter");
    const result = pub.page.getByTestId("result");
    await result.getByText("示例市鲜味餐饮有限公司").waitFor();
    const text = (await result.textContent()) ?? "";
    expect(text).toContain("责令整改");
    expect(text).toContain("复查通过");
    expect(text).toContain("AMR-B-");
    expect(text).not.toContain("高新区");
    await noSidewaysScroll(pub.page, PHONE.viewport.width);
    await shot(pub.page, "supervision-phone-results");
    expect(pub.errors).toEqual([]);
  });

  it("the department sees its dashboard beside the plans (desktop)", async () => {
    const { page, errors } = await as(admin, DESKTOP);
    await page.goto(`${base}/workbench/supervision/plans`);
    const dash = page.getByTestId("supervision-dashboard");
    await dash.getByText("抽查覆盖率").waitFor();
    expect(await dash.textContent()).toContain("100%");
    await page.getByRole("img", { name: "按行业" }).waitFor();
    await noSidewaysScroll(page, DESKTOP.viewport.width);
    await shot(page, "supervision-desktop-dashboard");
    expect(errors).toEqual([]);
  });

  for (const [name, options, width] of [
    ["phone", PHONE, PHONE.viewport.width],
    ["desktop", DESKTOP, DESKTOP.viewport.width],
  ] as const) {
    it(`the public 信用查询 finds the enterprise, its grade and records (${name})`, async () => {
      const { page, errors } = await openPage(browser, contexts, options);
      await page.goto(`${base}/credit`);
      await page.getByTestId("credit-search").fill("鲜味");
      await page.getByTestId("credit-search-button").click();
      await page.getByTestId("credit-result").click();
      const profile = page.getByTestId("credit-profile");
      await profile.getByText("信用等级 D").waitFor();
      await profile.getByText("失信黑名单").waitFor();
      expect(await profile.textContent()).toContain("双随机抽查结果：责令整改");
      expect(await page.textContent("body")).not.toContain("李娜");
      await noSidewaysScroll(page, width);
      await shot(page, `supervision-${name}-credit`);
      expect(errors).toEqual([]);
    });
  }

  let filed: Promise<{ id: string; clerk: Headers }> | undefined;
  /** The black-listed enterprise's application (no rule blocks the item; a flag rule marks it), and a clerk. */
  const enterpriseCase = () => {
    filed ??= (async () => {
      const c = await fileCase(t, await enterpriseApplicant(t), "990100-XK-001");
      await api("PUT", "/api/credit/punishment-rules/990100-XK-001", admin, {
        measure: "flag",
        legalBasis: "《关于对失信主体加强信用监管的通知》",
      });
      return { id: c.id, clerk: (await createStaff(t, { roles: ["window_clerk"], departmentKey: "amr" })).headers };
    })();
    return filed;
  };

  for (const [name, options, width] of [
    ["phone", PHONE, PHONE.viewport.width],
    ["desktop", DESKTOP, DESKTOP.viewport.width],
  ] as const) {
    it(`the clerk sees the applicant enterprise's credit beside the case (${name})`, async () => {
      const { id, clerk } = await enterpriseCase();
      const { page, errors } = await as(clerk, options);
      await page.goto(`${base}/workbench/cases/${id}`);
      const panel = page.getByTestId("case-credit");
      await panel.getByText("信用等级 D").waitFor();
      await panel.getByText("联合惩戒：重点关注").waitFor();
      const text = (await panel.textContent()) ?? "";
      expect(text).toContain("列入严重违法失信名单");
      expect(text).toContain("《严重违法失信名单管理办法》第二条");
      expect(text).toContain("长期公示");
      expect(text).toContain("抽查问题1");
      await noSidewaysScroll(page, width);
      await shot(page, `supervision-${name}-case-credit`);
      expect(errors).toEqual([]);
    });
  }
});
