import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../../app.js";
import { seedDemo } from "../../../seed/index.js";
import { department, type Headers, loginAs, registerCitizen } from "../../../test-support/identity.js";
import { validRedirectUri } from "./clients.service.js";
import { cleanExpired } from "./index.js";
import { type ListeningApp, listeningApp, registerClient, rp } from "./testing.js";

/**
 * Acceptance 2 (client credentials → bearer token on the platform's machine APIs; a revoked client is
 * refused) and the client administration API (platform admins only, validated redirect URIs, secrets
 * shown once, every change audited).
 */

let t: ListeningApp;
let admin: Headers;
let departmentId: string;

beforeAll(async () => {
  t = await listeningApp();
  await seedDemo(t.database.db, t.config);
  admin = await loginAs(t, "platform_admin");
  departmentId = await department(t, "amr");
});
afterAll(async () => {
  await t?.close();
});

const CHEN = { name: "陈静", idNumber: "990101199506181286" };

async function realnameCheck(token: string) {
  return fetch(`${t.base}/api/identity/machine/realname-check`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(CHEN),
  });
}

describe("client credentials (acceptance 2)", () => {
  it("issues a token usable as a bearer token on the machine API; revocation refuses the client and its tokens", async () => {
    const machine = await registerClient(t, admin, {
      name: "市场监管数据交换",
      kind: "machine",
      departmentId,
      scopes: ["identity.realname.check"],
    });
    expect(machine.grantTypes).toEqual(["client_credentials"]);
    const config = await rp(t.base, machine);
    const tokens = await client.clientCredentialsGrant(config, { scope: "identity.realname.check" });
    expect(tokens.token_type.toLowerCase()).toBe("bearer");
    expect(tokens.scope).toBe("identity.realname.check");

    const ok = await realnameCheck(tokens.access_token);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ match: true });

    // A token without the scope authenticates but is not authorised.
    const bare = await client.clientCredentialsGrant(config);
    const forbidden = await realnameCheck(bare.access_token);
    expect(forbidden.status).toBe(403);

    // Introspection by the owning client sees it active.
    const intro = await client.tokenIntrospection(config, tokens.access_token);
    expect(intro).toMatchObject({ active: true, client_id: machine.clientId, scope: "identity.realname.check" });

    // Revoke the client: no new token, and the token it already holds stops working at once.
    const revoke = await t.app.inject({
      method: "POST",
      url: `/api/identity/oidc/clients/${machine.clientId}/revoke`,
      headers: admin,
    });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json().status).toBe("revoked");
    const refused = await client.clientCredentialsGrant(config, { scope: "identity.realname.check" }).catch((e) => e);
    expect(refused.status).toBe(401);
    expect(refused.cause[0].parameters.error).toBe("invalid_client");
    const old = await realnameCheck(tokens.access_token);
    expect(old.status).toBe(401);
    expect(((await old.json()) as { code: string }).code).toBe("AUTH_INVALID");
  });

  it("a token revoked through the revocation endpoint is refused", async () => {
    const machine = await registerClient(t, admin, {
      name: "人社数据交换",
      kind: "machine",
      departmentId,
      scopes: ["identity.realname.check"],
    });
    const config = await rp(t.base, machine);
    const tokens = await client.clientCredentialsGrant(config, { scope: "identity.realname.check" });
    expect((await realnameCheck(tokens.access_token)).status).toBe(200);
    await client.tokenRevocation(config, tokens.access_token);
    expect((await realnameCheck(tokens.access_token)).status).toBe(401);
  });

  it("refuses scopes the client does not hold, wrong secrets and unknown clients", async () => {
    const machine = await registerClient(t, admin, {
      name: "公安数据交换",
      kind: "machine",
      departmentId,
      scopes: ["identity.realname.check"],
    });
    const config = await rp(t.base, machine);
    await expect(client.clientCredentialsGrant(config, { scope: "openid" })).rejects.toMatchObject({
      error: "invalid_scope",
    });
    const wrong = await rp(t.base, { clientId: machine.clientId, clientSecret: "not-the-secret-not-the-secret-00" });
    const e1 = await client.clientCredentialsGrant(wrong).catch((e) => e);
    expect(e1.status).toBe(401);
    const unknown = await rp(t.base, { clientId: "nobody-here", clientSecret: "x".repeat(43) });
    const e2 = await client.clientCredentialsGrant(unknown).catch((e) => e);
    expect(e2.status).toBe(401);
    // A web client may not use client credentials.
    const web = await registerClient(t, admin, {
      name: "网页应用",
      kind: "web",
      departmentId,
      redirectUris: ["https://web.example.gov.cn/cb"],
      scopes: ["openid"],
    });
    // (oidc-provider answers invalid_request: the grant type is not registered for the client)
    await expect(client.clientCredentialsGrant(await rp(t.base, web))).rejects.toMatchObject({ status: 400 });
  });

  it("another server process over the same database accepts the token, and sees the revocation at once", async () => {
    const machine = await registerClient(t, admin, {
      name: "多实例测试",
      kind: "machine",
      departmentId,
      scopes: ["identity.realname.check"],
    });
    const tokens = await client.clientCredentialsGrant(await rp(t.base, machine), { scope: "identity.realname.check" });
    const other = await buildApp(t.config, { database: t.database });
    try {
      const call = () =>
        other.inject({
          method: "POST",
          url: "/api/identity/machine/realname-check",
          headers: { authorization: `Bearer ${tokens.access_token}` },
          payload: CHEN,
        });
      expect((await call()).statusCode).toBe(200);
      await t.app.inject({
        method: "POST",
        url: `/api/identity/oidc/clients/${machine.clientId}/revoke`,
        headers: admin,
      });
      expect((await call()).statusCode).toBe(401);
    } finally {
      await other.close();
    }
  });

  it("a made-up bearer token is 401 AUTH_INVALID with both messages", async () => {
    const res = await realnameCheck("A".repeat(43));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      code: "AUTH_INVALID",
      message: expect.any(String),
      messageEn: expect.any(String),
    });
  });

  it("stores no token in clear: the table holds an HMAC of each identifier, which does not work as a token", async () => {
    const machine = await registerClient(t, admin, {
      name: "民政数据交换",
      kind: "machine",
      departmentId,
      scopes: ["identity.realname.check"],
    });
    const tokens = await client.clientCredentialsGrant(await rp(t.base, machine), { scope: "identity.realname.check" });
    const rows = await t.database.db.selectFrom("oidc_payloads").select(["model", "id", "payload"]).execute();
    const stored = JSON.stringify(rows);
    expect(rows.some((r) => r.model === "ClientCredentials")).toBe(true);
    expect(stored).not.toContain(tokens.access_token);
    const row = rows.find((r) => r.model === "ClientCredentials") as { id: string };
    expect((await realnameCheck(row.id)).status).toBe(401); // the stored key is not a credential
    expect((await realnameCheck(tokens.access_token)).status).toBe(200); // the token itself still works
  });

  it("expired artefacts are cleaned", async () => {
    await t.database.db
      .insertInto("oidc_payloads")
      .values({ model: "AccessToken", id: "old", payload: "{}", expires_at: new Date(Date.now() - 1000) })
      .execute();
    expect(await cleanExpired(t.database.db)).toBeGreaterThanOrEqual(1);
  });
});

