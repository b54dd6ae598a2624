import type { StaffAccount } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test-support/app.js";
import {
  createStaff,
  department,
  type Headers,
  loginAs,
  loginStaff,
  registerCitizen,
  TEST_PASSWORD,
  type TestStaff,
} from "../../../test-support/identity.js";
import { auditEntries } from "../testing.js";

const MISSING = "00000000-0000-4000-8000-000000000000";
const NEW_PASSWORD = "Windows-Clerk#2026";

describe("identity: staff administration", () => {
  let t: TestApp;
  let platformAdmin: TestStaff;
  let amrAdmin: TestStaff; // dept_admin of amr
  let landAdmin: Headers; // dept_admin of land
  let auditor: Headers;
  let clerk: Headers; // window_clerk of amr
  let securityAdmin: Headers;
  let amr: string;
  let land: string;

  beforeAll(async () => {
    t = await createTestApp();
    amr = await department(t, "amr");
    land = await department(t, "land");
    platformAdmin = await createStaff(t, { roles: ["platform_admin"] });
    amrAdmin = await createStaff(t, { roles: ["dept_admin"], departmentKey: "amr" });
    landAdmin = await loginAs(t, "dept_admin", "land");
    auditor = await loginAs(t, "auditor");
    clerk = await loginAs(t, "window_clerk", "amr");
    securityAdmin = await loginAs(t, "security_admin");
  });
  afterAll(() => t.close());

  const call = (method: "GET" | "POST" | "PATCH", url: string, headers: Headers, payload?: unknown) =>
    t.app.inject({ method, url, headers, payload: payload as object });
  const staffCount = async () =>
    Number(
      (
        await t.database.db
          .selectFrom("accounts")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("kind", "=", "staff")
          .executeTakeFirstOrThrow()
      ).n,
    );
  const newStaff = (over: Record<string, unknown> = {}) => ({
    username: `clerk.${Math.random().toString(36).slice(2, 8)}`,
    displayName: "窗口人员",
    departmentId: amr,
    roles: ["window_clerk"],
    password: NEW_PASSWORD,
    ...over,
  });

  describe("create", () => {
    it("a platform admin creates staff in any department with any role", async () => {
      const res = await call("POST", "/api/identity/staff", platformAdmin.headers, {
        ...newStaff({ username: "Land.Approver", departmentId: land, roles: ["approver", "dept_admin"] }),
      });
      expect(res.statusCode).toBe(201);
      const s: StaffAccount = res.json();
      expect(s).toMatchObject({
        username: "land.approver",
        departmentId: land,
        roles: ["approver", "dept_admin"],
        status: "active",
        mfaEnabled: false,
        lockedUntil: null,
      });
      expect(res.body).not.toContain("password");
      const [entry] = await auditEntries(t, { type: "identity.staff.created", subject: `account:${s.id}` });
      expect(entry.actor).toBe(`staff:${platformAdmin.id}`);
      // the new account logs in and is asked to enrol its authenticator
      const login = await t.app.inject({
        method: "POST",
        url: "/api/identity/staff/login",
        payload: { username: "land.approver", password: NEW_PASSWORD },
      });
      expect(login.json()).toEqual({ next: "mfa_enroll" });
    });

    it("a department admin creates window clerks and approvers in their own department", async () => {
      const res = await call("POST", "/api/identity/staff", amrAdmin.headers, newStaff({ roles: ["approver"] }));
      expect([res.statusCode, res.json().departmentId]).toEqual([201, amr]);
    });

    it("refuses bad requests and writes nothing", async () => {
      const before = await staffCount();
      const cases: [Headers, unknown, number, string][] = [
        [amrAdmin.headers, newStaff({ departmentId: land }), 403, "FORBIDDEN"],
        [amrAdmin.headers, newStaff({ roles: ["dept_admin"] }), 403, "ROLE_NOT_GRANTABLE"],
        [amrAdmin.headers, newStaff({ roles: ["window_clerk", "auditor"] }), 403, "ROLE_NOT_GRANTABLE"],
        [platformAdmin.headers, newStaff({ roles: ["platform_admin", "auditor"] }), 400, "ROLES_SEPARATED"],
        [platformAdmin.headers, newStaff({ roles: ["dept_admin", "auditor"] }), 400, "ROLES_SEPARATED"],
        [platformAdmin.headers, newStaff({ password: "abcdefgh12" }), 400, "PASSWORD_TOO_WEAK"],
        [platformAdmin.headers, newStaff({ username: "land.approver" }), 409, "USERNAME_TAKEN"],
        [platformAdmin.headers, newStaff({ departmentId: MISSING }), 400, "STAFF_DEPARTMENT_NOT_FOUND"],
        [platformAdmin.headers, newStaff({ username: "X" }), 400, "VALIDATION_FAILED"],
        [platformAdmin.headers, newStaff({ roles: ["superuser"] }), 400, "VALIDATION_FAILED"],
        [platformAdmin.headers, newStaff({ roles: [] }), 400, "VALIDATION_FAILED"],
        [auditor, newStaff(), 403, "FORBIDDEN"],
        [clerk, newStaff(), 403, "FORBIDDEN"],
        [{}, newStaff(), 401, "AUTH_REQUIRED"],
      ];
      for (const [headers, body, status, code] of cases) {
        const res = await call("POST", "/api/identity/staff", headers, body);
        expect([res.statusCode, res.json().code], JSON.stringify(body)).toEqual([status, code]);
      }
      const citizen = await registerCitizen(t);
      expect((await call("POST", "/api/identity/staff", citizen.headers, newStaff())).statusCode).toBe(403);
      expect(await staffCount()).toBe(before);
    });
  });

  describe("read", () => {
    it("platform admins and auditors see every department; a department admin only theirs", async () => {
      const all = await call("GET", "/api/identity/staff?limit=200", auditor);
      expect(all.statusCode).toBe(200);
      const departments = new Set(all.json().items.map((s: StaffAccount) => s.departmentId));
      expect(departments.has(amr) && departments.has(land)).toBe(true);
      expect(all.json().total).toBe(await staffCount());
      const admin = await call("GET", "/api/identity/staff", platformAdmin.headers);
      expect(admin.json().total).toBe(all.json().total);

      const mine = await call("GET", "/api/identity/staff", amrAdmin.headers);
      expect(mine.statusCode).toBe(200);
      expect(mine.json().items.length).toBeGreaterThan(0);
      expect(mine.json().items.every((s: StaffAccount) => s.departmentId === amr)).toBe(true);
      const other = await call("GET", `/api/identity/staff?departmentId=${land}`, amrAdmin.headers);
      expect([other.statusCode, other.json().code]).toEqual([403, "FORBIDDEN"]);
    });

    it("filters by name and paginates", async () => {
      const q = await call("GET", "/api/identity/staff?q=LAND.APP", auditor);
      expect(q.json().items.map((s: StaffAccount) => s.username)).toEqual(["land.approver"]);
      const wildcard = await call("GET", "/api/identity/staff?q=%25", auditor);
      expect(wildcard.json().total).toBe(0);
      const page = await call("GET", "/api/identity/staff?limit=1&offset=1", auditor);
      expect(page.json().items).toHaveLength(1);
      expect((await call("GET", "/api/identity/staff?limit=0", auditor)).statusCode).toBe(400);
    });

    it("one account: its department's admin yes, another department's admin 403", async () => {
      const target = await createStaff(t, { roles: ["window_clerk"], departmentKey: "amr" });
      const url = `/api/identity/staff/${target.id}`;
      expect((await call("GET", url, amrAdmin.headers)).json()).toMatchObject({ id: target.id, mfaEnabled: true });
      expect((await call("GET", url, auditor)).statusCode).toBe(200);
      expect((await call("GET", url, landAdmin)).statusCode).toBe(403);
      expect((await call("GET", url, clerk)).statusCode).toBe(403);
      expect((await call("GET", url, {})).statusCode).toBe(401);
      expect((await call("GET", `/api/identity/staff/${MISSING}`, auditor)).json().code).toBe("ACCOUNT_NOT_FOUND");
      expect((await call("GET", "/api/identity/staff/nope", auditor)).statusCode).toBe(400);
      expect((await call("GET", "/api/identity/staff", clerk)).statusCode).toBe(403);
      expect((await call("GET", "/api/identity/staff", {})).statusCode).toBe(401);
    });
  });

  describe("update", () => {
    it("changes roles, name and status; disabling ends the account's sessions", async () => {
      const target = await createStaff(t, { roles: ["window_clerk"], departmentKey: "amr" });
      const url = `/api/identity/staff/${target.id}`;
      const res = await call("PATCH", url, amrAdmin.headers, {
        roles: ["approver", "window_clerk"],
        displayName: "王五",
      });
      expect(res.json()).toMatchObject({ roles: ["approver", "window_clerk"], displayName: "王五" });
      expect((await call("GET", "/api/identity/me", target.headers)).statusCode).toBe(200);
      const off = await call("PATCH", url, amrAdmin.headers, { status: "disabled" });
      expect(off.json().status).toBe("disabled");
      expect((await call("GET", "/api/identity/me", target.headers)).statusCode).toBe(401);
      const [entry] = await auditEntries(t, { type: "identity.staff.updated", subject: `account:${target.id}` });
      expect(entry.actor).toBe(`staff:${amrAdmin.id}`);
    });

    it("refuses: self changes, another department, roles above a department admin, bad input", async () => {
      const target = await createStaff(t, { roles: ["window_clerk"], departmentKey: "amr" });
      const boss = await createStaff(t, { roles: ["platform_admin"], departmentKey: "amr" });
      const cases: [Headers, string, unknown, number, string][] = [
        [amrAdmin.headers, amrAdmin.id, { status: "disabled" }, 400, "CANNOT_CHANGE_SELF"],
        [platformAdmin.headers, platformAdmin.id, { roles: ["platform_admin", "approver"] }, 400, "CANNOT_CHANGE_SELF"],
        [landAdmin, target.id, { displayName: "越权" }, 403, "FORBIDDEN"],
        [amrAdmin.headers, target.id, { roles: ["dept_admin"] }, 403, "ROLE_NOT_GRANTABLE"],
        [amrAdmin.headers, boss.id, { status: "disabled" }, 403, "ROLE_NOT_GRANTABLE"],
        [platformAdmin.headers, boss.id, { roles: ["platform_admin", "auditor"] }, 400, "ROLES_SEPARATED"],
        [platformAdmin.headers, target.id, {}, 400, "VALIDATION_FAILED"],
        [platformAdmin.headers, target.id, { status: "gone" }, 400, "VALIDATION_FAILED"],
        [platformAdmin.headers, MISSING, { displayName: "无" }, 404, "ACCOUNT_NOT_FOUND"],
        [auditor, target.id, { displayName: "审计员改" }, 403, "FORBIDDEN"],
        [clerk, target.id, { displayName: "窗口改" }, 403, "FORBIDDEN"],
        [{}, target.id, { displayName: "匿名" }, 401, "AUTH_REQUIRED"],
      ];
      for (const [headers, id, body, status, code] of cases) {
        const res = await call("PATCH", `/api/identity/staff/${id}`, headers, body);
        expect([res.statusCode, res.json().code], JSON.stringify(body)).toEqual([status, code]);
      }
      const unchanged = (await call("GET", `/api/identity/staff/${target.id}`, auditor)).json();
      expect(unchanged).toMatchObject({ roles: ["window_clerk"], status: "active", displayName: "测试window_clerk" });
      const bossNow = (await call("GET", `/api/identity/staff/${boss.id}`, auditor)).json();
      expect(bossNow).toMatchObject({ roles: ["platform_admin"], status: "active" });
      const self = (await call("GET", `/api/identity/staff/${amrAdmin.id}`, auditor)).json();
      expect(self.status).toBe("active");
      // a name change of one's own account is fine
      const rename = await call("PATCH", `/api/identity/staff/${amrAdmin.id}`, amrAdmin.headers, {
        displayName: "科长",
      });
      expect(rename.statusCode).toBe(200);
    });
  });

  describe("credentials", () => {
    it("resets the password: old sessions end, the new password works", async () => {
      const target = await createStaff(t, { roles: ["approver"], departmentKey: "amr" });
      const res = await call("POST", `/api/identity/staff/${target.id}/password`, amrAdmin.headers, {
        password: NEW_PASSWORD,
      });
      expect(res.statusCode).toBe(204);
      expect((await call("GET", "/api/identity/me", target.headers)).statusCode).toBe(401);
      // the administrator knows the new password: the login holds until the staff member sets their own
      const headers = await loginStaff(t, target, NEW_PASSWORD, { newPassword: "Own-Choice#2026" });
      expect((await call("GET", "/api/identity/me", headers)).statusCode).toBe(200);
      const held = await auditEntries(t, { type: "identity.staff.password_one_time", subject: `account:${target.id}` });
      expect(held).toHaveLength(1);
      const [entry] = await auditEntries(t, { type: "identity.staff.password_reset", subject: `account:${target.id}` });
      expect(entry.actor).toBe(`staff:${amrAdmin.id}`);
    });

    it("resets the authenticator: the next login enrols a new one", async () => {
      const target = await createStaff(t, { roles: ["window_clerk"], departmentKey: "amr" });
      const res = await call("POST", `/api/identity/staff/${target.id}/mfa/reset`, amrAdmin.headers);
      expect(res.statusCode).toBe(204);
      expect((await call("GET", "/api/identity/me", target.headers)).statusCode).toBe(401);
      const login = await t.app.inject({
        method: "POST",
        url: "/api/identity/staff/login",
        payload: { username: target.username, password: TEST_PASSWORD },
      });
      expect(login.json()).toEqual({ next: "mfa_enroll" });
      expect((await call("GET", `/api/identity/staff/${target.id}`, auditor)).json().mfaEnabled).toBe(false);
    });

    it("unlocks a locked account", async () => {
      const target = await createStaff(t, { roles: ["window_clerk"], departmentKey: "amr" });
      await t.database.db
        .updateTable("accounts")
        .set({ locked_until: new Date(Date.now() + 600_000), failed_logins: 3 })
        .where("id", "=", target.id)
        .execute();
      const url = `/api/identity/staff/${target.id}`;
      expect((await call("GET", url, auditor)).json().lockedUntil).not.toBeNull();
      expect((await call("POST", `${url}/unlock`, amrAdmin.headers)).statusCode).toBe(204);
      expect((await call("GET", url, auditor)).json().lockedUntil).toBeNull();
    });

    it("refuses credential actions on oneself, across departments, above one's rank, and for other roles", async () => {
      const target = await createStaff(t, { roles: ["window_clerk"], departmentKey: "amr" });
      const boss = await createStaff(t, { roles: ["platform_admin"], departmentKey: "amr" });
      const actions = [
        ["password", { password: NEW_PASSWORD }],
        ["mfa/reset", undefined],
        ["unlock", undefined],
      ] as const;
      for (const [action, body] of actions) {
        const cases: [Headers, string, number, string][] = [
          [amrAdmin.headers, amrAdmin.id, 400, "CANNOT_RESET_SELF"],
          [landAdmin, target.id, 403, "FORBIDDEN"],
          [amrAdmin.headers, boss.id, 403, "ROLE_NOT_GRANTABLE"],
          [auditor, target.id, 403, "FORBIDDEN"],
          [clerk, target.id, 403, "FORBIDDEN"],
          [{}, target.id, 401, "AUTH_REQUIRED"],
          // Passwords are the platform admin's; unlocks and authenticators the security admin's (no one
          // platform-wide holds both, so no one alone takes an account over).
          [action === "password" ? platformAdmin.headers : securityAdmin, MISSING, 404, "ACCOUNT_NOT_FOUND"],
          [action === "password" ? securityAdmin : platformAdmin.headers, target.id, 403, "FORBIDDEN"],
        ];
        for (const [headers, id, status, code] of cases) {
          const res = await call("POST", `/api/identity/staff/${id}/${action}`, headers, body);
          expect([res.statusCode, res.json().code], `${action} ${code}`).toEqual([status, code]);
        }
      }
      const weak = await call("POST", `/api/identity/staff/${target.id}/password`, amrAdmin.headers, {
        password: `${target.username}A1!`,
      });
      expect([weak.statusCode, weak.json().code]).toEqual([400, "PASSWORD_TOO_WEAK"]);
      // nothing happened to the target: its session still works
      expect((await call("GET", "/api/identity/me", target.headers)).statusCode).toBe(200);
      expect((await call("GET", "/api/identity/me", boss.headers)).statusCode).toBe(200);
    });
  });
});
