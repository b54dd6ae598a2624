import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import {
  createStaff,
  department,
  freshTotp,
  type Headers,
  registerCitizen,
  sessionHeaders,
  TEST_PASSWORD,
  type TestStaff,
  testPhone,
} from "../../test-support/identity.js";
import { hashPassword } from "./passwords.js";
import { createStaffAtInstall } from "./staff/install.js";
import { auditEntries } from "./testing.js";

/**
 * Staff password expiry (STAFF_PASSWORD_MAX_AGE_DAYS, 90 by default) and the forced change at the login:
 * after both factors, an expired or one-time password holds the login in a `password_change` session that
 * authorises nothing but setting a new password. Time moves on a TestClock; sessions keep real time, so a
 * session stays live while its password ages 90 days.
 */

const DAY = 86_400_000;
const NEW_PASSWORD = "Fresh-Start#2026";

describe("identity: staff password expiry and the forced change", () => {
  const clock = new TestClock();
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());
  beforeEach(() => clock.set(Date.now()));

  const post = (url: string, payload: unknown, headers: Headers = {}) =>
    t.app.inject({ method: "POST", url, payload: payload as object, headers });
  const me = (headers: Headers) => t.app.inject({ method: "GET", url: "/api/identity/me", headers });

  /** A staff member whose current password was set at `at` (clock time). */
  async function staffWithPasswordSetAt(at: Date): Promise<TestStaff> {
    const s = await createStaff(t, { roles: ["window_clerk"] });
    await t.database.db.updateTable("accounts").set({ password_set_at: at }).where("id", "=", s.id).execute();
    return s;
  }

  /** Password, then TOTP: the second step's answer (its cookie is the next session). */
  async function bothFactors(s: TestStaff, password = TEST_PASSWORD) {
    const login = await post("/api/identity/staff/login", { username: s.username, password });
    expect(login.json()).toEqual({ next: "mfa_verify" });
    return post("/api/identity/staff/mfa/verify", { code: freshTotp(s.id, s.totpSecret) }, sessionHeaders(login));
  }

  it("the password lasts 90 days to the millisecond: before the boundary the login completes, at it the login holds", async () => {
    const t0 = new Date(clock.now().getTime() - 1000);
    const before = await staffWithPasswordSetAt(t0);
    const at = await staffWithPasswordSetAt(t0);

    clock.set(t0.getTime() + 90 * DAY - 1);
    const ok = await bothFactors(before);
    expect(ok.json()).toEqual({ ok: true, passwordChangeRequired: null });
    expect((await me(sessionHeaders(ok))).json()).toMatchObject({
      passwordExpiresAt: new Date(t0.getTime() + 90 * DAY).toISOString(),
      passwordDaysLeft: 1,
    });

    clock.set(t0.getTime() + 90 * DAY);
    const held = await bothFactors(at);
    expect(held.json()).toEqual({ ok: true, passwordChangeRequired: "expired" });
    expect((await me(sessionHeaders(held))).statusCode).toBe(401);
    const [entry] = await auditEntries(t, { type: "identity.staff.password_expired", subject: `account:${at.id}` });
    expect(entry.actor).toBe(`staff:${at.id}`);
    // The held login is not a login: no success recorded for it yet.
    const succeeded = await auditEntries(t, { type: "identity.login.succeeded", actor: `staff:${at.id}` });
    expect(succeeded).toHaveLength(1); // createStaff's, 90 (clock) days ago
  });

  it("a held session authorises nothing but the change; the change completes the login with a new token", async () => {
    const s = await staffWithPasswordSetAt(new Date(clock.now().getTime() - 91 * DAY));
    const earlier = s.headers; // a session from before: it knew the old password
    const held = await bothFactors(s);
    expect(held.json().passwordChangeRequired).toBe("expired");
    const h = sessionHeaders(held);
    const heldMaxAge = Number(/Max-Age=(\d+)/i.exec(String(held.headers["set-cookie"]))?.[1]);
    expect(heldMaxAge).toBeLessThanOrEqual(600); // ten minutes, not a session

    const tries: [string, string, unknown, number, string][] = [
      ["GET", "/api/identity/me", undefined, 401, "AUTH_REQUIRED"],
      ["GET", "/api/identity/me/sessions", undefined, 401, "AUTH_REQUIRED"],
      [
        "POST",
        "/api/identity/me/password",
        { currentPassword: TEST_PASSWORD, password: NEW_PASSWORD },
        401,
        "AUTH_REQUIRED",
      ],
      ["GET", "/api/identity/staff", undefined, 401, "AUTH_REQUIRED"],
      ["POST", "/api/org/departments", { key: "x" }, 401, "AUTH_REQUIRED"],
      ["GET", "/api/cases/inbox", undefined, 401, "AUTH_REQUIRED"],
      ["POST", "/api/identity/staff/mfa/enrollment", undefined, 401, "MFA_REQUIRED"],
      ["POST", "/api/identity/staff/mfa/verify", { code: "123456" }, 401, "MFA_REQUIRED"],
    ];
    for (const [method, url, payload, status, code] of tries) {
      const res = await t.app.inject({ method: method as "GET", url, payload: payload as object, headers: h });
      expect([res.statusCode, res.json().code], `${method} ${url}`).toEqual([status, code]);
    }
    expect((await t.app.inject({ method: "GET", url: "/api/identity/session", headers: h })).json()).toEqual({
      me: null,
    });

    const change = (body: unknown, headers = h) => post("/api/identity/staff/login/new-password", body, headers);
    const refused: [unknown, number, string][] = [
      [{ currentPassword: "Wrong-Passw0rd!", password: NEW_PASSWORD }, 400, "PASSWORD_WRONG"],
      [{ currentPassword: TEST_PASSWORD, password: TEST_PASSWORD }, 400, "PASSWORD_REUSED"],
      [{ currentPassword: TEST_PASSWORD, password: "abcdefgh12" }, 400, "PASSWORD_TOO_WEAK"],
      [{ currentPassword: TEST_PASSWORD, password: `${s.username}A1!` }, 400, "PASSWORD_TOO_WEAK"],
      [{ currentPassword: TEST_PASSWORD, password: "Short1!" }, 400, "VALIDATION_FAILED"],
      [{ currentPassword: TEST_PASSWORD, password: `Aa1!${"x".repeat(125)}` }, 400, "VALIDATION_FAILED"],
      [{ currentPassword: TEST_PASSWORD }, 400, "VALIDATION_FAILED"],
      [{ currentPassword: "", password: NEW_PASSWORD }, 400, "VALIDATION_FAILED"],
      [{ currentPassword: TEST_PASSWORD, password: 12345678 }, 400, "VALIDATION_FAILED"],
      [[TEST_PASSWORD, NEW_PASSWORD], 400, "VALIDATION_FAILED"],
    ];
    for (const [body, status, code] of refused) {
      const res = await change(body);
      expect([res.statusCode, res.json().code], JSON.stringify(body)).toEqual([status, code]);
    }
    const weak = await change({ currentPassword: TEST_PASSWORD, password: "abcdefgh12" });
    expect(weak.json().details).toEqual({ rule: "classes", minLength: 8, minClasses: 3 });

    // Nothing was changed by the refusals: the old password still is the password, the held session lives.
    const row = await t.database.db
      .selectFrom("accounts")
      .select(["password_set_at", "failed_logins"])
      .where("id", "=", s.id)
      .executeTakeFirstOrThrow();
    expect(row.password_set_at.getTime()).toBeLessThan(clock.now().getTime() - 90 * DAY);
    expect(row.failed_logins).toBe(1); // the wrong current password counts toward the lock

    const done = await change({ currentPassword: TEST_PASSWORD, password: NEW_PASSWORD });
    expect(done.statusCode).toBe(200);
    const active = sessionHeaders(done);
    expect(active.cookie).not.toBe(h.cookie);
    const maxAge = Number(/Max-Age=(\d+)/i.exec(String(done.headers["set-cookie"]))?.[1]);
    expect(maxAge).toBeGreaterThan(t.config.identity.sessionAbsoluteHours * 3600 - 60);
    expect((await me(active)).json()).toMatchObject({
      kind: "staff",
      passwordExpiresAt: new Date(clock.now().getTime() + 90 * DAY).toISOString(),
      passwordDaysLeft: null,
    });
    expect((await me(h)).statusCode).toBe(401); // the held token died
    expect((await me(earlier)).statusCode).toBe(401); // and so did the session from before
    expect((await change({ currentPassword: NEW_PASSWORD, password: "Another-One#2026" })).statusCode).toBe(401);
    const again = await change({ currentPassword: NEW_PASSWORD, password: "Another-One#2026" }, active);
    expect([again.statusCode, again.json().code]).toEqual([409, "PASSWORD_CHANGE_NOT_REQUIRED"]);

    const [changed] = await auditEntries(t, { type: "identity.staff.password_changed", subject: `account:${s.id}` });
    expect(changed.actor).toBe(`staff:${s.id}`);
    const sessions = await t.app.inject({ method: "GET", url: "/api/identity/me/sessions", headers: active });
    const current = (sessions.json().items as { id: string; current: boolean }[]).find((x) => x.current)?.id;
    const successes = await auditEntries(t, { type: "identity.login.succeeded", actor: `staff:${s.id}` });
    expect(successes.map((e) => e.subject)).toContain(`session:${current}`);
  });

  it("the new password may not be one of the last PASSWORD_HISTORY; the login steps before it are required", async () => {
    const s = await staffWithPasswordSetAt(new Date(clock.now().getTime() - 100 * DAY));
    const older = "Older-Passw0rd#1";
    await t.database.db
      .insertInto("password_history")
      .values({ account_id: s.id, password_hash: await hashPassword(older) })
      .execute();
    const anonymous = await post("/api/identity/staff/login/new-password", {
      currentPassword: TEST_PASSWORD,
      password: NEW_PASSWORD,
    });
    expect([anonymous.statusCode, anonymous.json().code]).toEqual([401, "AUTH_REQUIRED"]);
    const login = await post("/api/identity/staff/login", { username: s.username, password: TEST_PASSWORD });
    const halfway = await post(
      "/api/identity/staff/login/new-password",
      { currentPassword: TEST_PASSWORD, password: NEW_PASSWORD },
      sessionHeaders(login),
    );
    expect([halfway.statusCode, halfway.json().code]).toEqual([401, "MFA_REQUIRED"]); // TOTP first
    const held = await post(
      "/api/identity/staff/mfa/verify",
      { code: freshTotp(s.id, s.totpSecret) },
      sessionHeaders(login),
    );
    const reused = await post(
      "/api/identity/staff/login/new-password",
      { currentPassword: TEST_PASSWORD, password: older },
      sessionHeaders(held),
    );
    expect([reused.statusCode, reused.json().code]).toEqual([400, "PASSWORD_REUSED"]);
  });

  it("warns within STAFF_PASSWORD_WARN_DAYS (14) of expiry, counting whole days up", async () => {
    const s = await createStaff(t, { roles: ["approver"] });
    const setAt = (
      await t.database.db
        .selectFrom("accounts")
        .select("password_set_at")
        .where("id", "=", s.id)
        .executeTakeFirstOrThrow()
    ).password_set_at.getTime();
    const expiresAt = new Date(setAt + 90 * DAY).toISOString();
    const cases: [number, number | null][] = [
      [0, null],
      [76 * DAY - 1, null], // 14 days and a millisecond left
      [76 * DAY, 14],
      [89 * DAY + 1, 1],
      [90 * DAY - 1, 1],
    ];
    for (const [age, daysLeft] of cases) {
      clock.set(setAt + age);
      const res = await me(s.headers); // the session keeps real time: still live
      expect(res.json(), `age ${age}`).toMatchObject({ passwordExpiresAt: expiresAt, passwordDaysLeft: daysLeft });
    }
    // Changing it on the account page starts a new period (at the clock's now).
    const changed = await post(
      "/api/identity/me/password",
      { currentPassword: TEST_PASSWORD, password: NEW_PASSWORD },
      s.headers,
    );
    expect(changed.statusCode).toBe(200);
    expect((await me(s.headers)).json()).toMatchObject({
      passwordExpiresAt: new Date(clock.now().getTime() + 90 * DAY).toISOString(),
      passwordDaysLeft: null,
    });
    const citizen = await registerCitizen(t);
    expect((await me(citizen.headers)).json()).toMatchObject({ passwordExpiresAt: null, passwordDaysLeft: null });
  });

  it("a one-time password (`yiwang staff create`) is replaced at the first login, after the authenticator is enrolled", async () => {
    await department(t, "amr");
    const made = await createStaffAtInstall(
      { db: t.database.db, audit: t.app.auditLog },
      { username: "first.admin", displayName: "首位管理员", departmentKey: "amr", roles: ["platform_admin"] },
    );
    const login = await post("/api/identity/staff/login", { username: "first.admin", password: made.password });
    expect(login.json()).toEqual({ next: "mfa_enroll" });
    const pending = sessionHeaders(login);
    const { secret } = (await post("/api/identity/staff/mfa/enrollment", undefined, pending)).json();
    const enrolled = await post("/api/identity/staff/mfa/enroll", { code: freshTotp(made.id, secret) }, pending);
    expect(enrolled.json()).toEqual({ ok: true, passwordChangeRequired: "one_time" });
    const done = await post(
      "/api/identity/staff/login/new-password",
      { currentPassword: made.password, password: NEW_PASSWORD },
      sessionHeaders(enrolled),
    );
    expect(done.statusCode).toBe(200);
    expect((await me(sessionHeaders(done))).json()).toMatchObject({ roles: ["platform_admin"], mfaEnabled: true });
    const held = await auditEntries(t, { type: "identity.staff.password_one_time", subject: `account:${made.id}` });
    const changed = await auditEntries(t, { type: "identity.staff.password_changed", subject: `account:${made.id}` });
    expect([held.length, changed.length]).toEqual([1, 1]);
    const row = await t.database.db
      .selectFrom("accounts")
      .select("password_must_change")
      .where("id", "=", made.id)
      .executeTakeFirstOrThrow();
    expect(row.password_must_change).toBe(false);
  });
});

