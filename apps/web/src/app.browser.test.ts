import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { base64ToBytes, bytesToBase64, checkInclusion, verifyTreeHead } from "@yiwang/merkle";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as serverMerkle from "../../server/src/modules/audit/merkle.js";
import { inclusionRanges } from "../../server/src/modules/audit/proofs.js";
import { seedDemo } from "../../server/src/seed/index.js";
import { createTestApp, type TestApp } from "../../server/src/test-support/app.js";
import { createStaff, freshTotp, TEST_PASSWORD } from "../../server/src/test-support/identity.js";
import type { AuditKeys, SignedTreeHead } from "./shared/contracts.js";
import {
  ARTIFACTS,
  CHROMIUM,
  hasChromium,
  launchBrowser,
  openPage as openPageIn,
  takeCspViolations,
  WEB_DIST_INDEX,
} from "./test-support/browser.js";

/**
 * End-to-end check of the built web app (apps/web/dist) served by the real server over a fresh seeded
 * database, in the Debian Chromium that CI installs (never a downloaded browser). It proves what unit
 * tests cannot: that Chinese actually renders, that the language choice sticks, and that a clerk on a
 * phone can reach and use the deadline calculator.
 */

const requireBrowser = process.env.YIWANG_REQUIRE_BROWSER === "1";

// Runs without Chromium too: the page's WebCrypto verifier must accept exactly the proofs the server's
// Merkle code produces, at every index of trees that are and are not powers of two.
describe("browser inclusion-proof verifier", () => {
  it("agrees with the server's Merkle tree and rejects tampering", async () => {
    const b64 = (b: Uint8Array) => bytesToBase64(b);
    for (let size = 1; size <= 19; size++) {
      const entries = Array.from({ length: size }, (_, i) => new TextEncoder().encode(`{"n":${i}}`));
      const leaves = entries.map((e) => serverMerkle.leafHash(e));
      const root = b64(serverMerkle.rootFromLeafHashes(leaves));
      for (let index = 0; index < size; index++) {
        const path = inclusionRanges(index, size).map(([start, end]) =>
          b64(serverMerkle.rootFromLeafHashes(leaves, start, end)),
        );
        const args = {
          leafInput: b64(entries[index]!),
          leafIndex: index,
          treeSize: size,
          rootHash: root,
          auditPath: path,
        };
        expect((await checkInclusion(args)).ok, `size ${size} index ${index}`).toBe(true);
        if (size > 1) {
          const otherEntry = b64(entries[(index + 1) % size]!);
          expect((await checkInclusion({ ...args, leafInput: otherEntry })).ok).toBe(false);
          expect((await checkInclusion({ ...args, auditPath: path.slice(1) })).ok).toBe(false);
          // (A wrong tree_size alone may still verify for leaves off the right edge; the signed head binds it.)
          const flipped = path.map((p, i) => (i === 0 ? b64(serverMerkle.leafHash(new Uint8Array([1]))) : p));
          expect((await checkInclusion({ ...args, auditPath: flipped })).ok).toBe(false);
        }
      }
    }
  });
});

// Also without Chromium: the page's Ed25519 check (Node 20's WebCrypto has it) accepts a head the server
// signed, with the key it publishes, and nothing else.
describe("browser tree-head signature verifier", () => {
  it("accepts the server's signed tree head and rejects tampering", async () => {
    const t = await createTestApp();
    try {
      await t.app.auditLog.signTreeHead();
      const sth = (await t.app.inject({ method: "GET", url: "/api/audit/v1/get-sth" })).json() as SignedTreeHead;
      const { keys } = (await t.app.inject({ method: "GET", url: "/api/audit/v1/keys" })).json() as AuditKeys;
      expect(await verifyTreeHead(sth, keys)).toEqual({ status: "valid", kid: sth.key_id });

      const flipBit = (b64: string) => {
        const bytes = base64ToBytes(b64);
        bytes[0] = (bytes[0] ?? 0) ^ 0x01;
        return bytesToBase64(bytes);
      };
      const bad = { status: "invalid", reason: "badSignature" };
      expect(await verifyTreeHead({ ...sth, tree_head_signature: flipBit(sth.tree_head_signature) }, keys)).toEqual(
        bad,
      );
      expect(await verifyTreeHead({ ...sth, sha256_root_hash: flipBit(sth.sha256_root_hash) }, keys)).toEqual(bad);
      expect(await verifyTreeHead({ ...sth, tree_size: sth.tree_size + 1 }, keys)).toEqual(bad);
      expect(await verifyTreeHead({ ...sth, timestamp: sth.timestamp + 1 }, keys)).toEqual(bad);
      expect(await verifyTreeHead({ ...sth, key_id: "no-such-key" }, keys)).toEqual({
        status: "invalid",
        reason: "unknownKey",
      });
    } finally {
      await t.close();
    }
  });
});

