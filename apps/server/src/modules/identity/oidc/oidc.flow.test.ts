import http from "node:http";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../../seed/index.js";
import {
  createStaff,
  department,
  loginAs,
  registerCitizen,
  sessionHeaders,
  TEST_PASSWORD,
  type TestCitizen,
} from "../../../test-support/identity.js";
import { oidcOf } from "./index.js";
import { Browser, codeFlow, type ListeningApp, listeningApp, registerClient, rp } from "./testing.js";

/**
 * Acceptance 1: a relying party built with openid-client discovers the provider, runs the authorization
 * code + PKCE flow for a demo citizen (driving the /sso interaction API over HTTP with the citizen's
 * session cookie), validates the ID token against the JWKS, calls userinfo; a second client gets another sub.
 */

const RP_A = "https://rp-a.example.gov.cn/callback";
const RP_B = "https://rp-b.example.gov.cn/callback";
const LOGOUT_A = "https://rp-a.example.gov.cn/bye";

let t: ListeningApp;
let citizen: TestCitizen;
let a: { clientId: string; clientSecret: string };
let b: { clientId: string; clientSecret: string };

beforeAll(async () => {
  t = await listeningApp();
  await seedDemo(t.database.db, t.config);
  const admin = await loginAs(t, "platform_admin");
  const departmentId = await department(t, "amr");
  a = await registerClient(t, admin, {
    name: "市场监管业务系统",
    kind: "web",
    departmentId,
    redirectUris: [RP_A],
    postLogoutRedirectUris: [LOGOUT_A],
    scopes: ["openid", "profile", "enterprise", "id_number"],
  });
  b = await registerClient(t, admin, {
    name: "人社业务系统",
    kind: "web",
    departmentId,
    redirectUris: [RP_B],
    scopes: ["openid", "profile"],
  });
  citizen = await registerCitizen(t, { realname: { name: "陈静", idNumber: "990101199506181286" } });
});
afterAll(async () => {
  await t?.close();
});