describe("identity: the password policy is configuration", () => {
  const clock = new TestClock();
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      clock,
      env: { STAFF_PASSWORD_MAX_AGE_DAYS: "0", PASSWORD_MIN_LENGTH: "12", PASSWORD_MIN_CLASSES: "4" },
    });
  });
  afterAll(() => t.close());

  it("STAFF_PASSWORD_MAX_AGE_DAYS=0: a staff password never expires and no warning is shown", async () => {
    const s = await createStaff(t, { roles: ["window_clerk"] });
    clock.advance(3650 * DAY);
    const me = await t.app.inject({ method: "GET", url: "/api/identity/me", headers: s.headers });
    expect(me.json()).toMatchObject({ passwordExpiresAt: null, passwordDaysLeft: null });
    const login = await t.app.inject({
      method: "POST",
      url: "/api/identity/staff/login",
      payload: { username: s.username, password: TEST_PASSWORD },
    });
    const second = await t.app.inject({
      method: "POST",
      url: "/api/identity/staff/mfa/verify",
      headers: sessionHeaders(login),
      payload: { code: freshTotp(s.id, s.totpSecret) },
    });
    expect(second.json()).toEqual({ ok: true, passwordChangeRequired: null });
  });

  it("PASSWORD_MIN_LENGTH and PASSWORD_MIN_CLASSES decide what a new password needs", async () => {
    const phone = testPhone();
    await t.app.inject({ method: "POST", url: "/api/identity/sms/send", payload: { phone, purpose: "register" } });
    const sms = await t.app.inject({ method: "GET", url: `/api/identity/dev/sms?phone=${phone}` });
    const code = /(\d{6})/.exec(sms.json().items[0].text)?.[1];
    const register = (password: string) =>
      t.app.inject({ method: "POST", url: "/api/identity/register", payload: { phone, code, password } });
    const cases: [string, string][] = [
      ["Abcdefg-123", "length"], // 11: enough for the default policy, not for 12
      ["Abcdefgh1234", "classes"], // 12, three classes
      ["ABCDEFGH-1234", "classes"],
    ];
    for (const [password, rule] of cases) {
      const res = await register(password);
      expect([res.statusCode, res.json().code, res.json().details], password).toEqual([
        400,
        "PASSWORD_TOO_WEAK",
        { rule, minLength: 12, minClasses: 4 },
      ]);
    }
    expect((await register("Abcdefgh-1234")).statusCode).toBe(201);
    // Staff passwords set by an administrator follow the same policy.
    const admin = await createStaff(t, { roles: ["platform_admin"] });
    const departmentId = admin.departmentId;
    const weak = await t.app.inject({
      method: "POST",
      url: "/api/identity/staff",
      headers: admin.headers,
      payload: {
        username: "policy.clerk",
        displayName: "窗口",
        departmentId,
        roles: ["window_clerk"],
        password: "Abcdefg-123",
      },
    });
    expect([weak.statusCode, weak.json().details?.rule]).toEqual([400, "length"]);
  });
});
