import { sql } from "kysely";
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localDate } from "../../platform/clock/clock.js";
import { department, type Headers, loginAs } from "../../test-support/identity.js";
import { type ListeningApp, listeningApp, registerClient, rp } from "../identity/oidc/testing.js";
import { loadRegistries, person } from "../identity/testing.js";

/**
 * The exchange gateway never answers a call its audit entry could not be written for (issue 27): the
 * audit queue refuses inserts (a trigger, as a broken audit store would), and every gateway call — one
 * that would have returned data and one that would have been refused — answers 503
 * EXCHANGE_AUDIT_UNAVAILABLE without records, counts as failed in /metrics and in the provider's
 * statistics. With the trigger gone the same call answers 200 again, so the test can tell the difference.
 */

const LI = person("李娜");
const DAY = 86_400_000;

let t: ListeningApp;
let platformAdmin: Headers;
let psbAdmin: Headers;
let token: string;

beforeAll(async () => {
  t = await listeningApp();
  await loadRegistries(t);
  const hrssId = await department(t, "hrss");
  platformAdmin = await loginAs(t, "platform_admin");
  psbAdmin = await loginAs(t, "dept_admin", "psb");
  const hrssAdmin = await loginAs(t, "dept_admin", "hrss");
  const applied = await t.app.inject({
    method: "POST",
    url: "/api/exchange/applications",
    headers: hrssAdmin,
    payload: {
      resourceCode: "population.person",
      purpose: "核验社保参保人员身份信息",
      fields: ["idNumber", "name"],
      queryPattern: "lookup_by_key",
      validFrom: new Date(Date.now() - DAY).toISOString(),
      validTo: new Date(Date.now() + 30 * DAY).toISOString(),
    },
  });
  expect(applied.statusCode, applied.body).toBe(201);
  const approved = await t.app.inject({
    method: "POST",
    url: `/api/exchange/applications/${applied.json().id}/approve`,
    headers: psbAdmin,
    payload: { reason: "依职责审核" },
  });
  expect(approved.statusCode, approved.body).toBe(200);
  const machine = await registerClient(t, platformAdmin, {
    name: "人社业务系统",
    kind: "machine",
    departmentId: hrssId,
    scopes: ["exchange.call"],
  });
  token = (await client.clientCredentialsGrant(await rp(t.base, machine), { scope: "exchange.call" })).access_token;
});
afterAll(async () => {
  await t?.close();
});

const lookup = (code: string) =>
  t.app.inject({
    method: "GET",
    url: `/api/exchange/gateway/${code}?key=${encodeURIComponent(LI.idNumber)}`,
    headers: { authorization: `Bearer ${token}` },
  });

async function breakAuditStore() {
  await sql`create function test_audit_store_down() returns trigger language plpgsql as $$
    begin raise exception 'audit store unavailable'; end $$`.execute(t.database.db);
  await sql`create trigger test_audit_store_down before insert on audit_queue
    for each row execute function test_audit_store_down()`.execute(t.database.db);
}
async function repairAuditStore() {
  await sql`drop trigger test_audit_store_down on audit_queue`.execute(t.database.db);
  await sql`drop function test_audit_store_down()`.execute(t.database.db);
}

async function metric(result: string, outcome: string): Promise<number> {
  const text = (await t.app.inject({ method: "GET", url: "/metrics" })).body;
  const line = text
    .split("\n")
    .find((l) => l.startsWith(`exchange_gateway_calls_total{result="${result}",outcome="${outcome}"}`));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

describe("exchange gateway: a call whose audit entry cannot be written fails (issue 27)", () => {
  it("with a working audit store the approved lookup returns data (the baseline)", async () => {
    const res = await lookup("population.person");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().records).toHaveLength(1);
    expect(await metric("ok", "ok")).toBe(1);
  });

  it("answers 503 EXCHANGE_AUDIT_UNAVAILABLE with no records, for a call that would return data and for a refusal", async () => {
    await breakAuditStore();
    try {
      const data = await lookup("population.person");
      expect([data.statusCode, data.json().code]).toEqual([503, "EXCHANGE_AUDIT_UNAVAILABLE"]);
      expect(data.json().records).toBeUndefined();
      expect(data.body).not.toContain(LI.name);
      expect(data.body).not.toContain(LI.idNumber.slice(-6));
      // Not approved for the business registry: a refusal, but one that cannot be recorded either.
      const refused = await lookup("business.enterprise");
      expect([refused.statusCode, refused.json().code]).toEqual([503, "EXCHANGE_AUDIT_UNAVAILABLE"]);
    } finally {
      await repairAuditStore();
    }
    expect(await metric("failed", "EXCHANGE_AUDIT_UNAVAILABLE")).toBe(2);
    expect(await metric("ok", "ok")).toBe(1);
    expect(await metric("refused", "EXCHANGE_NOT_APPROVED")).toBe(0);

    // The call log holds them as failures (no audit entry: that is what failed), and the provider's
    // statistics count them as errors.
    const calls = await t.database.db
      .selectFrom("exchange_calls")
      .select(["outcome", "record_count", "response_sha256", "resource_code"])
      .orderBy("at")
      .execute();
    expect(calls).toEqual([
      expect.objectContaining({ outcome: "ok", record_count: 1 }),
      {
        outcome: "EXCHANGE_AUDIT_UNAVAILABLE",
        record_count: 0,
        response_sha256: null,
        resource_code: "population.person",
      },
      {
        outcome: "EXCHANGE_AUDIT_UNAVAILABLE",
        record_count: 0,
        response_sha256: null,
        resource_code: "business.enterprise",
      },
    ]);
    // The platform's calendar day (Asia/Shanghai), not UTC's: from 16:00 UTC they differ.
    const today = localDate(new Date(), t.config.timeZone);
    const stats = await t.app.inject({
      method: "GET",
      url: `/api/exchange/stats?from=${today}&to=${today}`,
      headers: platformAdmin,
    });
    expect(stats.statusCode, stats.body).toBe(200);
    expect(stats.json().total).toMatchObject({ calls: 3, errors: 2 });
    expect(stats.json().errorsByOutcome).toContainEqual({ outcome: "EXCHANGE_AUDIT_UNAVAILABLE", calls: 2 });
  });

  it("answers again once the audit store is back", async () => {
    const res = await lookup("population.person");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().records).toHaveLength(1);
    expect(await metric("ok", "ok")).toBe(2);
  });
});