if (!hasChromium && requireBrowser) {
  describe("web app in a browser", () => {
    it("needs Chromium", () => {
      throw new Error(
        `YIWANG_REQUIRE_BROWSER=1 but ${CHROMIUM} does not exist: install it with ` +
          "`apt-get install -y chromium fonts-noto-cjk` (never a downloaded browser).",
      );
    });
  });
}

describe.skipIf(!hasChromium)("web app in a browser", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) {
      throw new Error(`${WEB_DIST_INDEX} is missing: run \`npm run build -w @yiwang/web\` first (npm test does it).`);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    await seedDemo(t.database.db);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  const openPage = (options: Parameters<Browser["newContext"]>[0]) => openPageIn(browser, contexts, options);

  const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang);

  let desktop: Page;
  let desktopErrors: string[];

  it("shows the portal in Chinese by default, with real CJK glyphs", async () => {
    ({ page: desktop, errors: desktopErrors } = await openPage({ viewport: { width: 1280, height: 800 } }));
    await desktop.goto(`${base}/`);

    await desktop.getByRole("link", { name: "办事大厅" }).waitFor();
    await desktop.getByText("示例市市场监督管理局").waitFor();
    await desktop.getByTestId("today").waitFor();
    expect(await htmlLang(desktop)).toBe("zh-CN");
    expect(await desktop.title()).toBe("一网 · Yiwang");

    // With no CJK font, every Chinese character is drawn as the same "tofu" box — the same box the
    // private-use characters get. So: Chinese must differ from private-use text, and 办 from 事.
    const glyphs = await desktop.evaluate(async () => {
      await document.fonts.ready;
      const link = document.querySelector(".yw-nav-link") ?? document.body;
      const family = getComputedStyle(link).fontFamily;
      const draw = (text: string) => {
        const canvas = document.createElement("canvas");
        canvas.width = 240;
        canvas.height = 64;
        const ctx = canvas.getContext("2d");
        if (!ctx) throw new Error("no 2d context");
        ctx.fillStyle = "#fff";
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.fillStyle = "#000";
        ctx.textBaseline = "top";
        ctx.font = `40px ${family}`;
        ctx.fillText(text, 4, 8);
        return canvas.toDataURL();
      };
      return {
        family,
        cjk: draw("办事大厅"),
        privateUse: draw("\uE000\uE000\uE000\uE000"),
        blank: draw(""),
        ban: draw("办"),
        shi: draw("事"),
      };
    });
    expect(glyphs.family).toContain("Noto Sans CJK SC");
    expect(glyphs.cjk).not.toBe(glyphs.blank);
    expect(glyphs.cjk, "Chinese text renders as tofu boxes: is fonts-noto-cjk installed?").not.toBe(glyphs.privateUse);
    expect(glyphs.ban, "all CJK characters render alike (missing glyphs)").not.toBe(glyphs.shi);

    await desktop.screenshot({ path: path.join(ARTIFACTS, "home-zh-CN.png"), fullPage: true });
    expect(desktopErrors).toEqual([]);
  });

  it("runs under the production CSP: the portal renders with no violation; inline script and eval are refused", async () => {
    const { page, errors } = await openPage({ viewport: { width: 1280, height: 800 } });
    const res = await page.goto(`${base}/`);
    expect(res?.headers()["content-security-policy"]).toContain("script-src 'self';");
    await page.getByTestId("today").waitFor();
    await page.goto(`${base}/services/search?q=${encodeURIComponent("开餐馆")}`);
    await page.waitForLoadState("networkidle");
    // antd's injected styles, fonts, images: all within the policy (every browser test checks this after itself)
    expect(takeCspViolations()).toEqual([]);
    expect(errors).toEqual([]);

    // The check can fail: an inline script (what an XSS would inject) is blocked and reported …
    await page.evaluate(() => {
      const s = document.createElement("script");
      s.textContent = "window.__injected = true";
      document.body.append(s);
    });
    // … and so is code made from a string (what ajv's compiled validators were): no 'unsafe-eval'. The string
    // timer runs as the page's own code (what page.evaluate runs is exempt: DevTools may always eval).
    await page.evaluate(() => window.setTimeout("window.__evaluated = true", 0));
    const seen: string[] = [];
    await expect
      .poll(() => {
        seen.push(...takeCspViolations());
        // each is reported twice, as a DOM event and as Chromium's console line: wait for all four
        return [
          / blocked inline /,
          / blocked eval /,
          /console: .*inline script/i,
          /console: .*string as JavaScript/i,
        ].map((r) => seen.some((v) => r.test(v)));
      })
      .toEqual([true, true, true, true]);
    const ran = await page.evaluate(() => {
      const w = window as unknown as { __injected?: boolean; __evaluated?: boolean };
      return { injected: w.__injected ?? false, evaluated: w.__evaluated ?? false };
    });
    expect(ran).toEqual({ injected: false, evaluated: false });
  });

  it("switches to English with the header switch, and remembers it", async () => {
    await desktop.getByTestId("lang-switch").getByText("EN", { exact: true }).click();
    await desktop.getByRole("link", { name: "Services" }).waitFor();
    await desktop.getByText("Market Regulation Bureau").waitFor();
    expect(await htmlLang(desktop)).toBe("en");
    expect(await desktop.evaluate(() => localStorage.getItem("yiwang.lang"))).toBe("en");
    await desktop.screenshot({ path: path.join(ARTIFACTS, "home-en.png"), fullPage: true });

    await desktop.reload();
    // (A visitor's menu is the portal alone: the workbench and administration are for staff with roles.)
    await desktop.getByRole("link", { name: "Services" }).waitFor();
    expect(await htmlLang(desktop)).toBe("en");
    expect(await desktop.getByRole("link", { name: "办事大厅" }).count()).toBe(0);

    // back to Chinese for the remaining checks on this page
    await desktop.getByTestId("lang-switch").getByText("简体", { exact: true }).click();
    await desktop.getByRole("link", { name: "办事大厅" }).waitFor();
    expect(await htmlLang(desktop)).toBe("zh-CN");
    expect(desktopErrors).toEqual([]);
  });

  it("serves client routes: admin pages read-only, unknown paths show the 404 page", async () => {
    await desktop.goto(`${base}/admin/calendar?year=2026`);
    await desktop.getByRole("heading", { name: "工作日历" }).waitFor();
    await desktop.getByText("修改需以平台管理员身份登录。").waitFor();
    await desktop.getByRole("cell", { name: /2026-02-15\s*至 2026-02-23/ }).waitFor();

    await desktop.goto(`${base}/admin/departments?q=${encodeURIComponent("公安")}`);
    await desktop.getByRole("cell", { name: /示例市公安局/ }).waitFor();
    expect(await desktop.getByRole("cell", { name: /示例市市场监督管理局/ }).count()).toBe(0);

    await desktop.goto(`${base}/no/such/page`);
    await desktop.getByText("页面不存在", { exact: true }).waitFor();
    expect(await desktop.title()).toBe("页面不存在 · 一网 · Yiwang");
    expect(desktopErrors).toEqual([]);
  });

  it("lets an auditor log in, search the audit log and verify an entry's inclusion in the browser", async () => {
    // Authorised changes write audit entries; signing a head then covers them. Three entries, so the
    // middle one has a real proof path to check rather than a one-leaf tree.
    const admin = await createStaff(t, { roles: ["platform_admin"] });
    const auditor = await createStaff(t, { roles: ["auditor"] });
    for (const date of ["2026-03-02", "2026-03-03", "2026-03-04"]) {
      const put = await fetch(`${base}/api/calendar/days/${date}`, {
        method: "PUT",
        headers: { ...admin.headers, "content-type": "application/json" },
        body: JSON.stringify({ kind: "holiday", name: "测试" }),
      });
      expect(put.ok, await put.clone().text()).toBe(true);
    }
    const signed = await fetch(`${base}/api/audit/v1/sign-tree-head`, { method: "POST", headers: auditor.headers });
    expect(signed.ok, await signed.clone().text()).toBe(true);
    expect(((await signed.json()) as { tree_size: number }).tree_size).toBeGreaterThan(0);

    await desktop.goto(`${base}/admin`);
    await desktop.getByTestId("admin-audit").click();
    await desktop.waitForURL(`${base}/admin/audit`);
    await desktop.getByRole("heading", { name: "审计日志", level: 1 }).waitFor();
    await desktop.getByTestId("audit-sth").waitFor();
    // The head's Ed25519 signature is checked in the page, against the key the log publishes.
    await desktop.getByText(/签名有效（密钥 .+…）/).waitFor();

    // Not logged in: the page says searching needs an auditor, and leads to the staff login and back.
    await desktop.getByText("检索审计条目须以安全审计员身份登录").waitFor();
    await desktop
      .getByRole("link", { name: /工作人员登录/ })
      .first()
      .click();
    await desktop.waitForURL(/\/staff\/login\?next=%2Fadmin%2Faudit$/);
    await desktop.getByLabel("用户名").fill(auditor.username);
    await desktop.getByLabel("密码").fill(TEST_PASSWORD);
    await desktop.getByRole("button", { name: "下一步" }).click();
    await desktop.getByLabel("动态口令").fill(freshTotp(auditor.id, auditor.totpSecret));
    await desktop.getByRole("button", { name: /登\s*录/ }).click();
    await desktop.waitForURL(`${base}/admin/audit`);
    await desktop.getByText(/已以安全审计员身份登录/).waitFor();

    await desktop.getByLabel("事件类型").fill("calendar.day.set");
    await desktop.getByRole("button", { name: /检\s*索/ }).click();
    const row = desktop.getByRole("row", { name: /calendar-day:2026-03-03/ });
    await row.waitFor();
    await row.getByRole("button", { name: /验\s*证/ }).click();
    await desktop.getByText("已验证：该条目包含在最新签名树头中").waitFor();
    await desktop.getByText(/"subject":"calendar-day:2026-03-03"/).waitFor();
    expect(await desktop.locator(".yw-audit-path li").count()).toBeGreaterThan(0);

    // Verify scrolled the result into view; go back up so the sticky header is not drawn mid-page.
    await desktop.evaluate(() => window.scrollTo(0, 0));

    await desktop.screenshot({ path: path.join(ARTIFACTS, "audit-verify.png"), fullPage: true });
    expect(desktopErrors.filter((e) => !e.includes("401"))).toEqual([]);

    // Log out again, so the remaining checks see the site as a visitor does.
    await desktop.getByTestId("user-menu").click();
    await desktop.getByTestId("nav-logout").click();
    await desktop.getByTestId("nav-login").waitFor();
  });

  it("works on a phone: no sideways scroll, menu drawer, deadline calculator", async () => {
    // A device outside China: the calculator must still read the entered time as Beijing time.
    const { page, errors } = await openPage({
      viewport: { width: 375, height: 812 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      timezoneId: "America/New_York",
    });
    await page.goto(`${base}/`);
    await page.getByText("示例市市场监督管理局").waitFor();
    await page.getByTestId("today").waitFor();
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(375);

    // A visitor's menu has the portal only (the workbench and administration are for staff with roles);
    // the workbench's public calculators are still one address away.
    await page.getByRole("button", { name: "打开导航菜单" }).click();
    const drawer = page.locator("#yw-nav-drawer");
    await drawer.getByRole("link", { name: "办事大厅" }).waitFor();
    expect(await drawer.getByRole("link", { name: "工作台" }).count()).toBe(0);
    await page.keyboard.press("Escape");
    await page.goto(`${base}/workbench`);
    await page.getByRole("heading", { name: "承诺期限计算" }).waitFor();

    const acceptedAt = page.getByLabel("受理时间");
    await acceptedAt.click();
    await acceptedAt.fill("2026-02-13 10:00");
    await acceptedAt.press("Enter");

    // 2026: Spring Festival Feb 15–23 off; Saturdays Feb 14 and Feb 28 are make-up working days.
    const days = page.getByLabel("承诺时限（工作日）");
    const deadline = page.getByTestId("deadline-date");
    for (const [n, expected] of [
      [1, "2026-02-14"],
      [2, "2026-02-24"],
      [6, "2026-02-28"],
      [5, "2026-02-27"],
    ] as const) {
      await days.fill(String(n));
      await deadline.filter({ hasText: expected }).waitFor();
      expect(await deadline.textContent()).toBe(expected);
    }

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: path.join(ARTIFACTS, "workbench-phone.png"), fullPage: true });
    expect(errors).toEqual([]);
  });
});
