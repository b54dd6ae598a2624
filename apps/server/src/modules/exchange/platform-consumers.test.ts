import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../platform/auth/permissions.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { department, type Headers, loginAs, registerCitizen } from "../../test-support/identity.js";
import { auditEntries, loadRegistries, person } from "../identity/testing.js";
import { REALNAME_CONSUMER } from "./platform-consumers.js";

/**
 * Issue 8, acceptance 5: identity's real-name checks (the citizen's level-2 check and the machine API) go
 * through the gateway as an approved consumer — the platform department's client `yiwang-identity` with an
 * approval for population.person (lookup by ID number, the name in clear): every check is in
 * `exchange_calls` and audited, the per-consumer rate limit applies, and a revoked approval stops them.
 */

const LI = person("李娜");
const CHEN = person("陈静");
let t: TestApp;
let platformId: string;
let psbAdmin: Headers;

const calls = () =>
  t.database.db
    .selectFrom("exchange_calls")
    .selectAll()
    .where("client_id", "=", REALNAME_CONSUMER.clientId)
    .orderBy("at")
    .execute();

function machine(id: string): Principal {
  return {
    kind: "client",
    id,
    sessionId: null,
    displayName: id,
    roles: [],
    departmentId: null,
    realnameLevel: 1,
    actingFor: null,
    scopes: ["identity.realname.check"],
  };
}

beforeAll(async () => {
  t = await createTestApp();
  await loadRegistries(t);
  platformId = await department(t, "platform");
  psbAdmin = await loginAs(t, "dept_admin", "psb");
  t.app.auth.addResolver(async (req) =>
    req.headers["x-test-client"] === "land-system" ? machine("land-system") : null,
  );
});
afterAll(() => t.close());

describe("exchange: identity's real-name check through the gateway (acceptance 5)", () => {
  it("a citizen's level-2 check is a gateway call of the platform's identity consumer", async () => {
    const c = await registerCitizen(t, { realname: LI });
    const me = await t.app.inject({ method: "GET", url: "/api/identity/me", headers: c.headers });
    expect(me.json()).toMatchObject({ realnameLevel: 2, realName: LI.name });
    const [call] = await calls();
    expect(call).toMatchObject({
      consumer_department_id: platformId,
      resource_code: "population.person",
      purpose: REALNAME_CONSUMER.purpose,
      query_pattern: "lookup_by_key",
      record_count: 1,
      outcome: "ok",
    });
    expect(JSON.stringify(call)).not.toContain(LI.idNumber);
    const audited = await auditEntries(t, { subject: `exchange-call:${call?.id}` });
    expect(audited).toMatchObject([{ type: "exchange.gateway.called", actor: `client:${REALNAME_CONSUMER.clientId}` }]);
  });

  it("the machine real-name check goes the same way, matching or not", async () => {
    const before = (await calls()).length;
    const check = (payload: object) =>
      t.app.inject({
        method: "POST",
        url: "/api/identity/machine/realname-check",
        headers: { "x-test-client": "land-system" },
        payload,
      });
    expect((await check(CHEN)).json()).toEqual({ match: true });
    expect((await check({ ...CHEN, name: "陈晶" })).json()).toEqual({ match: false });
    const after = await calls();
    expect(after).toHaveLength(before + 2);
    expect(after.slice(-2).every((c) => c.outcome === "ok" && c.record_count === 1)).toBe(true);
    // the same ID number gives the same keyed query hash
    expect(after.at(-1)?.query_hmac).toBe(after.at(-2)?.query_hmac);
  });

  it("the gateway's rate limit for the consumer department applies (503, the refusal logged)", async () => {
    const now = Date.now();
    const windows = [0, 1].map((i) => new Date((Math.floor(now / 60_000) + i) * 60_000));
    const limit = t.config.exchange.callsPerMinute;
    await t.database.db
      .insertInto("rate_limit_counters")
      .values(windows.map((w) => ({ key: `exchange:${platformId}`, window_start: w, count: limit })))
      .onConflict((oc) => oc.columns(["key", "window_start"]).doUpdateSet({ count: limit }))
      .execute();
    const res = await t.app.inject({
      method: "POST",
      url: "/api/identity/machine/realname-check",
      headers: { "x-test-client": "land-system" },
      payload: CHEN,
    });
    expect([res.statusCode, res.json().code]).toEqual([503, "REALNAME_SOURCE_UNAVAILABLE"]);
    expect((await calls()).at(-1)?.outcome).toBe("RATE_LIMITED");
    await t.database.db.deleteFrom("rate_limit_counters").where("key", "=", `exchange:${platformId}`).execute();
  });

  it("when the provider revokes the approval, real-name checks stop with 503 (never a false 'no match')", async () => {
    const list = await t.app.inject({ method: "GET", url: "/api/exchange/applications", headers: psbAdmin });
    const grant = list
      .json()
      .items.find((a: { consumerDepartmentId: string }) => a.consumerDepartmentId === platformId);
    expect(grant).toMatchObject({ status: "approved", current: true, fields: ["name"], clearFields: ["name"] });
    const revoked = await t.app.inject({
      method: "POST",
      url: `/api/exchange/applications/${grant.id}/revoke`,
      headers: psbAdmin,
      payload: { reason: "测试撤销" },
    });
    expect(revoked.statusCode).toBe(200);
    const c = await registerCitizen(t);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/identity/me/realname",
      headers: c.headers,
      payload: CHEN,
    });
    expect([res.statusCode, res.json().code]).toEqual([503, "REALNAME_SOURCE_UNAVAILABLE"]);
    expect(res.json().messageEn).toBeTruthy();
    expect((await calls()).at(-1)?.outcome).toBe("EXCHANGE_NOT_APPROVED");
  });
});
