import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capturedLogger, createTestApp, type TestApp } from "../../test-support/app.js";
import { scrubPersonalData } from "../logging.js";

describe("operations endpoints", () => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    t = await createTestApp({ logger: capturedLogger(lines) });
  });
  afterAll(() => t.close());

  it("GET /healthz reports the database and current migrations", async () => {
    const res = await t.app.inject({ method: "GET", url: "/healthz" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: "ok",
      database: { ok: true },
      migrations: { current: true, pending: [] },
    });
  });

  it("GET /healthz answers 503 when the database is gone", async () => {
    const t2 = await createTestApp();
    await t2.database.close();
    const res = await t2.app.inject({ method: "GET", url: "/healthz" });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: "degraded", database: { ok: false } });
    await t2.close();
  });

  it("GET /metrics exposes request counts and latency histograms by route pattern", async () => {
    await t.app.inject({ method: "GET", url: "/api/org/departments/00000000-0000-4000-8000-000000000000" });
    const res = await t.app.inject({ method: "GET", url: "/metrics" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    expect(res.body).toMatch(
      /http_requests_total\{method="GET",route="\/api\/org\/departments\/:id",status_code="404"\} 1/,
    );
    expect(res.body).toMatch(
      /http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/healthz",status_code="200"\}/,
    );
    expect(res.body).toContain("process_cpu_user_seconds_total");
    // The histogram is cumulative and ends at the count: +Inf bucket = _count = the counter.
    const series = 'method="GET",route="/api/org/departments/:id",status_code="404"';
    const value = (line: string) =>
      Number(
        res.body
          .split("\n")
          .find((l) => l.startsWith(line))
          ?.split(" ")
          .at(-1),
      );
    const buckets = res.body
      .split("\n")
      .filter((l) => l.startsWith("http_request_duration_seconds_bucket{") && l.includes(series));
    const counts = buckets.map((l) => Number(l.split(" ").at(-1)));
    expect(counts.length).toBe(13);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(value(`http_request_duration_seconds_bucket{le="+Inf",${series}}`)).toBe(1);
    expect(value(`http_request_duration_seconds_count{${series}}`)).toBe(1);
    expect(value(`http_request_duration_seconds_sum{${series}}`)).toBeGreaterThan(0);
    expect(res.body.match(/# TYPE http_requests_total counter/g)).toHaveLength(1);
  });

  it("GET /metrics can require a token", async () => {
    const t2 = await createTestApp({ env: { METRICS_TOKEN: "metrics-token-0123456789" } });
    try {
      expect((await t2.app.inject({ method: "GET", url: "/metrics" })).statusCode).toBe(401);
      const ok = await t2.app.inject({
        method: "GET",
        url: "/metrics",
        headers: { authorization: "Bearer metrics-token-0123456789" },
      });
      expect(ok.statusCode).toBe(200);
    } finally {
      await t2.close();
    }
  });

  it("GET /openapi.json documents the routes with their schemas, and /docs serves the docs page", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/openapi.json" })).json();
    expect(doc.openapi).toMatch(/^3\./);
    const post = doc.paths["/api/org/departments"].post;
    expect(post.requestBody.content["application/json"].schema.required).toEqual(
      expect.arrayContaining(["key", "code", "name", "regionCode"]),
    );
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(["201", "400", "401", "409"]));
    expect(doc.paths["/api/calendar/add-working-days"].get).toBeDefined();
    expect(doc.paths["/healthz"].get).toBeDefined();
    const page = await t.app.inject({ method: "GET", url: "/docs/" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/text\/html/);
  });

  it("logs are JSON with a request id, and personal data in URLs and headers is redacted", async () => {
    lines.length = 0;
    await t.app.inject({
      method: "GET",
      url: "/api/org/departments?q=11010519491231002X&phone=13812345678",
      headers: { authorization: "Bearer something-secret", "x-request-id": "trace-abcdef12" },
    });
    const text = lines.join("");
    expect(text).toContain("trace-abcdef12");
    expect(text).toContain("q=110105********002X"); // the URL is logged, scrubbed
    expect(text).not.toContain("11010519491231002X");
    expect(text).not.toContain("13812345678");
    expect(text).not.toContain("something-secret");
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
  });

  it("logs one line per request: every write and error, successful reads only in the configured share", async () => {
    const sampled: string[] = [];
    const t2 = await createTestApp({ env: { REQUEST_LOG_SAMPLE: "0" }, logger: capturedLogger(sampled) });
    try {
      const completed = () => sampled.map((l) => JSON.parse(l)).filter((l) => l.msg === "request completed");
      await t2.app.inject({ method: "GET", url: "/api/org/departments" });
      expect(completed()).toEqual([]);
      await t2.app.inject({ method: "GET", url: "/api/org/departments/00000000-0000-4000-8000-000000000000" });
      await t2.app.inject({ method: "POST", url: "/api/identity/logout" });
      // A read-only POST (route config readOnly: a public verification) is sampled like a GET.
      const verified = await t2.app.inject({ method: "POST", url: "/api/onecode/verify", payload: { code: "YW1:x" } });
      expect(verified.statusCode).toBe(200);
      const lines = completed();
      expect(lines.map((l) => [l.req.method, l.res.statusCode])).toEqual([
        ["GET", 404],
        ["POST", expect.any(Number)],
      ]);
      for (const l of lines) expect(typeof l.responseTime).toBe("number");
      // Fastify's own pair of lines is off: nothing says "incoming request".
      expect(sampled.some((l) => l.includes("incoming request"))).toBe(false);
    } finally {
      await t2.close();
    }
  });

  it("scrubs ID numbers and mobile numbers but leaves other numbers", () => {
    expect(scrubPersonalData("/x?id=11010519491231002X&m=13812345678&n=12345")).toBe(
      "/x?id=110105********002X&m=138****5678&n=12345",
    );
  });
});