describe("client administration", () => {
  const web = (over: Record<string, unknown> = {}) => ({
    name: "不动产登记系统",
    kind: "web",
    departmentId,
    redirectUris: ["https://bdc.example.gov.cn/oidc/callback"],
    scopes: ["openid", "profile"],
    ...over,
  });

  it("registers a client, shows the secret once, lists, updates, rotates and revokes — each audited", async () => {
    const created = await t.app.inject({
      method: "POST",
      url: "/api/identity/oidc/clients",
      headers: admin,
      payload: web(),
    });
    expect(created.statusCode).toBe(201);
    const c = created.json();
    expect(c.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(c.grantTypes).toEqual(["authorization_code", "refresh_token"]);
    const got = await t.app.inject({ method: "GET", url: `/api/identity/oidc/clients/${c.clientId}`, headers: admin });
    expect(got.statusCode).toBe(200);
    expect(got.json().clientSecret).toBeUndefined();
    const list = await t.app.inject({ method: "GET", url: "/api/identity/oidc/clients", headers: admin });
    expect(list.json().items.map((x: { clientId: string }) => x.clientId)).toContain(c.clientId);
    expect(list.body).not.toContain(c.clientSecret);
    // The secret is stored sealed, not in clear.
    const row = await t.database.db
      .selectFrom("oidc_clients")
      .selectAll()
      .where("client_id", "=", c.clientId)
      .executeTakeFirstOrThrow();
    expect(row.secret_enc.toString("latin1")).not.toContain(c.clientSecret);

    const updated = await t.app.inject({
      method: "PATCH",
      url: `/api/identity/oidc/clients/${c.clientId}`,
      headers: admin,
      payload: { redirectUris: ["https://bdc.example.gov.cn/new/callback"], name: "不动产登记系统（新）" },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      redirectUris: ["https://bdc.example.gov.cn/new/callback"],
      name: "不动产登记系统（新）",
    });

    const rotated = await t.app.inject({
      method: "POST",
      url: `/api/identity/oidc/clients/${c.clientId}/secret`,
      headers: admin,
    });
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json().clientSecret).not.toBe(c.clientSecret);
    // The old secret no longer authenticates; the new one does.
    const oldCfg = await rp(t.base, { clientId: c.clientId, clientSecret: c.clientSecret });
    expect((await client.refreshTokenGrant(oldCfg, "x").catch((e) => e)).status).toBe(401);
    const newCfg = await rp(t.base, { clientId: c.clientId, clientSecret: rotated.json().clientSecret });
    await expect(client.refreshTokenGrant(newCfg, "x")).rejects.toMatchObject({ error: "invalid_grant" });

    const revoked = await t.app.inject({
      method: "POST",
      url: `/api/identity/oidc/clients/${c.clientId}/revoke`,
      headers: admin,
    });
    expect(revoked.json()).toMatchObject({ status: "revoked", revokedAt: expect.any(String) });
    const afterRevoke = await t.app.inject({
      method: "PATCH",
      url: `/api/identity/oidc/clients/${c.clientId}`,
      headers: admin,
      payload: { name: "再改" },
    });
    expect(afterRevoke.statusCode).toBe(409);
    expect(afterRevoke.json().code).toBe("OIDC_CLIENT_REVOKED");

    await t.app.platform.audit.flush();
    const types = (
      await t.database.db
        .selectFrom("audit_entries")
        .select("event_type")
        .where("subject", "=", `oidc_client:${c.clientId}`)
        .execute()
    ).map((e) => e.event_type);
    expect(types).toEqual(
      expect.arrayContaining([
        "identity.oidc_client.created",
        "identity.oidc_client.updated",
        "identity.oidc_client.secret_rotated",
        "identity.oidc_client.revoked",
      ]),
    );
  });

  it.each([
    ["http on a public host", { redirectUris: ["http://bdc.example.gov.cn/cb"] }, "OIDC_REDIRECT_URI_INVALID"],
    ["a fragment", { redirectUris: ["https://bdc.example.gov.cn/cb#x"] }, "OIDC_REDIRECT_URI_INVALID"],
    ["a wildcard", { redirectUris: ["https://*.example.gov.cn/cb"] }, "OIDC_REDIRECT_URI_INVALID"],
    ["not a URL", { redirectUris: ["/relative/cb"] }, "OIDC_REDIRECT_URI_INVALID"],
    ["custom scheme", { redirectUris: ["javascript:alert(1)"] }, "OIDC_REDIRECT_URI_INVALID"],
    [
      "two hosts",
      { redirectUris: ["https://a.example.gov.cn/cb", "https://b.example.gov.cn/cb"] },
      "OIDC_REDIRECT_HOSTS_DIFFER",
    ],
    ["no redirect URI", { redirectUris: [] }, "OIDC_REDIRECT_URI_REQUIRED"],
    ["a machine scope on a web client", { scopes: ["openid", "identity.realname.check"] }, "OIDC_SCOPE_NOT_ALLOWED"],
    ["an unknown department", { departmentId: "00000000-0000-4000-8000-000000000000" }, "OIDC_DEPARTMENT_NOT_FOUND"],
    ["an unknown scope", { scopes: ["everything"] }, "VALIDATION_FAILED"],
  ])("refuses %s", async (_label, over, code) => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/identity/oidc/clients",
      headers: admin,
      payload: web(over),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code, message: expect.any(String), messageEn: expect.any(String) });
  });

  it("accepts http on localhost and 127.0.0.1 outside production", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/identity/oidc/clients",
      headers: admin,
      payload: web({ redirectUris: ["http://localhost:8080/cb", "http://localhost:8080/other"] }),
    });
    expect(res.statusCode).toBe(201);
  });

  it("refuses a web scope on a machine client", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/identity/oidc/clients",
      headers: admin,
      payload: { name: "机器", kind: "machine", departmentId, scopes: ["openid"] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("OIDC_SCOPE_NOT_ALLOWED");
  });

  it("allows http only on local hosts outside production", () => {
    expect(validRedirectUri("http://127.0.0.1:8080/cb", false)).not.toBeNull();
    expect(validRedirectUri("http://127.0.0.1:8080/cb", true)).toBeNull();
    expect(validRedirectUri("https://a.example.gov.cn/cb?x=1", true)).not.toBeNull();
    expect(validRedirectUri("https://user:pw@a.example.gov.cn/cb", true)).toBeNull();
  });

  it("404 for an unknown client", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/identity/oidc/clients/nosuchclient", headers: admin });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe("OIDC_CLIENT_NOT_FOUND");
  });

  it("is for platform administrators only", async () => {
    const others: [string, Headers][] = [
      ["window_clerk", await loginAs(t, "window_clerk")],
      ["dept_admin", await loginAs(t, "dept_admin")],
      ["auditor", await loginAs(t, "auditor")],
      ["citizen", (await registerCitizen(t)).headers],
    ];
    for (const [who, headers] of others) {
      for (const [method, url] of [
        ["GET", "/api/identity/oidc/clients"],
        ["POST", "/api/identity/oidc/clients"],
        ["POST", "/api/identity/oidc/clients/whatever/revoke"],
        ["POST", "/api/identity/oidc/clients/whatever/secret"],
      ] as const) {
        const res = await t.app.inject({ method, url, headers, payload: method === "POST" ? web() : undefined });
        expect(res.statusCode, `${who} ${method} ${url}`).toBe(403);
      }
    }
    const anonymous = await t.app.inject({ method: "GET", url: "/api/identity/oidc/clients" });
    expect(anonymous.statusCode).toBe(401);
  });
});
