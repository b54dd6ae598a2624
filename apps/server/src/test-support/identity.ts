import type { LightMyRequestResponse } from "fastify";
import { AccountRepository, hashPassword, SESSION_COOKIE, totpNow } from "../modules/identity/index.js";
import { DepartmentRepository } from "../modules/org/index.js";
import type { Role } from "../platform/auth/permissions.js";
import { SecretBox } from "../platform/crypto/secret-box.js";
import departments from "../seed/data/departments.json" with { type: "json" };
import type { TestApp } from "./app.js";

/**
 * Accounts and logins for tests, through the real login endpoints (password, SMS code, TOTP): a test that
 * passes here passed the same checks a browser would.
 */

export type Headers = Record<string, string>;
export const TEST_PASSWORD = "Test-Passw0rd!";

/** `cookie` header for the session a response started. */
export function sessionHeaders(res: LightMyRequestResponse): Headers {
  const c = res.cookies.find((x) => x.name === SESSION_COOKIE);
  if (!c) throw new Error(`no session cookie in response ${res.statusCode}: ${res.body}`);
  return { cookie: `${SESSION_COOKIE}=${c.value}` };
}

/**
 * Keeps `headers` on the session a response hands out, as a browser's cookie jar would: the session token
 * changes when a login completes or the person switches the identity they act for.
 */
export function followSession(headers: Headers, res: LightMyRequestResponse): LightMyRequestResponse {
  const c = res.cookies.find((x) => x.name === SESSION_COOKIE);
  if (c?.value) headers.cookie = `${SESSION_COOKIE}=${c.value}`;
  return res;
}

/** Where test staff work unless a test names a demo department: outside the demo data, region 990199. */
const TEST_DEPARTMENT = {
  key: "test-ops",
  code: "11990199MB0099995P",
  name: "测试运维部门",
  nameEn: "Test operations",
  regionCode: "990199",
};

