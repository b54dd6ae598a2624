import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";

const repoRoot = path.resolve(import.meta.dirname, "../../../../..");

/**
 * The built web app is sent precompressed: a small stand-in for apps/web/dist (an index.html and a hashed
 * script), compressed by the build's own scripts/precompress.mjs, served by a complete app.
 */
describe("web app: precompressed static files", () => {
  let t: TestApp;
  let dist: string;
  let script: Buffer;
  const asset = "/assets/index-Test1234.js";

  beforeAll(async () => {
    dist = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-web-dist-"));
    fs.mkdirSync(path.join(dist, "assets"));
    fs.writeFileSync(
      path.join(dist, "index.html"),
      `<!doctype html><html lang="zh-CN"><script type="module" src="${asset}"></script><div id="root"></div></html>`,
    );
    // Compressible like real minified code, and over the script's 1 kB threshold.
    script = Buffer.from(
      Array.from({ length: 400 }, (_, i) => `export const v${i}=function(a){return a*${i}+"一网";};`).join("\n"),
    );
    fs.writeFileSync(path.join(dist, asset), script);
    execFileSync(process.execPath, [path.join(repoRoot, "scripts/precompress.mjs"), dist], { stdio: "pipe" });
    t = await createTestApp({ env: { WEB_DIST: dist } });
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it("the build step writes .br and .gz copies that decompress to the file", () => {
    const file = path.join(dist, asset);
    expect(zlib.brotliDecompressSync(fs.readFileSync(`${file}.br`)).equals(script)).toBe(true);
    expect(zlib.gunzipSync(fs.readFileSync(`${file}.gz`)).equals(script)).toBe(true);
    expect(fs.existsSync(path.join(dist, "index.html.br"))).toBe(false); // under 1 kB: not worth it
  });

  it("sends brotli to a browser that accepts it, with the right bytes and headers", async () => {
    const res = await t.app.inject({ method: "GET", url: asset, headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-encoding"]).toBe("br");
    expect(res.headers["content-type"]).toMatch(/^text\/javascript|^application\/javascript/);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(res.rawPayload.length).toBeLessThan(script.length / 3);
    expect(zlib.brotliDecompressSync(res.rawPayload).equals(script)).toBe(true);
  });

  it("sends gzip when brotli is not accepted, and the plain file when nothing is", async () => {
    const gz = await t.app.inject({ method: "GET", url: asset, headers: { "accept-encoding": "gzip" } });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(gz.rawPayload).equals(script)).toBe(true);

    const plain = await t.app.inject({ method: "GET", url: asset, headers: { "accept-encoding": "identity" } });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.rawPayload.equals(script)).toBe(true);
  });

  it("does not expose the compressed copies as files of their own; pages still get index.html", async () => {
    expect((await t.app.inject({ method: "GET", url: `${asset}.br` })).statusCode).toBe(404);
    const page = await t.app.inject({
      method: "GET",
      url: "/services",
      headers: { accept: "text/html", "accept-encoding": "gzip, br" },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(asset);
  });
});
