import { ErrorResponse } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, loginAs } from "../../test-support/identity.js";

/** Every failure answers the one documented shape, with a request id, and never a stack trace. */
function expectErrorShape(
  res: { statusCode: number; headers: Record<string, unknown>; body: string },
  status: number,
  code: string,
) {
  expect(res.statusCode).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  const body = JSON.parse(res.body);
  expect(ErrorResponse.parse(body)).toBeTruthy();
  expect(body.code).toBe(code);
  expect(body.message).toMatch(/[\u4e00-\u9fff]/); // Chinese
  expect(body.messageEn).toMatch(/[A-Za-z]/);
  expect(body.requestId).toBe(res.headers["x-request-id"]);
  expect(res.body).not.toMatch(/\bat .+\.(ts|js):\d+/); // no stack frames
  return body;
}

describe("error shape for bad input (acceptance 4)", () => {
  let t: TestApp;
  let DEV_ADMIN: Headers;
  beforeAll(async () => {
    t = await createTestApp({ env: { BODY_LIMIT: "1048576" } });
    DEV_ADMIN = await loginAs(t, "platform_admin");
  });
  afterAll(() => t.close());

  const valid = { key: "newdept", code: "91350100M000100Y43", name: "新部门", regionCode: "350100" };
  const post = (payload: string | Buffer, contentType = "application/json") =>
    t.app.inject({
      method: "POST",
      url: "/api/org/departments",
      headers: { ...DEV_ADMIN, "content-type": contentType },
      payload,
    });

  it("malformed JSON → 400 INVALID_JSON", async () => {
    expectErrorShape(await post('{"key": "x",'), 400, "INVALID_JSON");
  });

  it("empty JSON body → 400 INVALID_JSON", async () => {
    expectErrorShape(await post(""), 400, "INVALID_JSON");
  });

  it("wrong content type → 415 UNSUPPORTED_MEDIA_TYPE", async () => {
    expectErrorShape(await post("<department/>", "application/xml"), 415, "UNSUPPORTED_MEDIA_TYPE");
    expectErrorShape(await post("key=x", "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE");
  });

  it("a 10 MB body → 413 BODY_TOO_LARGE, limit configurable", async () => {
    const big = JSON.stringify({ ...valid, name: "x".repeat(10 * 1024 * 1024) });
    expectErrorShape(await post(big), 413, "BODY_TOO_LARGE");
    const small = await createTestApp({ env: { BODY_LIMIT: "2048" } });
    try {
      const res = await small.app.inject({
        method: "POST",
        url: "/api/org/departments",
        headers: { "content-type": "application/json" }, // the body limit applies before authentication
        payload: JSON.stringify({ ...valid, name: "y".repeat(4000) }),
      });
      expectErrorShape(res, 413, "BODY_TOO_LARGE");
    } finally {
      await small.close();
    }
  });

  it("unknown route → 404 ROUTE_NOT_FOUND", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/no-such-thing" });
    const body = expectErrorShape(res, 404, "ROUTE_NOT_FOUND");
    expect(body.details).toEqual({ method: "GET", path: "/api/no-such-thing" });
  });

  it("wrong method → 405 METHOD_NOT_ALLOWED with an Allow header", async () => {
    const res = await t.app.inject({ method: "PUT", url: "/api/org/departments" });
    expectErrorShape(res, 405, "METHOD_NOT_ALLOWED");
    expect(String(res.headers.allow).split(", ").sort()).toEqual(["GET", "HEAD", "POST"]);
    const withParam = await t.app.inject({
      method: "POST",
      url: "/api/org/departments/8a1f2d3c-0000-4000-8000-000000000000",
    });
    expectErrorShape(withParam, 405, "METHOD_NOT_ALLOWED");
  });

  it("schema-violating payload → 400 VALIDATION_FAILED naming each bad field", async () => {
    const res = await post(
      JSON.stringify({ ...valid, code: "91350100M000100Y44", regionCode: "12345", extra: 1, name: 5 }),
    );
    const body = expectErrorShape(res, 400, "VALIDATION_FAILED");
    const paths = body.details.issues.map((i: { path: string }) => i.path).sort();
    expect(paths).toEqual(["body.code", "body.name", "body.regionCode"]);
  });

  it("schema-violating query and params → 400 VALIDATION_FAILED", async () => {
    expectErrorShape(
      await t.app.inject({ method: "GET", url: "/api/org/departments?limit=0" }),
      400,
      "VALIDATION_FAILED",
    );
    expectErrorShape(
      await t.app.inject({ method: "GET", url: "/api/org/departments/not-a-uuid" }),
      400,
      "VALIDATION_FAILED",
    );
    expectErrorShape(
      await t.app.inject({ method: "GET", url: "/api/calendar/day?date=2026-02-30" }),
      400,
      "VALIDATION_FAILED",
    );
  });

  it("honours a well-formed incoming x-request-id and replaces a malformed one", async () => {
    const ok = await t.app.inject({ method: "GET", url: "/api/nope", headers: { "x-request-id": "lb-12345678" } });
    expect(ok.headers["x-request-id"]).toBe("lb-12345678");
    expect(JSON.parse(ok.body).requestId).toBe("lb-12345678");
    const bad = await t.app.inject({ method: "GET", url: "/api/nope", headers: { "x-request-id": "x\nforged" } });
    expect(bad.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("an unexpected exception → 500 INTERNAL_ERROR without internals", async () => {
    const t2 = await createTestApp();
    try {
      t2.app.platform.calendar.listYear = async () => {
        throw new Error("secret internal detail at /srv/x.ts:12");
      };
      const res = await t2.app.inject({ method: "GET", url: "/api/calendar/days?year=2026" });
      const body = expectErrorShape(res, 500, "INTERNAL_ERROR");
      expect(JSON.stringify(body)).not.toContain("secret");
    } finally {
      await t2.close();
    }
  });

  it("too many requests from one client → 429 RATE_LIMITED with Retry-After; health checks are not limited", async () => {
    const limited = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: "3" } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++)
        codes.push((await limited.app.inject({ method: "GET", url: "/api/org/departments" })).statusCode);
      expect(codes).toEqual([200, 200, 200, 429]);
      const res = await limited.app.inject({ method: "GET", url: "/api/calendar/day?date=2026-02-14" });
      expectErrorShape(res, 429, "RATE_LIMITED");
      expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
      for (let i = 0; i < 5; i++)
        expect((await limited.app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
      // The OIDC token endpoint (client-secret guessing) is limited too, per client address.
      const token = () =>
        limited.app.inject({
          method: "POST",
          url: "/oidc/token",
          remoteAddress: "10.1.1.1",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          payload: "grant_type=client_credentials&client_id=nobody&client_secret=guess",
        });
      const tokenCodes: number[] = [];
      for (let i = 0; i < 4; i++) tokenCodes.push((await token()).statusCode);
      expect(tokenCodes.slice(0, 3).every((c) => c !== 429)).toBe(true);
      expect(tokenCodes[3]).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it("a database constraint the service did not anticipate → 409, not 500, and nothing is written", async () => {
    await post(JSON.stringify(valid));
    // Same code, different key: the service translates the unique violation.
    const dup = await post(JSON.stringify({ ...valid, key: "other" }));
    expectErrorShape(dup, 409, "DEPARTMENT_CODE_TAKEN");
    const list = await t.app.inject({ method: "GET", url: "/api/org/departments?q=other" });
    expect(JSON.parse(list.body).total).toBe(0);
  });
});
