// Measures what a phone downloads on a cold load of a page, in Debian's Chromium (never a downloaded browser):
// an empty cache, a 390 × 844 touch viewport, and the network idle before counting. The bytes are what went over
// the wire (CDP `Network.loadingFinished.encodedDataLength`: compressed bodies plus headers), by resource type.
// Usage: node scripts/cold-load.mjs http://localhost:3000/ [more urls…]
import { chromium } from "playwright-core";

const urls = process.argv.slice(2);
if (!urls.length) {
  console.error("usage: node scripts/cold-load.mjs <url> [url…]");
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic"],
});
try {
  for (const url of urls) {
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
    const requests = new Map();
    cdp.on("Network.responseReceived", (e) =>
      requests.set(e.requestId, {
        url: e.response.url,
        type: e.type,
        encoding: e.response.headers["content-encoding"] ?? e.response.headers["Content-Encoding"] ?? "",
      }),
    );
    const finished = new Map();
    cdp.on("Network.loadingFinished", (e) => finished.set(e.requestId, e.encodedDataLength));
    await page.goto(url, { waitUntil: "networkidle" });
    await page.waitForTimeout(1000); // late finishers (the API answers the first render asks for)
    const resources = await page.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .concat(performance.getEntriesByType("navigation"))
        .reduce((sum, e) => sum + (e.transferSize ?? 0), 0),
    );
    const byType = new Map();
    let total = 0;
    let scripts = 0;
    const encodings = new Set();
    for (const [id, bytes] of finished) {
      const r = requests.get(id);
      if (!r) continue;
      total += bytes;
      byType.set(r.type, byType.get(r.type) ?? { n: 0, bytes: 0 });
      byType.get(r.type).n++;
      byType.get(r.type).bytes += bytes;
      if (r.type === "Script") {
        scripts += bytes;
        encodings.add(r.encoding || "identity");
      }
    }
    console.log(`cold load of ${url} (phone 390×844, empty cache): ${(total / 1000).toFixed(1)} kB transferred`);
    for (const [type, { n, bytes }] of [...byType].sort((a, b) => b[1].bytes - a[1].bytes))
      console.log(
        `  ${type.padEnd(10)} ${String(n).padStart(3)} responses  ${(bytes / 1000).toFixed(1).padStart(8)} kB`,
      );
    console.log(`  (the page's own count, performance transferSize: ${(resources / 1000).toFixed(1)} kB)`);
    console.log(`  scripts sent as: ${[...encodings].join(", ")}; ${(scripts / 1000).toFixed(1)} kB`);
    await context.close();
  }
} finally {
  await browser.close();
}
