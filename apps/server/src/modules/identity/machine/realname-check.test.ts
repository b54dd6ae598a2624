import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../../platform/auth/permissions.js";
import { createTestApp, type TestApp } from "../../../test-support/app.js";
import { type Headers, loginAs, registerCitizen } from "../../../test-support/identity.js";
import { auditEntries, loadRegistries, person } from "../testing.js";
import { REALNAME_CHECKS_PER_MINUTE } from "./realname-check.service.js";

const URL = "/api/identity/machine/realname-check";
const LI = person("李娜");

/**
 * Client-credentials principals come from the OIDC provider's bearer resolver (built separately); here a
 * test resolver stands in for it, keyed by a test-only header, with exactly the Principal shape it yields.
 */
function client(id: string, scopes: string[]): Principal {
  return {
    kind: "client",
    id,
    sessionId: null,
    displayName: id,
    roles: [],
    departmentId: null,
    realnameLevel: 1,
    actingFor: null,
    scopes,
  };
}

describe("identity: machine real-name check", () => {
  let t: TestApp;
  const checker: Headers = { "x-test-client": "land-system" };
  const noScope: Headers = { "x-test-client": "no-scope-system" };

  beforeAll(async () => {
    t = await createTestApp();
    await loadRegistries(t);
    t.app.auth.addResolver(async (req) => {
      const id = req.headers["x-test-client"];
      if (id === "land-system" || id === "busy-system") return client(id, ["identity.realname.check"]);
      if (id === "no-scope-system") return client(id, ["openid"]);
      return null;
    });
  });
  afterAll(() => t.close());

  const check = (headers: Headers, payload: unknown) =>
    t.app.inject({ method: "POST", url: URL, headers, payload: payload as object });

  it("answers match or no match, nothing more", async () => {
    const yes = await check(checker, LI);
    expect([yes.statusCode, yes.json()]).toEqual([200, { match: true }]);
    const no = await check(checker, { ...LI, name: "李四" });
    expect([no.statusCode, no.json()]).toEqual([200, { match: false }]);
    const unknown = await check(checker, { name: "李娜", idNumber: "11010519491231002X" });
    expect(unknown.json()).toEqual({ match: false });
  });

  it("audits every check without the ID number or the name", async () => {
    const entries = await auditEntries(t, { type: "identity.realname.checked", actor: "client:land-system" });
    expect(entries).toHaveLength(3);
    const text = JSON.stringify(entries);
    expect(text).not.toContain(LI.idNumber);
    expect(text).not.toContain("李娜");
  });

  it("refuses bad input with 400", async () => {
    for (const body of [{ name: "李娜" }, { ...LI, idNumber: "990103198211051141" }, { ...LI, name: "" }]) {
      const res = await check(checker, body);
      expect([res.statusCode, res.json().code]).toEqual([400, "VALIDATION_FAILED"]);
    }
  });

  it("401 anonymous; 403 for people and for a client without the scope", async () => {
    const anon = await check({}, LI);
    expect([anon.statusCode, anon.json().code]).toEqual([401, "AUTH_REQUIRED"]);
    const bad = await check({ authorization: "Bearer not-a-token" }, LI);
    expect([bad.statusCode, bad.json().code]).toEqual([401, "AUTH_INVALID"]);
    const people = [
      await loginAs(t, "window_clerk", "land"),
      await loginAs(t, "platform_admin"),
      await loginAs(t, "auditor"),
      (await registerCitizen(t, { realname: person("刘洋") })).headers,
      noScope,
    ];
    for (const headers of people) {
      const res = await check(headers, LI);
      expect([res.statusCode, res.json().code]).toEqual([403, "FORBIDDEN"]);
    }
    const entries = await auditEntries(t, { type: "identity.realname.checked" });
    expect(entries.every((e) => e.actor === "client:land-system")).toBe(true);
  });

  it("is rate limited per client", async () => {
    // Fill this minute's and the next minute's window, so the test does not depend on the clock.
    const now = Date.now();
    const windows = [0, 1].map((i) => new Date((Math.floor(now / 60_000) + i) * 60_000));
    await t.database.db
      .insertInto("rate_limit_counters")
      .values(
        windows.map((w) => ({
          key: "realname-check:client:busy-system",
          window_start: w,
          count: REALNAME_CHECKS_PER_MINUTE,
        })),
      )
      .execute();
    const res = await check({ "x-test-client": "busy-system" }, LI);
    expect([res.statusCode, res.json().code]).toEqual([429, "RATE_LIMITED"]);
    expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
    expect((await check(checker, LI)).statusCode).toBe(200); // another client is not affected
  });
});