/** The department with this key (a demo one from the seed data), created in the test database if missing. */
export async function department(t: TestApp, key = TEST_DEPARTMENT.key): Promise<string> {
  const repo = new DepartmentRepository(t.database.db);
  const d = key === TEST_DEPARTMENT.key ? TEST_DEPARTMENT : departments.find((x) => x.key === key);
  if (!d) throw new Error(`no demo department ${key}`);
  await repo.insertMissing([
    { key: d.key, code: d.code, name: d.name, name_en: d.nameEn, region_code: d.regionCode, parent_id: null },
  ]);
  const row = await t.database.db
    .selectFrom("departments")
    .select("id")
    .where("key", "=", key)
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface TestStaff {
  id: string;
  username: string;
  departmentId: string;
  totpSecret: string;
  headers: Headers;
}

let staffCounter = 0;
const lastStepUsed = new Map<string, number>();

/** A TOTP code not yet used by this account (steps move forward within the accepted drift window). */
export function freshTotp(accountId: string, secret: string): string {
  const now = Date.now();
  const step = Math.floor(now / 30_000);
  const last = lastStepUsed.get(accountId) ?? -1;
  const use = Math.max(step, last + 1);
  if (use > step + 1) throw new Error("test logged the same staff member in more than twice in 30 s");
  lastStepUsed.set(accountId, use);
  return totpNow(secret, use * 30_000 + 1000);
}

/**
 * Logs a staff member in through /staff/login and /staff/mfa/verify; returns the session headers. A login
 * held for a new password (expired, or issued by an administrator) fails unless `newPassword` is given,
 * which is then set through /staff/login/new-password.
 */
export async function loginStaff(
  t: TestApp,
  s: Omit<TestStaff, "headers">,
  password = TEST_PASSWORD,
  options: { newPassword?: string } = {},
) {
  const first = await t.app.inject({
    method: "POST",
    url: "/api/identity/staff/login",
    payload: { username: s.username, password },
  });
  if (first.statusCode !== 200) throw new Error(`staff login failed: ${first.statusCode} ${first.body}`);
  const headers = sessionHeaders(first);
  const second = await t.app.inject({
    method: "POST",
    url: "/api/identity/staff/mfa/verify",
    headers,
    payload: { code: freshTotp(s.id, s.totpSecret) },
  });
  if (second.statusCode !== 200) throw new Error(`staff TOTP failed: ${second.statusCode} ${second.body}`);
  if (second.json().passwordChangeRequired === null) return sessionHeaders(second); // a new token: login complete
  if (!options.newPassword) throw new Error(`staff login held for a new password: ${second.body}`);
  const third = await t.app.inject({
    method: "POST",
    url: "/api/identity/staff/login/new-password",
    headers: sessionHeaders(second),
    payload: { currentPassword: password, password: options.newPassword },
  });
  if (third.statusCode !== 200) throw new Error(`new password refused: ${third.statusCode} ${third.body}`);
  return sessionHeaders(third);
}

/** Creates a staff account with TOTP enrolled (directly in the database) and logs it in. */
export async function createStaff(
  t: TestApp,
  options: { roles: Role[]; departmentKey?: string; username?: string },
): Promise<TestStaff> {
  const departmentId = await department(t, options.departmentKey);
  const username = options.username ?? `staff${process.pid % 1000}.${++staffCounter}`;
  const totpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  const accounts = new AccountRepository(t.database.db);
  const row = await accounts.insert({
    kind: "staff",
    username,
    display_name: `测试${options.roles.join("+")}`,
    department_id: departmentId,
    password_hash: await hashPassword(TEST_PASSWORD),
    totp_enabled_at: new Date(),
  });
  const box = new SecretBox(t.config.secrets.dataEncryptionKey);
  await accounts.update(row.id, { totp_secret_enc: box.seal(Buffer.from(totpSecret), `totp:${row.id}`) });
  await accounts.setRoles(row.id, options.roles, "test");
  const s = { id: row.id, username, departmentId, totpSecret };
  return { ...s, headers: await loginStaff(t, s) };
}

/** Headers of a freshly created staff member holding `role` (in the test department unless given). */
export async function loginAs(t: TestApp, role: Role, departmentKey?: string): Promise<Headers> {
  return (await createStaff(t, { roles: [role], departmentKey })).headers;
}

let phoneCounter = 0;
/** A mobile number no other test file uses at the same time. */
export function testPhone(): string {
  const n = (process.pid * 7919 + ++phoneCounter * 104_729) % 100_000_000;
  return `139${String(n).padStart(8, "0")}`;
}

/** The newest SMS code the development sender "sent" to a phone. */
export async function lastSmsCode(t: TestApp, phone: string): Promise<string> {
  const res = await t.app.inject({ method: "GET", url: `/api/identity/dev/sms?phone=${phone}` });
  const text: string | undefined = res.json().items?.[0]?.text;
  const m = text ? /(\d{6})/.exec(text) : null;
  if (!m) throw new Error(`no SMS for ${phone}: ${res.body}`);
  return m[1];
}

export interface TestCitizen {
  id: string;
  phone: string;
  password: string;
  headers: Headers;
}

/** Registers a citizen through the real SMS + register endpoints; optionally verifies level 2. */
export async function registerCitizen(
  t: TestApp,
  options: { phone?: string; realname?: { name: string; idNumber: string } } = {},
): Promise<TestCitizen> {
  const phone = options.phone ?? testPhone();
  const sent = await t.app.inject({
    method: "POST",
    url: "/api/identity/sms/send",
    payload: { phone, purpose: "register" },
  });
  if (sent.statusCode !== 202) throw new Error(`sms failed: ${sent.body}`);
  const res = await t.app.inject({
    method: "POST",
    url: "/api/identity/register",
    payload: { phone, code: await lastSmsCode(t, phone), password: TEST_PASSWORD },
  });
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  const headers = sessionHeaders(res);
  if (options.realname) {
    const r = await t.app.inject({
      method: "POST",
      url: "/api/identity/me/realname",
      headers,
      payload: options.realname,
    });
    if (r.statusCode !== 200) throw new Error(`realname failed: ${r.statusCode} ${r.body}`);
  }
  const me = await t.app.inject({ method: "GET", url: "/api/identity/me", headers });
  return { id: me.json().id, phone, password: TEST_PASSWORD, headers };
}
