import { maskIdNumber, maskName } from "@yiwang/contracts";
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { department, type Headers, loginAs } from "../../test-support/identity.js";
import { leafHash, verifyInclusion } from "../audit/index.js";
import { type ListeningApp, listeningApp, registerClient, rp } from "../identity/oidc/testing.js";
import { auditEntries, loadRegistries, person } from "../identity/testing.js";
import { EXCHANGE_CALLS_PER_MINUTE } from "./gateway.service.js";
import { seedExchange } from "./seed.js";

/**
 * Issue 8, first step: the catalog, applications and the gateway. A department system of 人社局 (hrss)
 * calls the population registry of 公安局 (psb) and the business registry of 市场监管局 (amr) with a real
 * client-credentials token. Acceptance 1 (approval, granted fields, masking, revocation on the next call),
 * 2 (query pattern) and 4 (every call audited, its entry provably in a signed tree).
 */

const LI = person("李娜");
const FIRM = "91990100MA0001018E";
const b64 = (s: string) => Buffer.from(s, "base64");

let t: ListeningApp;
let psbAdmin: Headers;
let amrAdmin: Headers;
let hrssAdmin: Headers;
let platformAdmin: Headers;
let gatewayToken: string;
let psbId: string;
let hrssId: string;

beforeAll(async () => {
  t = await listeningApp();
  psbId = await department(t, "psb");
  await department(t, "amr");
  hrssId = await department(t, "hrss");
  await loadRegistries(t);
  await seedExchange(t.database.db);
  platformAdmin = await loginAs(t, "platform_admin");
  psbAdmin = await loginAs(t, "dept_admin", "psb");
  amrAdmin = await loginAs(t, "dept_admin", "amr");
  hrssAdmin = await loginAs(t, "dept_admin", "hrss");
  const machine = await registerClient(t, platformAdmin, {
    name: "人社业务系统",
    kind: "machine",
    departmentId: hrssId,
    scopes: ["exchange.call"],
  });
  const tokens = await client.clientCredentialsGrant(await rp(t.base, machine), { scope: "exchange.call" });
  gatewayToken = tokens.access_token;
});
afterAll(async () => {
  await t?.close();
});

const bearer = () => ({ authorization: `Bearer ${gatewayToken}` });
const lookup = (code: string, key: string) =>
  t.app.inject({
    method: "GET",
    url: `/api/exchange/gateway/${code}?key=${encodeURIComponent(key)}`,
    headers: bearer(),
  });
const list = (code: string) =>
  t.app.inject({ method: "GET", url: `/api/exchange/gateway/${code}/records?limit=5`, headers: bearer() });

