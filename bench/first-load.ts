/**
 * Cold load of `/` on a phone (part of npm run bench; issue 15 acceptance 6): Debian's Chromium, a fresh
 * context (empty cache) with a 390 × 844 viewport, loads the landing page from the benchmarked application
 * (which serves the built web app's precompressed files) until the network is idle; the bytes on the wire are
 * the sum of every response's encodedDataLength from the DevTools protocol (headers and compressed bodies).
 * Needs `npm run build:web` and /usr/bin/chromium; BENCH_FIRST_LOAD=0 skips it. Target: under 400 kB.
 * scripts/cold-load.mjs measures the same way for any URL, by resource type; this is the bench's one row.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";
const WEB_DIST_INDEX = path.resolve(import.meta.dirname, "../apps/web/dist/index.html");
const TARGET_KB = 400;

interface Response {
  url: string;
  encoding: string;
  bytes: number;
}

export async function benchFirstLoad(port: number): Promise<string[]> {
  if (!existsSync(CHROMIUM) || !existsSync(WEB_DIST_INDEX))
    return ["cold load of / on a phone: skipped (needs /usr/bin/chromium and `npm run build:web`)"];
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic"],
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    const seen = new Map<string, { url: string; encoding: string }>();
    const done: Response[] = [];
    cdp.on("Network.responseReceived", (e) => {
      const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
      seen.set(e.requestId, { url: e.response.url, encoding: String(headers["content-encoding"] ?? "identity") });
    });
    cdp.on("Network.loadingFinished", (e) => {
      const r = seen.get(e.requestId);
      if (r) done.push({ ...r, bytes: e.encodedDataLength });
    });
    await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: "networkidle" });
    await page.locator("h1").first().waitFor();
    const total = done.reduce((sum, r) => sum + r.bytes, 0);
    const byEncoding = new Map<string, number>();
    for (const r of done) byEncoding.set(r.encoding, (byEncoding.get(r.encoding) ?? 0) + r.bytes);
    const kb = (n: number) => (n / 1000).toFixed(1);
    const split = [...byEncoding].map(([encoding, bytes]) => `${encoding} ${kb(bytes)} kB`).join(", ");
    return [
      "cold load of / on a 390 px phone (Chromium, empty cache, bytes on the wire via DevTools):",
      `| page | requests | transferred kB | by content-encoding | target |`,
      `| --- | ---: | ---: | --- | --- |`,
      `| / | ${done.length} | ${kb(total)} | ${split} | < ${TARGET_KB} kB ${total < TARGET_KB * 1000 ? "met" : "NOT MET"} |`,
    ];
  } finally {
    await browser.close();
  }
}
