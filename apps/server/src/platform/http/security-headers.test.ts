import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";

/** Issue 14, defect 9: the security headers every answer carries (the browser tests run under them). */
describe("security headers", () => {
  let t: TestApp;
  let https: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    https = await createTestApp({ env: { PUBLIC_URL: "https://yiwang.example.gov.cn" } });
  });
  afterAll(async () => {
    await t.close();
    await https.close();
  });

  it("pages, API answers and errors carry a strict CSP, frame and referrer policies", async () => {
    for (const url of ["/", "/api/catalog/items", "/api/no-such-route", "/healthz"]) {
      const res = await t.app.inject({ method: "GET", url, headers: { accept: "text/html" } });
      const csp = String(res.headers["content-security-policy"]);
      // exactly this origin's files: no inline script (what an XSS injects), no eval or new Function
      expect(
        csp.split(";").map((d) => d.trim()),
        url,
      ).toContain("script-src 'self'");
      expect(csp, url).not.toContain("unsafe-eval");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("object-src 'none'");
      expect(res.headers["x-frame-options"], url).toBe("DENY");
      expect(res.headers["x-content-type-options"], url).toBe("nosniff");
      expect(res.headers["referrer-policy"], url).toBe("no-referrer");
      expect(String(res.headers["permissions-policy"]), url).toContain("microphone=()");
      expect(res.headers["strict-transport-security"], url).toBeUndefined(); // http: a browser would ignore it
    }
  });

  it("adds HSTS and upgrades insecure requests when the platform is served over https", async () => {
    const res = await https.app.inject({ method: "GET", url: "/healthz" });
    expect(res.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    expect(String(res.headers["content-security-policy"])).toContain("upgrade-insecure-requests");
  });
});
