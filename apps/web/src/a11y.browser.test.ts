import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileCase, loginCitizen } from "../../server/src/modules/cases/testing.js";
import { issueDemoLicenses } from "../../server/src/modules/licenses/index.js";
import { demoHolders, seedDemo } from "../../server/src/seed/index.js";
import { createTestApp, type TestApp } from "../../server/src/test-support/app.js";
import { ELDER_CLASS, ELDER_STORAGE_KEY } from "./shared/elderMode.js";
import { seriousViolations } from "./test-support/axe.js";
import {
  ARTIFACTS,
  DESKTOP,
  hasChromium,
  launchBrowser,
  openPage as openPageIn,
  PHONE,
  shot,
  signIn,
  staffLogin,
  WEB_DIST_INDEX,
} from "./test-support/browser.js";

/**
 * WCAG 2.1 AA and 长辈版 (issue 15): axe-core finds no serious or critical violation on the citizen's and the
 * clerk's main pages, in the standard and the elder mode, on a phone and a desktop; the 长辈版 toggle is in
 * the header, remembered, and enlarges text and touch targets; the page fits a 390 px phone at 200 % zoom;
 * the skip link is the first Tab stop and moves focus to the page.
 */
const CITIZEN = "13800000002"; // 张伟
const ITEM = "990100-GG-002"; // 住房公积金提取, the hpf window's
const CLERK = "hpf.clerk";

