import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { maskName } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../platform/auth/permissions.js";
import { TestClock } from "../../platform/clock/clock.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { department, type Headers, loginAs } from "../../test-support/identity.js";
import { auditEntries } from "../identity/testing.js";

/**
 * Issue 8, acceptance 3: a resource served by the provider's own HTTP API, proxied by the gateway. A real
 * local HTTP server (127.0.0.1, port 0) answers, hangs or fails on demand: a hang is 504 within the
 * resource's timeout, repeated failures open the circuit (refused at once with 503 EXCHANGE_CIRCUIT_OPEN),
 * after the cool-down one probe goes out (half-open) and its result closes or re-opens the circuit. Every
 * outcome is in the call log and the audit log. Also: requests refused before the gateway are logged, and
 * the query hash is keyed.
 */

type Mode = "ok" | "hang" | "fail" | "garbage";
let mode: Mode = "ok";
let hits = 0;
let lastHeaders: http.IncomingHttpHeaders = {};
const provider = http.createServer((req, res) => {
  hits++;
  lastHeaders = req.headers;
  if (mode === "hang") return; // never answers
  if (mode === "fail") {
    res.writeHead(500, { "content-type": "application/json" }).end('{"error":"boom"}');
    return;
  }
  if (mode === "garbage") {
    res.writeHead(200, { "content-type": "application/json" }).end('{"rows": "not records"}');
    return;
  }
  const key = new URL(req.url ?? "/", "http://x").searchParams.get("key");
  res
    .writeHead(200, { "content-type": "application/json" })
    .end(JSON.stringify({ records: [{ certNo: key, holderName: "王小明", area: 88.5, secret: "x" }] }));
});

const TIMEOUT_MS = 300;
const COOLDOWN_S = 30;
const clock = new TestClock(new Date());
let t: TestApp;
let hrssId: string;
let consumer: Headers;
const CERT = "SF2026-000123";

function client(id: string, departmentId: string): Principal {
  return {
    kind: "client",
    id,
    sessionId: null,
    displayName: id,
    roles: [],
    departmentId,
    realnameLevel: 1,
    actingFor: null,
    scopes: ["exchange.call"],
  };
}

