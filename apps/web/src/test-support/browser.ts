import { existsSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, expect } from "vitest";
import { SESSION_COOKIE, totpNow } from "../../../server/src/modules/identity/index.js";
import demo from "../../../server/src/seed/data/demo-accounts.json" with { type: "json" };

/**
 * What every browser test shares: Debian's Chromium (never a downloaded browser), the flags it runs
 * headless with, the built app it serves, and where screenshots go.
 */
export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);
export const REPO_ROOT = path.resolve(import.meta.dirname, "../../../..");
export const WEB_DIST_INDEX = path.join(REPO_ROOT, "apps/web/dist/index.html");
export const ARTIFACTS = path.join(REPO_ROOT, "test-artifacts");
/** The two viewports pages are checked on: a phone (390 × 844, touch) and a desktop. */
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const DESKTOP = { viewport: { width: 1280, height: 800 } };
const LAUNCH_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/**
 * CSP violations reported by any page of a browser from `launchBrowser`, not yet checked. The platform sends its
 * production policy everywhere (apps/server/src/platform/http/security-headers.ts), so a violation is a page
 * that does not work in production: every test that saw one fails, after it has run (the hooks below, which
 * every browser test file gets by importing this module; browser.node.test.ts checks that each launches
 * Chromium through `launchBrowser`). A test that provokes one on purpose takes it with `takeCspViolations`.
 */
const cspViolations: string[] = [];
const CSP_BINDING = "__yiwangCspViolation";

/** The violations recorded so far, and forget them (a test that provokes one checks it was reported). */
export function takeCspViolations(): string[] {
  return cspViolations.splice(0);
}

const noViolations = () =>
  expect(takeCspViolations(), "CSP violations: the page breaks under the production policy").toEqual([]);
afterEach(noViolations);
afterAll(noViolations); // what pages did in a file's beforeAll/afterAll

/**
 * Every page of the context reports violations: the DOM's `securitypolicyviolation` event, and Chromium's console
 * line ("… violates the following Content Security Policy directive …"; "Refused to …" in older versions).
 */
async function watchCsp(context: BrowserContext) {
  await context.exposeBinding(CSP_BINDING, ({ page }, violation: string) =>
    cspViolations.push(`${page.url()}: ${violation}`),
  );
  await context.addInitScript((binding) => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const report = (window as unknown as Record<string, (v: string) => void>)[binding];
      report?.(`${e.effectiveDirective} blocked ${e.blockedURI || "(inline)"} at ${e.sourceFile}:${e.lineNumber}`);
    });
  }, CSP_BINDING);
  context.on("console", (m) => {
    if (/Content Security Policy|^Refused to /.test(m.text()))
      cspViolations.push(`${m.page()?.url() ?? "(worker)"}: console: ${m.text()}`);
  });
}

/**
 * Debian's Chromium, headless, with every context watched for CSP violations. Playwright has no event for a
 * new context, so `newContext` is wrapped (`browser.newPage` goes through it too). `extraArgs`: Chromium switches
 * a test needs (a fake camera, say).
 */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...LAUNCH_ARGS, ...extraArgs] });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    await watchCsp(context);
    return context;
  };
  return browser;
}

/** A fresh context and page that collect page errors and console errors (tests assert there are none). */
export async function openPage(
  browser: Browser,
  contexts: BrowserContext[],
  options: Parameters<Browser["newContext"]>[0],
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext(options);
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  return { page, errors };
}

/** Signs a context in with a session made through the API (`headers.cookie` from the identity test helpers). */
export async function signIn(context: BrowserContext, base: string, headers: { cookie?: string }) {
  const value = (headers.cookie ?? "").slice(SESSION_COOKIE.length + 1);
  await context.addCookies([{ name: SESSION_COOKIE, value, url: base }]);
}

/** `openPage`, signed in as the holder of `headers`. */
export async function openSignedIn(
  browser: Browser,
  contexts: BrowserContext[],
  base: string,
  headers: { cookie?: string },
  options: Parameters<Browser["newContext"]>[0],
): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(browser, contexts, options);
  await signIn(opened.page.context(), base, headers);
  return opened;
}

/** A full-page screenshot into the artifacts folder. */
export async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

export const noSidewaysScroll = async (page: Page, width: number) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

/** A demo staff member signs in at /staff/login (password, then the demo TOTP code) and lands on the workbench. */
export async function staffLogin(page: Page, base: string, username: string) {
  await page.goto(`${base}/staff/login`);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(demo.password);
  await page.getByRole("button", { name: "下一步" }).click();
  await page.getByLabel("动态口令").fill(totpNow(demo.staffTotpSecret));
  await page.getByRole("button", { name: /登\s*录/ }).click();
  await page.waitForURL(`${base}/workbench`);
}
