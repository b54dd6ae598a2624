import { maskName } from "@yiwang/contracts";
import { sql } from "kysely";
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { department, type Headers, loginAs } from "../../test-support/identity.js";
import { type ListeningApp, listeningApp, registerClient, rp } from "../identity/oidc/testing.js";
import { auditEntries, loadRegistries, person } from "../identity/testing.js";
import { seedExchange } from "./seed.js";

/**
 * Issue 16, the gateway's "middle way": a consumer's grant is kept in process as a hint, and a call under a
 * hint writes its call log only if the grant still holds, checked in the same statement. These tests change
 * the grant behind the process's back — straight in the database, as another node would — and require the
 * very next call to follow, with nothing written or returned under the stale hint. The hint counter proves
 * the fast path was taken (without it the tests would pass on the slow path alone).
 */

const LI = person("李娜");
const DAY = 86_400_000;

let t: ListeningApp;
let psbAdmin: Headers;
let hrssAdmin: Headers;
let token: string;

beforeAll(async () => {
  t = await listeningApp();
  await department(t, "psb");
  const hrssId = await department(t, "hrss");
  await loadRegistries(t);
  await seedExchange(t.database.db);
  const platformAdmin = await loginAs(t, "platform_admin");
  psbAdmin = await loginAs(t, "dept_admin", "psb");
  hrssAdmin = await loginAs(t, "dept_admin", "hrss");
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

const lookup = () =>
  t.app.inject({
    method: "GET",
    url: `/api/exchange/gateway/population.person?key=${encodeURIComponent(LI.idNumber)}`,
    headers: { authorization: `Bearer ${token}` },
  });

async function approve(over: Record<string, unknown> = {}): Promise<string> {
  const applied = await t.app.inject({
    method: "POST",
    url: "/api/exchange/applications",
    headers: hrssAdmin,
    payload: {
      resourceCode: "population.person",
      purpose: "核验社保参保人员身份信息",
      fields: ["idNumber", "name", "gender"],
      queryPattern: "lookup_by_key",
      validFrom: new Date(Date.now() - DAY).toISOString(),
      validTo: new Date(Date.now() + 30 * DAY).toISOString(),
      ...over,
    },
  });
  expect(applied.statusCode, applied.body).toBe(201);
  const id = applied.json().id as string;
  const ok = await t.app.inject({
    method: "POST",
    url: `/api/exchange/applications/${id}/approve`,
    headers: psbAdmin,
    payload: { reason: "依职责审核" },
  });
  expect(ok.statusCode, ok.body).toBe(200);
  return id;
}

async function hints(): Promise<Record<string, number>> {
  const text = (await t.app.inject({ method: "GET", url: "/metrics" })).body;
  const out: Record<string, number> = { used: 0, stale: 0, none: 0 };
  for (const m of text.matchAll(/^exchange_gateway_grant_hints_total\{result="(\w+)"\} (\d+)/gm))
    out[m[1] as string] = Number(m[2]);
  return out;
}

/** Call-log rows and their audit entries: every answered or refused call has exactly one of each. */
async function logged(): Promise<{ calls: number; entries: number }> {
  const calls = await sql<{ n: number }>`select count(*)::int as n from exchange_calls`.execute(t.database.db);
  const entries = (await auditEntries(t)).filter((e) => e.subject?.startsWith("exchange-call:"));
  return { calls: calls.rows[0]?.n ?? 0, entries: entries.length };
}

describe("exchange gateway: grant hints", () => {
  let first: string;

  it("the second call is answered under the hint, with its call log and audit entry like any other", async () => {
    first = await approve();
    const before = await hints();
    const a = await lookup();
    const b = await lookup();
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(b.json().records).toEqual(a.json().records);
    const after = await hints();
    expect(after.used - before.used).toBe(1);
    expect(after.none - before.none).toBe(1);
    const log = await logged();
    expect(log.entries).toBe(log.calls);
    const row = await sql<{ application_id: string; outcome: string; record_count: number }>`
      select application_id, outcome, record_count from exchange_calls where id = ${b.json().callId}`.execute(
      t.database.db,
    );
    expect(row.rows[0]).toEqual({ application_id: first, outcome: "ok", record_count: 1 });
  });

  it("a field reclassified by another node is masked on the very next call", async () => {
    expect((await lookup()).json().records[0].gender).toMatch(/^(male|female)$/); // the hint is current
    const before = await hints();
    // The resource's "gender" field becomes sensitive, written as another node would: no message to this process.
    await sql`update exchange_resources
      set fields = (select jsonb_agg(case when f->>'name' = 'gender' then f || '{"sensitivity":"sensitive"}' else f end)
                    from jsonb_array_elements(fields) f),
          updated_at = now()
      where code = 'population.person'`.execute(t.database.db);
    const res = await lookup();
    expect(res.statusCode).toBe(200);
    expect(res.json().records[0].gender).toMatch(/^\*+$/);
    expect(res.json().records[0].name).toBe(maskName(LI.name));
    const after = await hints();
    expect(after.stale - before.stale).toBe(1);
    expect(after.used - before.used).toBe(0);
  });

  it("a later approval with other fields is served on the very next call", async () => {
    await lookup();
    await approve({ fields: ["gender"] });
    const res = await lookup();
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().records[0])).toEqual(["gender"]);
    expect(res.json().records[0].gender).toMatch(/^\*+$/);
  });

  it("a revocation by another node refuses the very next call, and the stale attempt leaves no trace", async () => {
    await lookup(); // under the newest approval, now the hint
    const callsBefore = await logged();
    const before = await hints();
    await sql`update exchange_applications set status = 'revoked', revoked_at = now(), updated_at = now()
      where consumer_department_id = (select consumer_department_id from exchange_applications where id = ${first})`.execute(
      t.database.db,
    );
    const refused = await lookup();
    expect([refused.statusCode, refused.json().code]).toEqual([403, "EXCHANGE_NOT_APPROVED"]);
    expect(refused.json().records).toBeUndefined();
    const after = await hints();
    expect(after.stale - before.stale).toBe(1);
    // One call, one refusal logged, one audit entry: the attempt under the stale hint wrote nothing.
    const callsAfter = await logged();
    expect(callsAfter.calls - callsBefore.calls).toBe(1);
    expect(callsAfter.entries - callsBefore.entries).toBe(1);
    const last = await sql<{ outcome: string; application_id: string | null }>`
      select outcome, application_id from exchange_calls order by at desc, id desc limit 1`.execute(t.database.db);
    expect(last.rows[0]).toEqual({ outcome: "EXCHANGE_NOT_APPROVED", application_id: null });
  });

  it("an approval that expired since the hint was taken is not used", async () => {
    const id = await approve({ validTo: new Date(Date.now() + DAY).toISOString() });
    expect((await lookup()).statusCode).toBe(200);
    await sql`update exchange_applications set valid_to = now() - interval '1 second' where id = ${id}`.execute(
      t.database.db,
    );
    const res = await lookup();
    expect([res.statusCode, res.json().code]).toEqual([403, "EXCHANGE_NOT_APPROVED"]);
  });
});
