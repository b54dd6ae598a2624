import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import {
  createStaff,
  lastSmsCode,
  registerCitizen,
  sessionHeaders,
  TEST_PASSWORD,
  testPhone,
} from "../../test-support/identity.js";

describe("identity: lockout and rate limits", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: {
        LOGIN_MAX_FAILURES: "3",
        LOGIN_LOCK_MINUTES: "15",
        LOGIN_RATE_PER_IP: "1000",
        LOGIN_RATE_PER_ACCOUNT: "50",
      },
    });
  });
  afterAll(() => t.close());

  it("locks a citizen after the configured count of wrong passwords, even for the right one, and audits it", async () => {
    const c = await registerCitizen(t);
    const login = (password: string) =>
      t.app.inject({ method: "POST", url: "/api/identity/login/password", payload: { phone: c.phone, password } });
    expect((await login("Wrong-1x")).statusCode).toBe(401);
    expect((await login("Wrong-2x")).statusCode).toBe(401);
    const third = await login("Wrong-3x");
    expect([third.statusCode, third.json().code]).toEqual([423, "ACCOUNT_LOCKED"]);
    expect(Number(third.headers["retry-after"])).toBe(900);
    const right = await login(c.password);
    expect([right.statusCode, right.json().code]).toEqual([423, "ACCOUNT_LOCKED"]);
    await t.app.auditLog.flush();
    const types = (await t.app.auditLog.repo.search({ limit: 50, offset: 0, subject: `account:${c.id}` })).map(
      (e) => JSON.parse(e.entry.toString()).type,
    );
    expect(types).toContain("identity.account.locked");
    // When the lock ends, the right password works again.
    await t.database.db
      .updateTable("accounts")
      .set({ locked_until: sql`now() - interval '1 second'` })
      .where("id", "=", c.id)
      .execute();
    expect((await login(c.password)).statusCode).toBe(200);
  });

  it("wrong passwords lock the password path only: the owner still signs in with an SMS code", async () => {
    const c = await registerCitizen(t);
    const login = (password: string) =>
      t.app.inject({ method: "POST", url: "/api/identity/login/password", payload: { phone: c.phone, password } });
    for (const wrong of ["Wrong-1x", "Wrong-2x", "Wrong-3x"]) await login(wrong); // a stranger with the number
    expect((await login(c.password)).statusCode).toBe(423);
    const sent = await t.app.inject({
      method: "POST",
      url: "/api/identity/sms/send",
      payload: { phone: c.phone, purpose: "login" },
    });
    expect(sent.statusCode).toBe(202);
    const sms = await t.app.inject({
      method: "POST",
      url: "/api/identity/login/sms",
      payload: { phone: c.phone, code: await lastSmsCode(t, c.phone) },
    });
    expect(sms.statusCode, sms.body).toBe(200);
  });

  it("a new password may not be one of the last five (PASSWORD_HISTORY); an older one may come back", async () => {
    const c = await registerCitizen(t);
    const headers = c.headers;
    const passwords = [c.password, ...[1, 2, 3, 4, 5].map((i) => `Rotate-${i}-Pass!`)];
    const change = (from: string, to: string) =>
      t.app.inject({
        method: "POST",
        url: "/api/identity/me/password",
        headers,
        payload: { currentPassword: from, password: to },
      });
    for (let i = 1; i < passwords.length; i++) {
      const res = await change(passwords[i - 1] as string, passwords[i] as string);
      expect(res.statusCode, res.body).toBeLessThan(300);
    }
    const current = passwords[5] as string;
    for (const reused of passwords.slice(1)) {
      const res = await change(current, reused);
      expect([res.statusCode, res.json().code], reused).toEqual([400, "PASSWORD_REUSED"]);
    }
    const oldest = await change(current, passwords[0] as string); // six passwords ago: allowed again
    expect(oldest.statusCode, oldest.body).toBeLessThan(300);
    const kept = await t.database.db
      .selectFrom("password_history")
      .select("password_hash")
      .where("account_id", "=", c.id)
      .execute();
    expect(kept).toHaveLength(4); // with the current hash, the last five
    expect(JSON.stringify(kept)).not.toContain("Rotate"); // hashes only
  });

  it("wrong TOTP codes count toward the staff lockout", async () => {
    const s = await createStaff(t, { roles: ["approver"] });
    const first = await t.app.inject({
      method: "POST",
      url: "/api/identity/staff/login",
      payload: { username: s.username, password: TEST_PASSWORD },
    });
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await t.app.inject({
        method: "POST",
        url: "/api/identity/staff/mfa/verify",
        headers: sessionHeaders(first),
        payload: { code: "000000" },
      });
      codes.push(r.json().code);
    }
    expect(codes).toEqual(["MFA_INVALID", "MFA_INVALID", "ACCOUNT_LOCKED"]);
    const again = await t.app.inject({
      method: "POST",
      url: "/api/identity/staff/login",
      payload: { username: s.username, password: TEST_PASSWORD },
    });
    expect(again.statusCode).toBe(423);
  });

  it("limits login attempts per client IP and per account (429 with Retry-After) on every login path", async () => {
    const limited = await createTestApp({ env: { LOGIN_RATE_PER_IP: "3", LOGIN_RATE_PER_ACCOUNT: "2" } });
    try {
      const attempt = (url: string, payload: object, remoteAddress: string) =>
        limited.app.inject({ method: "POST", url, payload, remoteAddress });
      const phone = testPhone();
      // Per account: two tries on one phone from two addresses, the third is refused.
      const a = [
        await attempt("/api/identity/login/password", { phone, password: "x" }, "10.0.0.1"),
        await attempt("/api/identity/login/password", { phone, password: "x" }, "10.0.0.2"),
        await attempt("/api/identity/login/sms", { phone, code: "123456" }, "10.0.0.3"),
      ].map((r) => r.statusCode);
      expect(a).toEqual([401, 401, 429]);
      // Per IP: three tries from one address on different accounts, the fourth is refused — staff login too.
      const ip = "10.0.0.9";
      const b = [
        await attempt("/api/identity/login/password", { phone: testPhone(), password: "x" }, ip),
        await attempt("/api/identity/login/sms", { phone: testPhone(), code: "123456" }, ip),
        await attempt("/api/identity/staff/login", { username: "someone", password: "x" }, ip),
        await attempt("/api/identity/staff/login", { username: "someone.else", password: "x" }, ip),
      ];
      expect(b.map((r) => r.statusCode)).toEqual([401, 400, 401, 429]);
      expect(b[3].json().code).toBe("RATE_LIMITED");
      expect(Number(b[3].headers["retry-after"])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});
