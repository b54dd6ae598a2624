import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { createStaff, freshTotp, type Headers, sessionHeaders, TEST_PASSWORD } from "../../test-support/identity.js";
import { totpNow } from "./totp.js";

describe("identity: staff login with a second factor", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  const post = (url: string, payload: unknown, headers: Headers = {}) =>
    t.app.inject({ method: "POST", url, payload: payload as object, headers });

  it("first login enrols TOTP; until the second factor passes the session authorises nothing", async () => {
    const s = await createStaff(t, { roles: ["platform_admin"] });
    await t.database.db
      .updateTable("accounts")
      .set({ totp_enabled_at: null, totp_secret_enc: null })
      .where("id", "=", s.id)
      .execute();
    const login = await post("/api/identity/staff/login", { username: s.username, password: TEST_PASSWORD });
    expect(login.json()).toEqual({ next: "mfa_enroll" });
    const pending = sessionHeaders(login);
    expect((await t.app.inject({ method: "GET", url: "/api/identity/me", headers: pending })).statusCode).toBe(401);
    const write = await post("/api/org/departments", { key: "x" }, pending);
    expect(write.statusCode).toBe(401);

    const enrollment = await post("/api/identity/staff/mfa/enrollment", undefined, pending);
    expect(enrollment.statusCode).toBe(200);
    const { secret, otpauthUri } = enrollment.json();
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const wrong = await post(
      "/api/identity/staff/mfa/enroll",
      { code: totpNow(secret, Date.now() - 300_000) },
      pending,
    );
    expect([wrong.statusCode, wrong.json().code]).toEqual([400, "MFA_INVALID"]);
    const ok = await post("/api/identity/staff/mfa/enroll", { code: freshTotp(s.id, secret) }, pending);
    expect(ok.statusCode).toBe(200);
    const active = sessionHeaders(ok);
    const me = await t.app.inject({ method: "GET", url: "/api/identity/me", headers: active });
    expect(me.json()).toMatchObject({ kind: "staff", roles: ["platform_admin"], mfaEnabled: true });
    const twice = await post("/api/identity/staff/mfa/enrollment", undefined, active);
    expect([twice.statusCode, twice.json().code]).toEqual([401, "MFA_REQUIRED"]);
  });

  it("a TOTP code is accepted once (no replay)", async () => {
    const s = await createStaff(t, { roles: ["auditor"] });
    const login = await post("/api/identity/staff/login", { username: s.username, password: TEST_PASSWORD });
    expect(login.json()).toEqual({ next: "mfa_verify" });
    // createStaff already used the current step: a code for it is a replay.
    const replay = await post("/api/identity/staff/mfa/verify", { code: totpNow(s.totpSecret) }, sessionHeaders(login));
    expect([replay.statusCode, replay.json().code]).toEqual([400, "MFA_INVALID"]);
    const fresh = await post(
      "/api/identity/staff/mfa/verify",
      { code: freshTotp(s.id, s.totpSecret) },
      sessionHeaders(login),
    );
    expect(fresh.statusCode).toBe(200);
  });

  it("completing the login issues a new token with the full session lifetime; the password-step token dies", async () => {
    const s = await createStaff(t, { roles: ["approver"] });
    const login = await post("/api/identity/staff/login", { username: s.username, password: TEST_PASSWORD });
    const pending = sessionHeaders(login);
    const verified = await post("/api/identity/staff/mfa/verify", { code: freshTotp(s.id, s.totpSecret) }, pending);
    expect(verified.statusCode).toBe(200);
    const active = sessionHeaders(verified);
    expect(active.cookie).toMatch(/^yw_session=/);
    expect(active.cookie).not.toBe(pending.cookie);
    const setCookie = String(verified.headers["set-cookie"]);
    const maxAge = Number(/Max-Age=(\d+)/i.exec(setCookie)?.[1]);
    expect(maxAge).toBeGreaterThan(t.config.identity.sessionAbsoluteHours * 3600 - 60); // not the 10-minute step
    const me = (h: Headers) => t.app.inject({ method: "GET", url: "/api/identity/me", headers: h });
    expect((await me(active)).statusCode).toBe(200);
    expect((await me(pending)).statusCode).toBe(401);
    const replay = await post("/api/identity/staff/mfa/verify", { code: "000000" }, pending);
    expect(replay.statusCode).toBe(401);
    const row = await t.database.db
      .selectFrom("sessions")
      .select(["expires_at", "stage"])
      .where("account_id", "=", s.id)
      .where("revoked_at", "is", null)
      .orderBy("created_at", "desc")
      .executeTakeFirstOrThrow();
    expect(row.stage).toBe("active");
    expect(row.expires_at.getTime() - Date.now()).toBeGreaterThan(60 * 60_000);
  });

  it("a staff member cannot use the citizen login, and a citizen cannot use the staff login", async () => {
    const s = await createStaff(t, { roles: ["window_clerk"] });
    const res = await post("/api/identity/staff/login", { username: "nobody", password: TEST_PASSWORD });
    expect([res.statusCode, res.json().code]).toEqual([401, "LOGIN_FAILED"]);
    const wrong = await post("/api/identity/staff/login", { username: s.username, password: "wrong" });
    expect(wrong.statusCode).toBe(401);
  });
});
