import { createHash } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../seed/index.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import {
  type Headers,
  lastSmsCode,
  registerCitizen,
  sessionHeaders,
  TEST_PASSWORD,
  testPhone,
} from "../../test-support/identity.js";
import { SESSION_COOKIE } from "./sessions.js";

const CHEN_JING = { name: "陈静", idNumber: "990101199506181286" };
const WANG_FANG = { name: "王芳", idNumber: "990101199007211081" };

describe("identity: registration, login, sessions, real-name", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.database.db); // population registry for real-name checks
  });
  afterAll(() => t.close());

  const post = (url: string, payload: unknown, headers: Headers = {}, remoteAddress?: string) =>
    t.app.inject({ method: "POST", url, payload: payload as object, headers, remoteAddress });
  const me = (headers: Headers) => t.app.inject({ method: "GET", url: "/api/identity/me", headers });
  const sendSms = (phone: string, purpose = "register") => post("/api/identity/sms/send", { phone, purpose });

  it("registers a citizen with an SMS-verified phone: level 1, logged in, phone masked, cookie httpOnly + Lax", async () => {
    const phone = testPhone();
    const sent = await sendSms(phone);
    expect(sent.statusCode).toBe(202);
    expect(sent.json()).toEqual({ expiresInSeconds: 300, resendAfterSeconds: 60 });
    const res = await post("/api/identity/register", {
      phone,
      code: await lastSmsCode(t, phone),
      password: TEST_PASSWORD,
      displayName: "小陈",
    });
    expect(res.statusCode).toBe(201);
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    const profile = await me(sessionHeaders(res));
    expect(profile.statusCode).toBe(200);
    expect(profile.json()).toMatchObject({
      kind: "citizen",
      displayName: "小陈",
      realnameLevel: 1,
      idNumberMasked: null,
      phoneMasked: `${phone.slice(0, 3)}****${phone.slice(-4)}`,
      roles: [],
      actingFor: null,
    });
    // Only the SHA-256 of the cookie's token is stored.
    const hash = createHash("sha256")
      .update(cookie?.value ?? "")
      .digest();
    const stored = await t.database.db.selectFrom("sessions").select("id").where("token_hash", "=", hash).execute();
    expect(stored).toHaveLength(1);
  });

  it("refuses a weak password without using up the code, a wrong code, a taken phone, a malformed phone", async () => {
    const phone = testPhone();
    await sendSms(phone);
    const code = await lastSmsCode(t, phone);
    for (const [password, rule] of [
      ["abcdefgh", "classes"],
      ["Password1", "common"],
      [`Ab!${phone}`, "personal"],
    ]) {
      const weak = await post("/api/identity/register", { phone, code, password });
      expect([weak.statusCode, weak.json().code, weak.json().details], password).toEqual([
        400,
        "PASSWORD_TOO_WEAK",
        { rule, minLength: 8, minClasses: 3 }, // the policy's numbers, for the client to say what is needed
      ]);
    }
    const short = await post("/api/identity/register", { phone, code, password: "Ab1!" });
    expect([short.statusCode, short.json().code]).toEqual([400, "VALIDATION_FAILED"]);
    const wrong = await post("/api/identity/register", {
      phone,
      code: code === "000000" ? "111111" : "000000",
      password: TEST_PASSWORD,
    });
    expect([wrong.statusCode, wrong.json().code]).toEqual([400, "SMS_CODE_INVALID"]);
    const ok = await post("/api/identity/register", { phone, code, password: TEST_PASSWORD });
    expect(ok.statusCode).toBe(201);
    const again = await post("/api/identity/register", { phone, code, password: TEST_PASSWORD });
    expect([again.statusCode, again.json().code]).toEqual([409, "PHONE_TAKEN"]);
    const bad = await sendSms("12345");
    expect([bad.statusCode, bad.json().code]).toEqual([400, "VALIDATION_FAILED"]);
  });

  it("SMS codes are single-use, expire, die after five wrong tries, and cannot be re-sent at once", async () => {
    const c = await registerCitizen(t);
    expect((await sendSms(c.phone, "login")).statusCode).toBe(202);
    const tooSoon = await sendSms(c.phone, "login");
    expect([tooSoon.statusCode, tooSoon.json().code]).toEqual([429, "SMS_TOO_FREQUENT"]);
    expect(Number(tooSoon.headers["retry-after"])).toBeGreaterThan(0);

    const code = await lastSmsCode(t, c.phone);
    const first = await post("/api/identity/login/sms", { phone: c.phone, code });
    expect(first.statusCode).toBe(200);
    expect((await me(sessionHeaders(first))).statusCode).toBe(200);
    const reused = await post("/api/identity/login/sms", { phone: c.phone, code });
    expect([reused.statusCode, reused.json().code]).toEqual([400, "SMS_CODE_INVALID"]);

    // Expiry: move the clock of the newest code past its end.
    await t.database.db.updateTable("sms_codes").set({ created_at: sql`now() - interval '2 minutes'` }).execute();
    await sendSms(c.phone, "login");
    const expiring = await lastSmsCode(t, c.phone);
    await t.database.db
      .updateTable("sms_codes")
      .set({ expires_at: sql`now() - interval '1 second'` })
      .where("consumed_at", "is", null)
      .execute();
    const expired = await post("/api/identity/login/sms", { phone: c.phone, code: expiring });
    expect([expired.statusCode, expired.json().code]).toEqual([400, "SMS_CODE_INVALID"]);

    // Five wrong tries kill the code: the right one no longer works.
    await t.database.db.updateTable("sms_codes").set({ created_at: sql`now() - interval '2 minutes'` }).execute();
    await sendSms(c.phone, "login");
    const good = await lastSmsCode(t, c.phone);
    const badCode = good === "999999" ? "888888" : "999999";
    for (let i = 0; i < 5; i++) await post("/api/identity/login/sms", { phone: c.phone, code: badCode });
    const late = await post("/api/identity/login/sms", { phone: c.phone, code: good });
    expect([late.statusCode, late.json().code]).toEqual([400, "SMS_CODE_INVALID"]);
  });

  it("does not tell whether a phone is registered when asked for a login code", async () => {
    const unknown = testPhone();
    const res = await sendSms(unknown, "login");
    expect(res.statusCode).toBe(202);
    const outbox = await t.app.inject({ method: "GET", url: `/api/identity/dev/sms?phone=${unknown}` });
    expect(outbox.json().items).toEqual([]); // nothing was sent
    const login = await post("/api/identity/login/sms", { phone: unknown, code: "123456" });
    expect([login.statusCode, login.json().code]).toEqual([400, "SMS_CODE_INVALID"]);
  });

  it("logs in with a password; a wrong password or unknown phone is the same 401 LOGIN_FAILED", async () => {
    const c = await registerCitizen(t);
    const ok = await post("/api/identity/login/password", { phone: c.phone, password: c.password });
    expect(ok.statusCode).toBe(200);
    expect((await me(sessionHeaders(ok))).json().id).toBe(c.id);
    const wrong = await post("/api/identity/login/password", { phone: c.phone, password: "Wrong-Passw0rd" });
    const unknown = await post("/api/identity/login/password", { phone: testPhone(), password: c.password });
    expect([wrong.statusCode, wrong.json().code]).toEqual([401, "LOGIN_FAILED"]);
    expect([unknown.statusCode, unknown.json().code]).toEqual([401, "LOGIN_FAILED"]);
    expect(wrong.json().message).toBe(unknown.json().message);
  });

  it("logout ends the session; sessions can be listed and revoked; idle and absolute timeouts hold", async () => {
    const c = await registerCitizen(t);
    const second = sessionHeaders(await post("/api/identity/login/password", { phone: c.phone, password: c.password }));
    const third = sessionHeaders(await post("/api/identity/login/password", { phone: c.phone, password: c.password }));
    const list = await t.app.inject({ method: "GET", url: "/api/identity/me/sessions", headers: c.headers });
    expect(list.json().items).toHaveLength(3);
    expect(list.json().items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);

    const meOf = async (h: Headers) => (await me(h)).statusCode;
    const secondId = (await t.app.inject({ method: "GET", url: "/api/identity/me/sessions", headers: second }))
      .json()
      .items.find((s: { current: boolean }) => s.current).id;
    const revoke = await t.app.inject({
      method: "DELETE",
      url: `/api/identity/me/sessions/${secondId}`,
      headers: c.headers,
    });
    expect(revoke.statusCode).toBe(204);
    expect(await meOf(second)).toBe(401);
    const again = await t.app.inject({
      method: "DELETE",
      url: `/api/identity/me/sessions/${secondId}`,
      headers: c.headers,
    });
    expect([again.statusCode, again.json().code]).toEqual([404, "SESSION_NOT_FOUND"]);

    // Someone else's session cannot be revoked.
    const other = await registerCitizen(t);
    const otherId = (
      await t.app.inject({ method: "GET", url: "/api/identity/me/sessions", headers: other.headers })
    ).json().items[0].id;
    const foreign = await t.app.inject({
      method: "DELETE",
      url: `/api/identity/me/sessions/${otherId}`,
      headers: c.headers,
    });
    expect(foreign.statusCode).toBe(404);
    expect(await meOf(other.headers)).toBe(200);

    const logout = await post("/api/identity/logout", undefined, third);
    expect(logout.statusCode).toBe(204);
    expect(await meOf(third)).toBe(401);

    // Idle: not used for longer than SESSION_IDLE_MINUTES. Absolute: past expires_at however active.
    const ids = (await t.app.inject({ method: "GET", url: "/api/identity/me/sessions", headers: c.headers })).json();
    expect(ids.items).toHaveLength(1);
    await t.database.db
      .updateTable("sessions")
      .set({ last_seen_at: sql`now() - interval '31 minutes'` })
      .where("id", "=", ids.items[0].id)
      .execute();
    expect(await meOf(c.headers)).toBe(401);
    await t.database.db
      .updateTable("sessions")
      .set({ expires_at: sql`now() - interval '1 second'` })
      .where("account_id", "=", other.id)
      .execute();
    expect(await meOf(other.headers)).toBe(401);
    expect((await me({ cookie: `${SESSION_COOKIE}=forged` })).statusCode).toBe(401);
  });

  it("changing the password ends the other sessions; a reset by SMS works and ends all of them", async () => {
    const c = await registerCitizen(t);
    const other = sessionHeaders(await post("/api/identity/login/password", { phone: c.phone, password: c.password }));
    const wrong = await post(
      "/api/identity/me/password",
      { currentPassword: "nope", password: "New-Passw0rd!" },
      c.headers,
    );
    expect([wrong.statusCode, wrong.json().code]).toEqual([400, "PASSWORD_WRONG"]);
    const ok = await post(
      "/api/identity/me/password",
      { currentPassword: c.password, password: "New-Passw0rd!" },
      c.headers,
    );
    expect(ok.statusCode).toBe(200);
    expect((await me(c.headers)).statusCode).toBe(200);
    expect((await me(other)).statusCode).toBe(401);

    await sendSms(c.phone, "reset_password");
    const reset = await post("/api/identity/password/reset", {
      phone: c.phone,
      code: await lastSmsCode(t, c.phone),
      password: "Third-Passw0rd!",
    });
    expect(reset.statusCode).toBe(200);
    expect((await me(c.headers)).statusCode).toBe(401);
    const login = await post("/api/identity/login/password", { phone: c.phone, password: "Third-Passw0rd!" });
    expect(login.statusCode).toBe(200);
  });

  it("real-name level 2: a mismatching name/ID pair fails clearly and changes nothing; a match raises the level", async () => {
    const c = await registerCitizen(t);
    const before = await t.database.db
      .selectFrom("accounts")
      .selectAll()
      .where("id", "=", c.id)
      .executeTakeFirstOrThrow();
    const mismatch = await post("/api/identity/me/realname", { name: "陈晶", idNumber: CHEN_JING.idNumber }, c.headers);
    expect([mismatch.statusCode, mismatch.json().code]).toEqual([422, "REALNAME_MISMATCH"]);
    expect(mismatch.json().message).toBe("姓名与公民身份号码不匹配");
    const unknownId = await post(
      "/api/identity/me/realname",
      { name: "陈静", idNumber: "11010519491231002X" },
      c.headers,
    );
    expect(unknownId.json().code).toBe("REALNAME_MISMATCH");
    const invalid = await post(
      "/api/identity/me/realname",
      { name: "陈静", idNumber: "990101199506181287" },
      c.headers,
    );
    expect([invalid.statusCode, invalid.json().code]).toEqual([400, "VALIDATION_FAILED"]);
    const after = await t.database.db
      .selectFrom("accounts")
      .selectAll()
      .where("id", "=", c.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);

    const ok = await post("/api/identity/me/realname", CHEN_JING, c.headers);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ realnameLevel: 2, realName: "陈静", idNumberMasked: "9901**********1286" });
    const twice = await post("/api/identity/me/realname", CHEN_JING, c.headers);
    expect([twice.statusCode, twice.json().code]).toEqual([409, "REALNAME_ALREADY_VERIFIED"]);
    const someoneElse = await registerCitizen(t);
    const taken = await post("/api/identity/me/realname", CHEN_JING, someoneElse.headers);
    expect([taken.statusCode, taken.json().code]).toEqual([409, "ID_NUMBER_TAKEN"]);
  });

  it("real-name attempts are rate limited per account (registry probing)", async () => {
    const c = await registerCitizen(t);
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) {
      codes.push(
        (await post("/api/identity/me/realname", { name: `错${i}`, idNumber: WANG_FANG.idNumber }, c.headers))
          .statusCode,
      );
    }
    expect(codes).toEqual([422, 422, 422, 422, 422, 429]);
  });

  it("GET /session says who is signed in: { me: null } for a visitor (not an error), the profile otherwise", async () => {
    const visitor = await t.app.inject({ method: "GET", url: "/api/identity/session" });
    expect([visitor.statusCode, visitor.json()]).toEqual([200, { me: null }]);
    const c = await registerCitizen(t);
    const signedIn = await t.app.inject({ method: "GET", url: "/api/identity/session", headers: c.headers });
    expect(signedIn.json().me).toMatchObject({ id: c.id, kind: "citizen", realnameLevel: 1 });
  });

  it("anonymous calls to the signed-in routes get 401 AUTH_REQUIRED", async () => {
    for (const [method, url] of [
      ["GET", "/api/identity/me"],
      ["GET", "/api/identity/me/sessions"],
      ["POST", "/api/identity/me/realname"],
      ["POST", "/api/identity/me/password"],
    ] as const) {
      const res = await t.app.inject({ method, url, payload: method === "POST" ? {} : undefined });
      expect([res.statusCode, res.json().code], url).toEqual([401, "AUTH_REQUIRED"]);
    }
  });
});