const DAY = 86_400_000;
function application(over: Record<string, unknown> = {}) {
  return {
    resourceCode: "population.person",
    purpose: "核验社保参保人员身份信息",
    fields: ["idNumber", "name", "gender", "birthDate"],
    queryPattern: "lookup_by_key",
    validFrom: new Date(Date.now() - DAY).toISOString(),
    validTo: new Date(Date.now() + 30 * DAY).toISOString(),
    ...over,
  };
}
async function apply(body: Record<string, unknown>) {
  const res = await t.app.inject({
    method: "POST",
    url: "/api/exchange/applications",
    headers: hrssAdmin,
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const decide = (headers: Headers, id: string, action: string, reason = "依职责审核") =>
  t.app.inject({ method: "POST", url: `/api/exchange/applications/${id}/${action}`, headers, payload: { reason } });

describe("exchange: catalog", () => {
  it("staff read the catalog with fields and sensitivity; the provider's admin edits, another department's cannot", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/exchange/resources", headers: hrssAdmin });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((r: { code: string }) => r.code)).toEqual(["business.enterprise", "population.person"]);
    const pop = (
      await t.app.inject({ method: "GET", url: "/api/exchange/resources/population.person", headers: hrssAdmin })
    ).json();
    expect(pop).toMatchObject({ providerDepartmentId: psbId, sharingType: "conditional", keyField: "idNumber" });
    expect(pop.fields.find((f: { name: string }) => f.name === "idNumber").sensitivity).toBe("sensitive");

    const patch = (headers: Headers) =>
      t.app.inject({
        method: "PATCH",
        url: "/api/exchange/resources/population.person",
        headers,
        payload: { updateCycle: "daily" },
      });
    expect((await patch(amrAdmin)).statusCode).toBe(403);
    expect((await patch(psbAdmin)).json().updateCycle).toBe("daily");

    const bad = await t.app.inject({
      method: "POST",
      url: "/api/exchange/resources",
      headers: platformAdmin,
      payload: {
        code: "population.extra",
        name: "x",
        providerDepartmentId: psbId,
        fields: [{ name: "phone", type: "string", sensitivity: "sensitive" }],
        sharingType: "conditional",
        updateCycle: "daily",
        source: "registry.population",
      },
    });
    expect([bad.statusCode, bad.json().code]).toEqual([400, "EXCHANGE_FIELD_NOT_IN_SOURCE"]);
    const citizenless = await t.app.inject({ method: "GET", url: "/api/exchange/resources", headers: bearer() });
    expect(citizenless.statusCode).toBe(403);
  });
});

describe("exchange: approvals and the gateway (acceptance 1, 2)", () => {
  let first: { id: string };
  let second: { id: string };

  it("without an approval the consumer gets 403 EXCHANGE_NOT_APPROVED, also while its application is pending", async () => {
    const res = await lookup("population.person", LI.idNumber);
    expect([res.statusCode, res.json().code]).toEqual([403, "EXCHANGE_NOT_APPROVED"]);
    first = await apply(application());
    expect(first).toMatchObject({ status: "pending", current: false });
    const pending = await lookup("population.person", LI.idNumber);
    expect([pending.statusCode, pending.json().code]).toEqual([403, "EXCHANGE_NOT_APPROVED"]);
  });

  it("only the provider's department admin decides", async () => {
    for (const headers of [amrAdmin, hrssAdmin]) {
      const res = await decide(headers, first.id, "approve");
      expect([res.statusCode, res.json().code]).toEqual([403, "FORBIDDEN"]);
    }
    const ok = await decide(psbAdmin, first.id, "approve");
    expect(ok.json()).toMatchObject({ status: "approved", current: true });
    const again = await decide(psbAdmin, first.id, "approve");
    expect([again.statusCode, again.json().code]).toEqual([409, "EXCHANGE_APPLICATION_NOT_PENDING"]);
  });

  it("after approval: only the granted fields, sensitive ones masked", async () => {
    const res = await lookup("population.person", LI.idNumber);
    expect(res.statusCode, res.body).toBe(200);
    const [record] = res.json().records;
    expect(Object.keys(record).sort()).toEqual(["birthDate", "gender", "idNumber", "name"]);
    expect(record.idNumber).toBe(maskIdNumber(LI.idNumber));
    expect(record.name).toBe(maskName(LI.name));
    expect(record.birthDate).toBe(
      `${LI.idNumber.slice(6, 10)}-${LI.idNumber.slice(10, 12)}-${LI.idNumber.slice(12, 14)}`,
    );
    const none = await lookup("population.person", "11010519491231002X");
    expect([none.statusCode, none.json().records]).toEqual([200, []]);
  });

  it("a bulk list when only lookup by key was granted is refused with EXCHANGE_PATTERN_NOT_GRANTED", async () => {
    const res = await list("population.person");
    expect([res.statusCode, res.json().code]).toEqual([403, "EXCHANGE_PATTERN_NOT_GRANTED"]);
  });

  it("a grant in clear and of the list pattern shows the name and lists", async () => {
    second = await apply(application({ fields: ["name", "regionCode"], clearFields: ["name"], queryPattern: "list" }));
    expect((await decide(psbAdmin, second.id, "approve")).statusCode).toBe(200);
    const one = (await lookup("population.person", LI.idNumber)).json().records[0];
    expect(one).toEqual({ name: LI.name, regionCode: LI.idNumber.slice(0, 6) });
    const many = await list("population.person");
    expect(many.statusCode).toBe(200);
    expect(many.json().records).toHaveLength(5);
    expect(Object.keys(many.json().records[0]).sort()).toEqual(["name", "regionCode"]);
  });

  it("revocation is effective on the very next call", async () => {
    expect((await decide(psbAdmin, second.id, "revoke", "用途已完成")).json().status).toBe("revoked");
    const back = await lookup("population.person", LI.idNumber);
    expect(back.json().records[0].name).toBe(maskName(LI.name)); // the first approval again
    expect((await list("population.person")).json().code).toBe("EXCHANGE_PATTERN_NOT_GRANTED");
    expect((await decide(psbAdmin, first.id, "revoke", "停止共享")).statusCode).toBe(200);
    const refused = await lookup("population.person", LI.idNumber);
    expect([refused.statusCode, refused.json().code]).toEqual([403, "EXCHANGE_NOT_APPROVED"]);
  });

  it("an approval outside its validity does not count; a rejected one neither", async () => {
    const later = await apply(application({ validFrom: new Date(Date.now() + DAY).toISOString() }));
    await decide(psbAdmin, later.id, "approve");
    const rejected = await apply(application());
    const rej = await decide(psbAdmin, rejected.id, "reject", "用途不明确");
    expect(rej.json()).toMatchObject({ status: "rejected", decisionReason: "用途不明确" });
    expect((await lookup("population.person", LI.idNumber)).json().code).toBe("EXCHANGE_NOT_APPROVED");
  });

  it("an unconditional resource is approved at once; applications outside the catalog are refused", async () => {
    const up = await t.app.inject({
      method: "PATCH",
      url: "/api/exchange/resources/business.enterprise",
      headers: amrAdmin,
      payload: { sharingType: "unconditional" },
    });
    expect(up.statusCode).toBe(200);
    const wrong = await t.app.inject({
      method: "POST",
      url: "/api/exchange/applications",
      headers: hrssAdmin,
      payload: application({ resourceCode: "business.enterprise", fields: ["uscc", "phone"] }),
    });
    expect([wrong.statusCode, wrong.json().code]).toEqual([400, "EXCHANGE_FIELDS_UNKNOWN"]);
    const auto = await apply(
      application({ resourceCode: "business.enterprise", fields: ["uscc", "name", "legalRepIdNumber", "status"] }),
    );
    expect(auto).toMatchObject({ status: "approved", current: true, decidedBy: "system" });
    const res = await lookup("business.enterprise", FIRM);
    expect(res.json().records).toEqual([
      {
        uscc: FIRM,
        name: "示例市鲜味餐饮有限公司",
        legalRepIdNumber: maskIdNumber("990103198211051140"),
        status: "active",
      },
    ]);
  });
});

describe("exchange: call log and audit (acceptance 4)", () => {
  it("every call, refusals included, has a call-log record without personal data", async () => {
    const calls = await t.database.db.selectFrom("exchange_calls").selectAll().orderBy("at").execute();
    const outcomes = calls.map((c) => c.outcome);
    expect(outcomes).toContain("ok");
    expect(outcomes).toContain("EXCHANGE_NOT_APPROVED");
    expect(outcomes).toContain("EXCHANGE_PATTERN_NOT_GRANTED");
    const ok = calls.find((c) => c.outcome === "ok" && c.resource_code === "population.person");
    expect(ok).toMatchObject({ purpose: "核验社保参保人员身份信息", record_count: 1, query_pattern: "lookup_by_key" });
    expect(ok?.query_hmac).toMatch(/^[0-9a-f]{64}$/);
    expect(ok?.response_sha256).toMatch(/^[0-9a-f]{64}$/);
    const text = JSON.stringify(calls);
    expect(text).not.toContain(LI.idNumber);
    expect(text).not.toContain(LI.name);
    const audited = [
      ...(await auditEntries(t, { type: "exchange.gateway.called" })),
      ...(await auditEntries(t, { type: "exchange.gateway.refused" })),
    ];
    expect(audited.map((e) => e.subject).sort()).toEqual(calls.map((c) => `exchange-call:${c.id}`).sort());
  });

  it("a call's audit entry has an inclusion proof that verifies against a signed tree head", async () => {
    const res = await lookup("business.enterprise", FIRM);
    const { callId } = res.json();
    const log = t.app.auditLog;
    await log.flush();
    const [row] = await log.repo.search({ subject: `exchange-call:${callId}`, limit: 1, offset: 0 });
    expect(JSON.parse(row.entry.toString())).toMatchObject({
      type: "exchange.gateway.called",
      actor: expect.stringMatching(/^client:/),
    });
    const auditor = await loginAs(t, "auditor");
    const sth = (await t.app.inject({ method: "POST", url: "/api/audit/v1/sign-tree-head", headers: auditor })).json();
    const hash = leafHash(row.entry);
    const proof = (
      await t.app.inject({
        method: "GET",
        url: `/api/audit/v1/get-proof-by-hash?hash=${encodeURIComponent(hash.toString("base64"))}&tree_size=${sth.tree_size}`,
      })
    ).json();
    expect(
      verifyInclusion(hash, proof.leaf_index, sth.tree_size, proof.audit_path.map(b64), b64(sth.sha256_root_hash)),
    ).toBe(true);
    // and the head's signature verifies with the published key (audit.test.ts checks the bytes themselves)
    const check = await t.app.inject({ method: "GET", url: "/api/audit/v1/get-sth" });
    expect(check.json()).toEqual(sth);
  });
});

describe("exchange: control characters at the door (issue 14)", () => {
  it("a NUL in the resource code or a parameter is 400, and the refused call is still in the call log", async () => {
    const calls = () =>
      t.database.db.selectFrom("exchange_calls").select(["resource_code", "outcome"]).orderBy("at").execute();
    const before = (await calls()).length;
    const inPath = await lookup("population%00person", "x");
    expect([inPath.statusCode, inPath.json().code]).toEqual([400, "VALIDATION_FAILED"]);
    const inQuery = await lookup("population.person", "9901\u0000");
    expect([inQuery.statusCode, inQuery.json().code]).toEqual([400, "VALIDATION_FAILED"]);
    const logged = (await calls()).slice(before);
    expect(logged).toEqual([
      { resource_code: "population\ufffdperson", outcome: "VALIDATION_FAILED" },
      { resource_code: "population.person", outcome: "VALIDATION_FAILED" },
    ]);
  });
});

describe("exchange: rate limit", () => {
  it("limits calls per consumer department, and logs the refusal", async () => {
    // Fill this minute's and the next minute's window, so the test does not depend on the clock.
    const now = Date.now();
    const windows = [0, 1].map((i) => new Date((Math.floor(now / 60_000) + i) * 60_000));
    await t.database.db
      .insertInto("rate_limit_counters")
      .values(windows.map((w) => ({ key: `exchange:${hrssId}`, window_start: w, count: EXCHANGE_CALLS_PER_MINUTE })))
      .onConflict((oc) => oc.columns(["key", "window_start"]).doUpdateSet({ count: EXCHANGE_CALLS_PER_MINUTE }))
      .execute();
    const res = await lookup("business.enterprise", FIRM);
    expect([res.statusCode, res.json().code]).toEqual([429, "RATE_LIMITED"]);
    const last = await t.database.db
      .selectFrom("exchange_calls")
      .select("outcome")
      .orderBy("at", "desc")
      .executeTakeFirstOrThrow();
    expect(last.outcome).toBe("RATE_LIMITED");
  });
});