beforeAll(async () => {
  await new Promise<void>((resolve) => provider.listen(0, "127.0.0.1", resolve));
  const port = (provider.address() as AddressInfo).port;
  t = await createTestApp({
    clock,
    env: { EXCHANGE_BREAKER_FAILURES: "3", EXCHANGE_BREAKER_COOLDOWN_SECONDS: String(COOLDOWN_S) },
  });
  hrssId = await department(t, "hrss");
  const housingId = await department(t, "housing");
  // Client-credentials principals come from the OIDC bearer resolver (exchange.test.ts uses real tokens);
  // here a test resolver stands in for it with exactly the Principal shape it yields.
  t.app.auth.addResolver(async (req) =>
    req.headers["x-test-client"] === "hrss-system" ? client("hrss-system", hrssId) : null,
  );
  consumer = { "x-test-client": "hrss-system" };
  const housingAdmin = await loginAs(t, "dept_admin", "housing");
  const created = await t.app.inject({
    method: "POST",
    url: "/api/exchange/resources",
    headers: housingAdmin,
    payload: {
      code: "housing.property-cert",
      name: "不动产权证书信息",
      providerDepartmentId: housingId,
      fields: [
        { name: "certNo", type: "string", sensitivity: "public" },
        { name: "holderName", type: "string", sensitivity: "sensitive" },
        { name: "area", type: "string", sensitivity: "public" },
      ],
      sharingType: "conditional",
      updateCycle: "realtime",
      source: "provider.http",
      keyField: "certNo",
      endpointUrl: `http://127.0.0.1:${port}/api/certs`,
      timeoutMs: TIMEOUT_MS,
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  expect(created.json()).toMatchObject({ source: "provider.http", keyField: "certNo", timeoutMs: TIMEOUT_MS });
  const hrssAdmin = await loginAs(t, "dept_admin", "hrss");
  const now = clock.now().getTime();
  const app = await t.app.inject({
    method: "POST",
    url: "/api/exchange/applications",
    headers: hrssAdmin,
    payload: {
      resourceCode: "housing.property-cert",
      purpose: "核验住房补贴申请人的房产",
      fields: ["certNo", "holderName", "area"],
      queryPattern: "lookup_by_key",
      validFrom: new Date(now - 86_400_000).toISOString(),
      validTo: new Date(now + 365 * 86_400_000).toISOString(),
    },
  });
  expect(app.statusCode, app.body).toBe(201);
  const ok = await t.app.inject({
    method: "POST",
    url: `/api/exchange/applications/${app.json().id}/approve`,
    headers: housingAdmin,
    payload: {},
  });
  expect(ok.statusCode, ok.body).toBe(200);
});
afterAll(async () => {
  provider.closeAllConnections();
  await new Promise((resolve) => provider.close(resolve));
  await t?.close();
});

const lookup = (headers: Headers = consumer, key = CERT) =>
  t.app.inject({ method: "GET", url: `/api/exchange/gateway/housing.property-cert?key=${key}`, headers });
async function timed(headers?: Headers) {
  const started = performance.now();
  const res = await lookup(headers);
  return { res, ms: performance.now() - started };
}
/** The call-log record of a response (the test clock stands still, so `at` does not order them). */
const callOf = (res: { headers: Record<string, unknown> }) =>
  t.database.db
    .selectFrom("exchange_calls")
    .selectAll()
    .where("request_id", "=", String(res.headers["x-request-id"]))
    .executeTakeFirstOrThrow();
const callCount = async () =>
  Number(
    (
      await t.database.db
        .selectFrom("exchange_calls")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("exchange: proxied provider (acceptance 3)", () => {
  it("a working provider: granted fields only, sensitive ones masked, consumer and request id passed on", async () => {
    mode = "ok";
    const res = await lookup();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().records).toEqual([{ certNo: CERT, holderName: maskName("王小明"), area: "88.5" }]);
    expect(lastHeaders["x-yiwang-consumer-department"]).toBe(hrssId);
    expect(lastHeaders["x-request-id"]).toBe(res.headers["x-request-id"]);
    expect(await callOf(res)).toMatchObject({ outcome: "ok", record_count: 1, client_id: "hrss-system" });
  });

  it("a hanging provider yields 504 EXCHANGE_PROVIDER_TIMEOUT within the resource's timeout", async () => {
    mode = "hang";
    const { res, ms } = await timed();
    expect([res.statusCode, res.json().code]).toEqual([504, "EXCHANGE_PROVIDER_TIMEOUT"]);
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(ms).toBeLessThan(TIMEOUT_MS + 1500);
    const call = await callOf(res);
    expect(call.outcome).toBe("EXCHANGE_PROVIDER_TIMEOUT");
    expect(call.latency_ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
  });

  it("a failing provider yields 502; the third failure in a row opens the circuit, then calls are refused at once", async () => {
    mode = "fail";
    for (let i = 0; i < 2; i++) {
      const res = await lookup();
      expect([res.statusCode, res.json().code]).toEqual([502, "EXCHANGE_PROVIDER_FAILED"]);
    }
    const before = hits;
    mode = "hang"; // would cost the whole timeout if the call went out
    const { res, ms } = await timed();
    expect([res.statusCode, res.json().code]).toEqual([503, "EXCHANGE_CIRCUIT_OPEN"]);
    expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
    expect(ms).toBeLessThan(TIMEOUT_MS);
    expect(hits).toBe(before); // the provider was not called
    expect((await callOf(res)).outcome).toBe("EXCHANGE_CIRCUIT_OPEN");
  });

  it("after the cool-down one probe goes out: a failing probe re-opens the circuit at once", async () => {
    mode = "fail";
    clock.advance(COOLDOWN_S * 1000 - 1000);
    expect((await lookup()).json().code).toBe("EXCHANGE_CIRCUIT_OPEN");
    clock.advance(1000);
    const before = hits;
    const probe = await lookup();
    expect([probe.statusCode, probe.json().code]).toEqual([502, "EXCHANGE_PROVIDER_FAILED"]);
    expect(hits).toBe(before + 1);
    expect((await lookup()).json().code).toBe("EXCHANGE_CIRCUIT_OPEN");
    expect(hits).toBe(before + 1);
  });

  it("a successful probe closes the circuit", async () => {
    mode = "ok";
    clock.advance(COOLDOWN_S * 1000);
    const probe = await lookup();
    expect(probe.statusCode, probe.body).toBe(200);
    for (let i = 0; i < 3; i++) expect((await lookup()).statusCode).toBe(200);
  });

  it("an unreadable answer is 502 EXCHANGE_PROVIDER_BAD_RESPONSE", async () => {
    mode = "garbage";
    const res = await lookup();
    expect([res.statusCode, res.json().code]).toEqual([502, "EXCHANGE_PROVIDER_BAD_RESPONSE"]);
    mode = "ok";
    expect((await lookup()).statusCode).toBe(200); // one failure does not open the circuit
  });

  it("every outcome is in the call log and the audit log, with a keyed query hash", async () => {
    const calls = await t.database.db.selectFrom("exchange_calls").selectAll().execute();
    const outcomes = new Set(calls.map((c) => c.outcome));
    for (const o of [
      "ok",
      "EXCHANGE_PROVIDER_TIMEOUT",
      "EXCHANGE_PROVIDER_FAILED",
      "EXCHANGE_CIRCUIT_OPEN",
      "EXCHANGE_PROVIDER_BAD_RESPONSE",
    ])
      expect(outcomes).toContain(o);
    const plain = createHash("sha256")
      .update(JSON.stringify({ key: CERT, pattern: "lookup_by_key", resource: "housing.property-cert" }))
      .digest("hex");
    for (const c of calls) {
      expect(c.query_hmac).toMatch(/^[0-9a-f]{64}$/);
      expect(c.query_hmac).not.toBe(plain);
      expect(c.query_sha256).toBeNull();
    }
    // the same query gives the same keyed hash (so calls can be matched), a different query another
    const ok = calls.filter((c) => c.outcome === "ok");
    expect(new Set(ok.map((c) => c.query_hmac)).size).toBe(1);
    const failed = await auditEntries(t, { type: "exchange.gateway.failed" });
    const called = await auditEntries(t, { type: "exchange.gateway.called" });
    expect(failed.length + called.length).toBe(calls.length);
    expect(failed.every((e) => e.actor === "client:hrss-system")).toBe(true);
  });

  it("requests refused before the gateway are logged too (no credential, bad parameters)", async () => {
    const before = await callCount();
    const anon = await lookup({});
    expect([anon.statusCode, anon.json().code]).toEqual([401, "AUTH_REQUIRED"]);
    expect(await callOf(anon)).toMatchObject({
      outcome: "AUTH_REQUIRED",
      client_id: "anonymous",
      consumer_department_id: null,
      resource_code: "housing.property-cert",
    });
    const bad = await t.app.inject({
      method: "GET",
      url: "/api/exchange/gateway/housing.property-cert/records?limit=100000",
      headers: consumer,
    });
    expect([bad.statusCode, bad.json().code]).toEqual([400, "VALIDATION_FAILED"]);
    expect(await callOf(bad)).toMatchObject({
      outcome: "VALIDATION_FAILED",
      client_id: "hrss-system",
      query_pattern: "list",
    });
    expect(await callCount()).toBe(before + 2);
    const refused = await auditEntries(t, { type: "exchange.gateway.refused", actor: "anonymous" });
    expect(refused).toHaveLength(1);
  });

  it("a resource's endpoint must be http(s), and only a proxied resource has one", async () => {
    const admin = await loginAs(t, "platform_admin");
    const res = await t.app.inject({
      method: "PATCH",
      url: "/api/exchange/resources/housing.property-cert",
      headers: admin,
      payload: { endpointUrl: "file:///etc/passwd" },
    });
    expect([res.statusCode, res.json().code]).toEqual([400, "VALIDATION_FAILED"]);
  });
});

describe("exchange: call statistics", () => {
  const day = (offset: number) => new Date(clock.now().getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const stats = (headers: Headers, query = `from=${day(-1)}&to=${day(1)}`) =>
    t.app.inject({ method: "GET", url: `/api/exchange/stats?${query}`, headers });

  it("the provider sees calls of its resources per day and consumer, top resources and error rates", async () => {
    const res = await stats(await loginAs(t, "dept_admin", "housing"));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const calls = await t.database.db
      .selectFrom("exchange_calls")
      .selectAll()
      .where("resource_code", "=", "housing.property-cert")
      .execute();
    const errors = calls.filter((c) => c.outcome !== "ok").length;
    expect(body.total).toEqual({
      calls: calls.length,
      errors,
      errorRate: Math.round((errors / calls.length) * 10_000) / 10_000,
    });
    expect(body.topResources[0]).toMatchObject({ resourceCode: "housing.property-cert", calls: calls.length });
    const fromHrss = body.daily.filter((d: { consumerDepartmentId: string }) => d.consumerDepartmentId === hrssId);
    expect(fromHrss.reduce((n: number, d: { calls: number }) => n + d.calls, 0)).toBe(
      calls.filter((c) => c.consumer_department_id === hrssId).length,
    );
    expect(body.errorsByOutcome.map((e: { outcome: string }) => e.outcome)).toEqual(
      expect.arrayContaining(["EXCHANGE_PROVIDER_TIMEOUT", "EXCHANGE_CIRCUIT_OPEN", "AUTH_REQUIRED"]),
    );
  });

  it("another department sees none of them, a platform admin all; a clerk is refused; bad ranges are 400", async () => {
    const other = (await stats(await loginAs(t, "dept_admin", "hrss"))).json();
    expect(other.total.calls).toBe(0);
    const all = (await stats(await loginAs(t, "platform_admin"))).json();
    expect(all.total.calls).toBeGreaterThan(0);
    const clerk = await stats(await loginAs(t, "window_clerk", "housing"));
    expect(clerk.statusCode).toBe(403);
    const admin = await loginAs(t, "platform_admin");
    for (const q of [
      "from=2026-02-10&to=2026-02-01",
      "from=2026-01-01&to=2026-12-31",
      "from=2026-02-30&to=2026-03-01",
    ]) {
      const bad = await stats(admin, q);
      expect([bad.statusCode, bad.json().code]).toEqual([400, "VALIDATION_FAILED"]);
    }
  });
});