describe("discovery", () => {
  it("publishes the configuration at the root with the endpoints under /oidc", async () => {
    const res = await fetch(`${t.base}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const d = (await res.json()) as Record<string, unknown>;
    expect(d.issuer).toBe(t.base);
    expect(d.authorization_endpoint).toBe(`${t.base}/oidc/auth`);
    expect(d.token_endpoint).toBe(`${t.base}/oidc/token`);
    expect(d.jwks_uri).toBe(`${t.base}/oidc/jwks`);
    expect(d.userinfo_endpoint).toBe(`${t.base}/oidc/me`);
    expect(d.end_session_endpoint).toBe(`${t.base}/oidc/session/end`);
    expect(d.code_challenge_methods_supported).toEqual(["S256"]);
    expect(d.subject_types_supported).toContain("pairwise");
    expect(d.acr_values_supported).toEqual(["urn:yiwang:loa:1", "urn:yiwang:loa:2", "urn:yiwang:loa:3"]);
    expect(d.scopes_supported).toEqual(expect.arrayContaining(["openid", "profile", "enterprise", "id_number"]));
    expect(d.claims_supported).toEqual(expect.arrayContaining(["name", "realname_level", "enterprise", "id_number"]));
    expect(d.grant_types_supported).toEqual(
      expect.arrayContaining(["authorization_code", "refresh_token", "client_credentials"]),
    );
  });

  it("builds every URL from PUBLIC_URL, whatever Host and X-Forwarded-* the client sends", async () => {
    const { port } = new URL(t.base);
    const body = await new Promise<string>((resolve, reject) => {
      const req = http.get(
        {
          host: "127.0.0.1",
          port,
          path: "/.well-known/openid-configuration",
          headers: { host: "evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8").on("data", (c: string) => {
            text += c;
          });
          res.on("end", () => resolve(text));
        },
      );
      req.on("error", reject);
    });
    const d = JSON.parse(body) as Record<string, unknown>;
    expect(d.issuer).toBe(t.base);
    const urls = Object.values(d).filter((v): v is string => typeof v === "string" && /^https?:/.test(v));
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) expect(url.startsWith(`${t.base}/`) || url === t.base, url).toBe(true);
    expect(body).not.toContain("evil.example");
  });
});

describe("authorization code + PKCE (acceptance 1)", () => {
  let sub: string;
  let browser: Browser;
  let firstIdToken: string;

  it("signs the citizen in, validates the ID token against the JWKS and calls userinfo", async () => {
    const config = await rp(t.base, a);
    browser = new Browser(t.base, citizen.headers);
    const { tokens, steps } = await codeFlow(config, browser, { redirectUri: RP_A, scope: "openid profile" });
    expect(steps).toEqual(["login", "consent"]);
    const claims = tokens.claims();
    expect(claims).toBeDefined();
    sub = claims?.sub as string;
    expect(sub).not.toBe(citizen.id);
    expect(claims?.acr).toBe("urn:yiwang:loa:2");
    expect(claims?.aud).toBe(a.clientId);
    firstIdToken = tokens.id_token as string;

    // openid-client checked the signature (non-repudiation checks on); check it again independently.
    const jwks = createRemoteJWKSet(new URL(`${t.base}/oidc/jwks`));
    const verified = await jwtVerify(firstIdToken, jwks, { issuer: t.base, audience: a.clientId });
    expect(verified.payload.sub).toBe(sub);

    const info = await client.fetchUserInfo(config, tokens.access_token, sub);
    expect(info).toMatchObject({ sub, name: "陈静", realname_level: 2 });
    expect(info.id_number).toBeUndefined();
  });

  it("a second client (another host) signs in without a new login and gets a different sub", async () => {
    const config = await rp(t.base, b);
    const { tokens, steps } = await codeFlow(config, browser, { redirectUri: RP_B, scope: "openid profile" });
    expect(steps).toEqual(["consent"]);
    const other = tokens.claims()?.sub;
    expect(other).toBeTruthy();
    expect(other).not.toBe(sub);
    // …and the same client again: neither login nor consent (single sign-on).
    const again = await codeFlow(await rp(t.base, a), browser, { redirectUri: RP_A, scope: "openid profile" });
    expect(again.steps).toEqual([]);
    expect(again.tokens.claims()?.sub).toBe(sub);
  });

  it("releases the ID number only when the citizen ticks it, and records the release", async () => {
    const config = await rp(t.base, a);
    const fresh = new Browser(t.base, citizen.headers);
    const refused = await codeFlow(config, fresh, {
      redirectUri: RP_A,
      scope: "openid profile id_number",
      idNumber: false,
    });
    expect(refused.tokens.scope?.split(" ")).not.toContain("id_number");
    const info1 = await client.fetchUserInfo(config, refused.tokens.access_token, sub);
    expect(info1.id_number).toBeUndefined();

    // A new sign-in in another browser asks again; this time the citizen agrees.
    const agreeing = new Browser(t.base, citizen.headers);
    const granted = await codeFlow(config, agreeing, {
      redirectUri: RP_A,
      scope: "openid profile id_number",
      idNumber: true,
      extra: { prompt: "consent" },
    });
    expect(granted.tokens.scope?.split(" ")).toContain("id_number");
    const info2 = await client.fetchUserInfo(config, granted.tokens.access_token, sub);
    expect(info2.id_number).toBe("990101199506181286");
    // The ID token itself never carries it.
    expect(granted.tokens.claims()?.id_number).toBeUndefined();
    const log = await t.database.db
      .selectFrom("pii_access_log")
      .selectAll()
      .where("account_id", "=", citizen.id)
      .where("reason", "=", `oidc:${a.clientId}`)
      .execute();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ actor: `client:${a.clientId}`, field: "id_number" });
  });

  it("refreshes tokens", async () => {
    const config = await rp(t.base, a);
    const { tokens } = await codeFlow(config, browser, { redirectUri: RP_A, scope: "openid profile" });
    expect(tokens.refresh_token).toBeTruthy();
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token as string);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    const info = await client.fetchUserInfo(config, refreshed.access_token, sub);
    expect(info.sub).toBe(sub);
    // The rotated-away refresh token is spent.
    await expect(client.refreshTokenGrant(config, tokens.refresh_token as string)).rejects.toMatchObject({
      error: "invalid_grant",
    });
  });

  it("rotates signing keys: new tokens carry the new kid, tokens signed before still verify", async () => {
    const oldKid = decodeProtectedHeader(firstIdToken).kid;
    const newKid = await oidcOf(t.app).oidc.rotateKeys();
    expect(newKid).not.toBe(oldKid);
    const config = await rp(t.base, a);
    const { tokens } = await codeFlow(config, browser, { redirectUri: RP_A, scope: "openid" });
    expect(decodeProtectedHeader(tokens.id_token as string).kid).toBe(newKid);
    const jwks = createRemoteJWKSet(new URL(`${t.base}/oidc/jwks`));
    const old = await jwtVerify(firstIdToken, jwks, { issuer: t.base, audience: a.clientId, currentDate: new Date() });
    expect(old.protectedHeader.kid).toBe(oldKid);
    const published = (await (await fetch(`${t.base}/oidc/jwks`)).json()) as { keys: { kid: string }[] };
    expect(published.keys.map((k: { kid: string }) => k.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));
    expect(JSON.stringify(published)).not.toMatch(/"d":/);
  });

  it("RP-initiated logout ends the provider session and the platform session", async () => {
    const config = await rp(t.base, a);
    const logoutBrowser = new Browser(t.base, (await registerCitizen(t)).headers);
    const { tokens } = await codeFlow(config, logoutBrowser, { redirectUri: RP_A, scope: "openid" });
    const url = client.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token as string,
      post_logout_redirect_uri: LOGOUT_A,
      state: "s1",
    });
    const page = await logoutBrowser.fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("退出");
    const action = /action="([^"]+)"/.exec(html)?.[1] as string;
    const form = new URLSearchParams();
    for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) form.set(m[1], m[2]);
    form.set("logout", "yes");
    const done = await logoutBrowser.fetch(action, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`${LOGOUT_A}?state=s1`);
    // The platform session is gone (asynchronously ended: poll briefly).
    let me = 200;
    for (let i = 0; i < 20 && me === 200; i++) {
      me = (await logoutBrowser.json("GET", "/api/identity/me")).status;
      if (me === 200) await new Promise((r) => setTimeout(r, 50));
    }
    expect(me).toBe(401);
  });
});

describe("bad paths", () => {
  it("unknown client → error page, no redirect", async () => {
    const res = await fetch(
      `${t.base}/oidc/auth?client_id=nobody&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(RP_A)}`,
      { redirect: "manual" },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("invalid_client");
  });

  it("unregistered redirect_uri → error page, no redirect", async () => {
    const config = await rp(t.base, a);
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: "https://evil.example.com/cb",
      scope: "openid",
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: "S256",
    });
    const res = await fetch(url, { redirect: "manual" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("redirect_uri");
  });

  it("PKCE missing → invalid_request back at the client; wrong verifier → invalid_grant", async () => {
    const config = await rp(t.base, a);
    const browser = new Browser(t.base, citizen.headers);
    const noPkce = client.buildAuthorizationUrl(config, { redirect_uri: RP_A, scope: "openid", state: "x" });
    const back = await browser.redirect(noPkce);
    expect(back.href.startsWith(RP_A)).toBe(true);
    expect(back.searchParams.get("error")).toBe("invalid_request");

    await expect(
      codeFlow(config, browser, { redirectUri: RP_A, scope: "openid", extra: {} }).then(async () => {
        // codeFlow uses the right verifier; run one by hand with a wrong one.
        const verifier = client.randomPKCECodeVerifier();
        const url = client.buildAuthorizationUrl(config, {
          redirect_uri: RP_A,
          scope: "openid",
          code_challenge: await client.calculatePKCECodeChallenge(verifier),
          code_challenge_method: "S256",
        });
        const cb = await browser.redirect(url);
        return client.authorizationCodeGrant(config, cb, { pkceCodeVerifier: client.randomPKCECodeVerifier() });
      }),
    ).rejects.toMatchObject({ error: "invalid_grant" });
  });

  it("wrong client secret → invalid_client", async () => {
    const config = await rp(t.base, { clientId: a.clientId, clientSecret: "wrong-secret-wrong-secret-wrong-secret" });
    const err = await client.refreshTokenGrant(config, "whatever").catch((e) => e);
    expect(err.status).toBe(401);
    expect(err.cause[0].parameters.error).toBe("invalid_client");
  });

  it("an interaction cannot be driven from another browser", async () => {
    const config = await rp(t.base, b);
    const starter = new Browser(t.base, citizen.headers);
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: RP_B,
      scope: "openid",
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: "S256",
      prompt: "login",
    });
    const sso = await starter.redirect(url);
    const uid = sso.pathname.split("/")[2];
    const attacker = new Browser(t.base, (await registerCitizen(t)).headers);
    const res = await attacker.json("POST", `/api/identity/oidc/interactions/${uid}/login`);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe("OIDC_INTERACTION_NOT_FOUND");
    // Without a platform session the login step says so.
    const anonymous = new Browser(t.base);
    for (const [k, v] of starter.cookies) if (!k.startsWith("yw_session|")) anonymous.cookies.set(k, v);
    const res2 = await anonymous.json("POST", `/api/identity/oidc/interactions/${uid}/login`);
    expect(res2.status).toBe(401);
    expect(res2.body).toMatchObject({
      code: "OIDC_LOGIN_REQUIRED",
      message: expect.any(String),
      messageEn: expect.any(String),
    });
    // Abort returns to the client with access_denied.
    const aborted = await starter.json("POST", `/api/identity/oidc/interactions/${uid}/abort`);
    expect(aborted.status).toBe(200);
    const back = await starter.redirect(aborted.body.redirectTo);
    expect(back.searchParams.get("error")).toBe("access_denied");
  });
});

describe("enterprise context and staff", () => {
  it("releases the enterprise a citizen acts for (enterprise scope); the person's sub stays the same", async () => {
    const login = await t.app.inject({
      method: "POST",
      url: "/api/identity/login/password",
      payload: { phone: citizen.phone, password: citizen.password },
    });
    expect(login.statusCode).toBe(200);
    const headers = sessionHeaders(login);
    const bound = await t.app.inject({
      method: "POST",
      url: "/api/identity/me/enterprises",
      headers,
      payload: { uscc: "91990103MA000303XB" },
    });
    expect(bound.statusCode).toBe(201);
    const config = await rp(t.base, a);
    const browser = new Browser(t.base, headers);
    const personal = await codeFlow(config, browser, { redirectUri: RP_A, scope: "openid profile enterprise" });
    const personalSub = personal.tokens.claims()?.sub as string;
    expect((await client.fetchUserInfo(config, personal.tokens.access_token, personalSub)).enterprise).toBeUndefined();

    const switched = await t.app.inject({
      method: "PUT",
      url: "/api/identity/me/acting-for",
      headers,
      payload: { enterpriseId: bound.json().id },
    });
    expect(switched.statusCode).toBe(200);
    // Switching identity issues a new platform session token; the browser keeps the new cookie.
    const renewed = switched.cookies.find((c) => c.name === "yw_session");
    browser.cookies.set("yw_session|/", { value: renewed?.value as string, path: "/" });
    // Another identity behind the same browser: the provider asks again (login, then consent for it).
    const acting = await codeFlow(config, browser, { redirectUri: RP_A, scope: "openid profile enterprise" });
    expect(acting.steps).toEqual(["login", "consent"]);
    const sub = acting.tokens.claims()?.sub as string;
    expect(sub).toBe(personalSub);
    const info = await client.fetchUserInfo(config, acting.tokens.access_token, sub);
    expect(info.enterprise).toEqual({
      uscc: "91990103MA000303XB",
      name: "示例市晨光科技有限公司",
      as: "representative",
    });
  });

  it("signs staff in only after their second factor", async () => {
    const staff = await createStaff(t, { roles: ["window_clerk"] });
    const config = await rp(t.base, b);
    const { tokens, steps } = await codeFlow(config, new Browser(t.base, staff.headers), {
      redirectUri: RP_B,
      scope: "openid profile",
    });
    expect(steps).toEqual(["login", "consent"]);
    const info = await client.fetchUserInfo(config, tokens.access_token, tokens.claims()?.sub as string);
    expect(info.name).toBe("测试window_clerk");

    // Password accepted but TOTP not yet given: the session is not good enough to sign in anywhere.
    const first = await t.app.inject({
      method: "POST",
      url: "/api/identity/staff/login",
      payload: { username: staff.username, password: TEST_PASSWORD },
    });
    const pending = new Browser(t.base, sessionHeaders(first));
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: RP_B,
      scope: "openid",
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: "S256",
    });
    const sso = await pending.redirect(url);
    const uid = sso.pathname.split("/")[2];
    const details = await pending.json("GET", `/api/identity/oidc/interactions/${uid}`);
    expect(details.body).toMatchObject({ step: "login", account: null });
    const res = await pending.json("POST", `/api/identity/oidc/interactions/${uid}/login`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("OIDC_LOGIN_REQUIRED");
  });
});