describe.skipIf(!hasChromium)("accessibility in a browser", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let citizen: { cookie?: string };
  let filedId: string;
  let draftId: string;

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) throw new Error(`${WEB_DIST_INDEX} is missing: run \`npm run build:web\` first.`);
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    await seedDemo(t.database.db, t.config);
    await issueDemoLicenses(t.app.licenses, demoHolders()); // the wallet has 张伟's ID card
    citizen = await loginCitizen(t, CITIZEN);
    filedId = (await fileCase(t, citizen, ITEM)).id;
    const draft = await t.app.inject({
      method: "POST",
      url: "/api/cases",
      headers: citizen,
      payload: { itemCode: ITEM },
    });
    expect(draft.statusCode, draft.body).toBe(201);
    draftId = draft.json().id;
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  /** A page in the standard or the elder mode (as the toggle leaves it: the flag in localStorage). */
  async function openPage(options: Parameters<Browser["newContext"]>[0], elder: boolean) {
    const opened = await openPageIn(browser, contexts, options);
    if (elder) await opened.page.context().addInitScript((key) => localStorage.setItem(key, "1"), ELDER_STORAGE_KEY);
    return opened;
  }

  /** Waits until the page's heading is drawn and no loading placeholder or spinner is left. */
  async function settled(page: Page) {
    await page.locator("#main h1, #main h2").first().waitFor();
    await page.waitForFunction(
      () => !document.querySelector(".yw-page-loading, .yw-loading, .ant-spin-spinning, .ant-skeleton"),
    );
  }

  /** The page's serious/critical violations as "page: rule target…" lines, so one run lists every page's. */
  async function check(page: Page, label: string): Promise<string[]> {
    await settled(page);
    const found = (await seriousViolations(page, label)).map((v) => `${label}: ${v.id} ${v.targets.join(", ")}`);
    // And no sideways scroll at the viewport's width (the header gained a button).
    const width = page.viewportSize()?.width ?? 0;
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    if (scrollWidth > width) found.push(`${label}: the page is ${scrollWidth} px wide in a ${width} px viewport`);
    return found;
  }

  /** The demo clerk signs in once (a TOTP code is accepted once); other contexts take the session cookie. */
  let clerkCookies: Awaited<ReturnType<BrowserContext["cookies"]>> | undefined;
  async function asClerk(page: Page) {
    if (clerkCookies) await page.context().addCookies(clerkCookies);
    else {
      await staffLogin(page, base, CLERK);
      clerkCookies = await page.context().cookies();
    }
  }

  const modes = [
    ["phone", PHONE, false],
    ["phone 长辈版", PHONE, true],
    ["desktop", DESKTOP, false],
    ["desktop 长辈版", DESKTOP, true],
  ] as const;

  it.each(modes)("on a %s, the citizen's pages have no serious WCAG AA violations", async (name, viewport, elder) => {
    const { page, errors } = await openPage(viewport, elder);
    // A visitor's pages first, then signed in as the demo citizen.
    const visitor: [string, string][] = [
      ["home", "/"],
      ["search", `/services/search?q=${encodeURIComponent("公积金")}`],
      ["guide", `/services/items/${ITEM}`],
    ];
    const found: string[] = [];
    for (const [label, url] of visitor) {
      await page.goto(`${base}${url}`);
      found.push(...(await check(page, `${name} ${label}`)));
    }
    expect(await page.evaluate((c) => document.documentElement.classList.contains(c), ELDER_CLASS)).toBe(elder);
    await signIn(page.context(), base, citizen);
    const signedIn: [string, string][] = [
      ["guide (signed in)", `/services/items/${ITEM}`],
      ["apply", `/cases/${draftId}`],
      ["my cases", "/cases"],
      ["case", `/cases/${filedId}`],
      ["wallet", "/licenses"],
    ];
    for (const [label, url] of signedIn) {
      await page.goto(`${base}${url}`);
      found.push(...(await check(page, `${name} ${label}`)));
    }
    await shot(page, `a11y-wallet-${name.replace(" 长辈版", "-elder")}`);
    expect(found).toEqual([]);
    expect(errors).toEqual([]);
  });

  it.each(modes)(
    "on a %s, the clerk's inbox and case page have no serious WCAG AA violations",
    async (name, viewport, elder) => {
      const { page, errors } = await openPage(viewport, elder);
      await asClerk(page);
      await page.goto(`${base}/workbench/inbox`);
      await page.getByTestId("inbox-table").waitFor();
      const found = await check(page, `${name} inbox`);
      await page.goto(`${base}/workbench/cases/${filedId}`);
      found.push(...(await check(page, `${name} staff case`)));
      await shot(page, `a11y-staff-case-${name.replace(" 长辈版", "-elder")}`);
      expect(found).toEqual([]);
      expect(errors).toEqual([]);
    },
  );

  it("the 长辈版 toggle in the header enlarges text and touch targets, and is remembered", async () => {
    const { page, errors } = await openPage(PHONE, false);
    await page.goto(`${base}/`);
    await settled(page);
    const sizes = () =>
      page.evaluate(() => ({
        body: Number.parseFloat(getComputedStyle(document.body).fontSize),
        title: Number.parseFloat(getComputedStyle(document.querySelector(".yw-panel-title") as Element).fontSize),
        // The smallest control in the header (language options, the toggle, the bell, login, the menu button).
        target: Array.from(document.querySelectorAll(".yw-header button, .yw-header a.ant-btn"), (b) => ({
          size: Math.min(b.getBoundingClientRect().height, b.getBoundingClientRect().width),
          name: b.textContent || b.getAttribute("aria-label"),
        })).sort((a, b) => a.size - b.size)[0],
      }));
    const standard = await sizes();
    // The toggle fits the standard header of a 390 px phone: one row (it wraps only at zoom or in 长辈版).
    expect(await page.locator(".yw-header").evaluate((h) => h.getBoundingClientRect().height)).toBeLessThan(80);
    const toggle = page.getByTestId("elder-switch");
    expect(await toggle.getAttribute("aria-pressed")).toBe("false");
    await toggle.click();
    expect(await toggle.getAttribute("aria-pressed")).toBe("true");
    const elder = await sizes();
    expect(elder.body).toBeGreaterThanOrEqual(18);
    expect(elder.title).toBeGreaterThan(standard.title);
    expect(standard.target?.size).toBeLessThan(44);
    expect(elder.target?.size, elder.target?.name ?? "").toBeGreaterThanOrEqual(44);
    await shot(page, "a11y-home-phone-elder");
    // Remembered across a reload; off again with the same button.
    await page.reload();
    await settled(page);
    expect(await page.evaluate((c) => document.documentElement.classList.contains(c), ELDER_CLASS)).toBe(true);
    await page.getByTestId("elder-switch").click();
    expect(await page.evaluate((c) => document.documentElement.classList.contains(c), ELDER_CLASS)).toBe(false);
    expect(await page.evaluate((k) => localStorage.getItem(k), ELDER_STORAGE_KEY)).toBeNull();
    expect(errors).toEqual([]);
  });

  it.each([
    { mode: "standard", elder: false },
    { mode: "长辈版", elder: true },
  ])("at 200 % zoom on a 390 px phone (195 CSS px), $mode pages never scroll sideways", async ({ elder }) => {
    // Zoom divides the layout width: 390 px at 200 % lays out 195 CSS px (device scale 4 = 2 × 2).
    const { page, errors } = await openPage(
      { ...PHONE, viewport: { width: 195, height: 422 }, deviceScaleFactor: 4 },
      elder,
    );
    await signIn(page.context(), base, citizen);
    const overflow: string[] = [];
    for (const url of ["/", `/services/items/${ITEM}`, "/cases", `/cases/${filedId}`, "/licenses"]) {
      await page.goto(`${base}${url}`);
      await settled(page);
      const fits = await page.evaluate(() => {
        const header = document.querySelector(".yw-header") as HTMLElement;
        const main = document.getElementById("main") as HTMLElement;
        const right = header.getBoundingClientRect().right;
        return {
          header: header.scrollWidth - header.clientWidth,
          outside: Array.from(header.children).filter((c) => c.getBoundingClientRect().right > right + 0.5).length,
          main: main.scrollWidth - main.clientWidth,
          page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        };
      });
      if (fits.header || fits.outside || fits.main > 0 || fits.page > 0) {
        // Name the innermost elements that stick out, so a failure says what to fix.
        const wide = await page.evaluate(() =>
          Array.from(document.querySelectorAll("body *"))
            .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
            .filter(
              (e) =>
                !Array.from(e.children).some(
                  (c) => c.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5,
                ),
            )
            .slice(0, 6)
            .map((e) => {
              const name = (el: Element) => `${el.tagName.toLowerCase()}.${Array.from(el.classList).join(".")}`;
              return e.parentElement ? `${name(e.parentElement)} > ${name(e)}` : name(e);
            }),
        );
        overflow.push(`${url}: ${JSON.stringify(fits)} ${wide.join(" ")}`);
      }
    }
    await shot(page, `a11y-zoom-200-${elder ? "elder" : "standard"}`);
    expect(overflow).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("by keyboard: the skip link comes first, then search, a result and the guide, with a visible focus ring", async () => {
    const { page, errors } = await openPage(DESKTOP, false);
    await page.goto(`${base}/`);
    await settled(page);
    await page.keyboard.press("Tab");
    const skip = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement;
      return { text: a.textContent, top: a.getBoundingClientRect().top, outline: getComputedStyle(a).outlineStyle };
    });
    expect(skip).toEqual({ text: "跳到主要内容", top: 0, outline: "solid" });
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    // From the page on, Tab reaches the search box before anything else in it.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("catalog-search");
    await page.keyboard.type("公积金");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/services\/search\?q=/);
    await page.getByTestId("catalog-results").getByRole("link").first().waitFor();
    // Tab until a result link has focus; its ring is drawn.
    let onResult = false;
    for (let i = 0; i < 40 && !onResult; i++) {
      await page.keyboard.press("Tab");
      onResult = await page.evaluate(
        () =>
          !!document.activeElement?.closest("[data-testid=catalog-results]") && document.activeElement?.tagName === "A",
      );
    }
    expect(onResult).toBe(true);
    expect(await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle)).not.toBe(
      "none",
    );
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/services\/items\//);
    await page.getByTestId("apply").waitFor();
    expect(errors).toEqual([]);
  });
});
