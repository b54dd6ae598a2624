import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { can, type Permission, ROLES, type Role } from "../../../platform/auth/permissions.js";
import { createTestApp, type TestApp } from "../../../test-support/app.js";
import {
  createStaff,
  department,
  type Headers,
  loginAs,
  loginStaff,
  type TestStaff,
} from "../../../test-support/identity.js";
import { staffPrincipal } from "../../../test-support/principals.js";
import { createStaffAtInstall } from "./install.js";

/**
 * 三员分立: the administrator cannot read or alter the audit trail, the auditor cannot change data, and no
 * route exists that updates or deletes audit entries. Routes are enumerated from the OpenAPI document, so a
 * new write route under these prefixes fails here until it is listed (and refused to the auditor).
 */
const MISSING = "00000000-0000-4000-8000-000000000000";
const WRITES = ["post", "put", "patch", "delete"];

type Operation = { method: string; path: string };

describe("separation of duties (三员分立)", () => {
  let t: TestApp;
  let platformAdmin: Headers;
  let deptAdmin: Headers;
  let auditor: Headers;
  let securityAdmin: Headers;
  let operations: Operation[];
  let amr: string;

  beforeAll(async () => {
    t = await createTestApp();
    amr = await department(t, "amr");
    platformAdmin = await loginAs(t, "platform_admin");
    deptAdmin = await loginAs(t, "dept_admin", "amr");
    auditor = await loginAs(t, "auditor");
    securityAdmin = await loginAs(t, "security_admin");
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ method, path })),
    );
  });
  afterAll(() => t.close());

  const call = (method: string, url: string, headers: Headers, payload?: unknown) =>
    t.app.inject({ method: method.toUpperCase() as "GET", url, headers, payload: payload as object });
  const under = (prefix: string) => operations.filter((o) => o.path.startsWith(prefix));

  describe("the audit trail cannot be altered", () => {
    it("the audit API has only reads, plus signing a tree head (append-only)", () => {
      const audit = under("/api/audit/");
      expect(audit.length).toBeGreaterThan(5);
      const writes = audit.filter((o) => WRITES.includes(o.method));
      expect(writes).toEqual([{ method: "post", path: "/api/audit/v1/sign-tree-head" }]);
      expect(under("/api/identity/pii-access-log")).toEqual([{ method: "get", path: "/api/identity/pii-access-log" }]);
    });

    it("writing to any audit path is refused for everyone (404/405, never a success)", async () => {
      const paths = [...new Set(under("/api/audit/").map((o) => o.path)), "/api/identity/pii-access-log"];
      for (const path of paths) {
        for (const method of ["PUT", "PATCH", "DELETE"]) {
          for (const headers of [platformAdmin, auditor]) {
            const res = await call(method, path, headers, {});
            expect([404, 405], `${method} ${path}`).toContain(res.statusCode);
          }
        }
      }
    });

    it("administrators cannot read the audit trail or the log of personal-data reads", async () => {
      await t.app.auditLog.flush(); // the logins above are entries to read
      const reads = ["/api/audit/v1/get-entries?start=0&end=1", "/api/audit/v1/search", "/api/identity/pii-access-log"];
      for (const url of reads) {
        for (const headers of [platformAdmin, deptAdmin, securityAdmin]) {
          const res = await call("GET", url, headers);
          expect([res.statusCode, res.json().code], url).toEqual([403, "FORBIDDEN"]);
        }
        expect((await call("GET", url, auditor)).statusCode, url).toBe(200);
      }
    });
  });

  describe("the auditor changes no data", () => {
    const department_ = {
      key: "auditor-made",
      code: "91350100M000100Y43",
      name: "审计员不能建的部门",
      regionCode: "350100",
    };
    const staff = {
      username: "auditor.made",
      displayName: "审计员建的账号",
      roles: ["window_clerk"],
      password: "Auditor-Made#2026",
    };
    const writes = (): [string, string, unknown][] => [
      ["POST", "/api/org/departments", department_],
      ["PATCH", `/api/org/departments/${amr}`, { name: "审计员改名" }],
      ["DELETE", `/api/org/departments/${amr}`, undefined],
      ["PUT", "/api/calendar/days/2026-03-02", { kind: "holiday", name: "审计员放假" }],
      ["DELETE", "/api/calendar/days/2026-03-02", undefined],
      ["POST", "/api/identity/staff", { ...staff, departmentId: amr }],
      ["PATCH", `/api/identity/staff/${MISSING}`, { status: "disabled" }],
      ["POST", `/api/identity/staff/${MISSING}/password`, { password: "Auditor-Made#2026" }],
      ["POST", `/api/identity/staff/${MISSING}/mfa/reset`, undefined],
      ["POST", `/api/identity/staff/${MISSING}/unlock`, undefined],
      ["POST", `/api/identity/citizens/${MISSING}/personal-data`, { reason: "审计员想看明文" }],
      ["POST", `/api/identity/citizens/${MISSING}/realname-l3`, { method: "in_person", note: "审计员核验" }],
    ];

    it("every write route of org, calendar, staff and citizen administration is listed here", () => {
      const listed = new Set(writes().map(([m, u]) => `${m.toLowerCase()} ${u}`));
      const pattern = (path: string) =>
        path
          .replace(/(.)\/$/, "$1")
          .replace(/\{[^}]+\}|:[a-zA-Z]+/g, (p) => (p.includes("date") ? "2026-03-02" : "ID"));
      const normalise = (s: string) => s.replace(amr, "ID").replace(MISSING, "ID");
      const listedPatterns = new Set([...listed].map(normalise));
      const admin = [
        ...under("/api/org/"),
        ...under("/api/calendar/"),
        ...under("/api/identity/staff"),
        ...under("/api/identity/citizens"),
      ].filter(
        (o) =>
          WRITES.includes(o.method) &&
          !/\/staff\/(login(\/new-password)?|mfa\/(enroll|enrollment|verify))$/.test(o.path),
      );
      for (const o of admin)
        expect(listedPatterns, `${o.method} ${o.path}`).toContain(`${o.method} ${pattern(o.path)}`);
    });

    it("each is 403 for the auditor and leaves nothing changed", async () => {
      const before = await t.database.db.selectFrom("departments").selectAll().orderBy("id").execute();
      for (const [method, url, body] of writes()) {
        const res = await call(method, url, auditor, body);
        expect([res.statusCode, res.json().code], `${method} ${url}`).toEqual([403, "FORBIDDEN"]);
      }
      expect(await t.database.db.selectFrom("departments").selectAll().orderBy("id").execute()).toEqual(before);
      const days = await t.database.db.selectFrom("work_calendar_days").selectAll().execute();
      expect(days.filter((d) => d.day === "2026-03-02")).toEqual([]);
      const made = await t.database.db
        .selectFrom("accounts")
        .select("id")
        .where("username", "=", "auditor.made")
        .execute();
      expect(made).toEqual([]);
    });
  });

  describe("no administrator can act on an auditor account", () => {
    let target: TestStaff;
    let clerk: TestStaff;
    beforeAll(async () => {
      target = await createStaff(t, { roles: ["auditor"] });
      clerk = await createStaff(t, { roles: ["window_clerk"], departmentKey: "amr" });
    });
    const credentials = () =>
      t.database.db
        .selectFrom("accounts")
        .select(["password_hash", "totp_secret_enc", "status", "display_name", "locked_until"])
        .where("id", "=", target.id)
        .executeTakeFirstOrThrow();

    it("every staff route that names an account refuses each administrator on the auditor's account", async () => {
      const before = await credentials();
      const routes = under("/api/identity/staff/").filter((o) => /\{id\}|:id/.test(o.path));
      expect(routes.length).toBeGreaterThanOrEqual(5); // get, patch, password, mfa/reset, unlock
      const bodies: Record<string, unknown> = {
        patch: { status: "disabled", displayName: "被管理员改名", roles: ["window_clerk"] },
        post: { password: "Taken-Over#2026" },
      };
      for (const o of routes.filter((r) => WRITES.includes(r.method))) {
        const url = o.path.replace(/\{id\}|:id/, target.id);
        for (const [who, headers] of [
          ["platform admin", platformAdmin],
          ["department admin", deptAdmin],
          ["security admin", securityAdmin],
        ] as const) {
          const res = await call(o.method, url, headers, bodies[o.method]);
          expect(res.statusCode, `${who}: ${o.method} ${url}`).toBe(403);
        }
      }
      expect(await credentials()).toEqual(before);
      await loginStaff(t, target); // the auditor still signs in with their own password and authenticator
    });

    it("no administrator creates an auditor or grants the role; each attempt is in the log the auditors read", async () => {
      const create = await call("POST", "/api/identity/staff", platformAdmin, {
        username: "second.auditor",
        displayName: "第二审计员",
        departmentId: amr,
        roles: ["auditor"],
        password: "Second-Auditor#2026",
      });
      expect([create.statusCode, create.json().code]).toEqual([403, "AUDITOR_ACCOUNT_PROTECTED"]);
      const grant = await call("PATCH", `/api/identity/staff/${clerk.id}`, platformAdmin, { roles: ["auditor"] });
      expect([grant.statusCode, grant.json().code]).toEqual([403, "AUDITOR_ACCOUNT_PROTECTED"]);
      const reset = await call("POST", `/api/identity/staff/${target.id}/password`, platformAdmin, {
        password: "Taken-Over#2026",
      });
      expect([reset.statusCode, reset.json().code]).toEqual([403, "AUDITOR_ACCOUNT_PROTECTED"]);
      const made = await t.database.db
        .selectFrom("accounts")
        .select("id")
        .where("username", "=", "second.auditor")
        .execute();
      expect(made).toEqual([]);
      const roles = await t.database.db
        .selectFrom("staff_roles")
        .select("role")
        .where("account_id", "=", clerk.id)
        .execute();
      expect(roles.map((r) => r.role)).toEqual(["window_clerk"]);

      await t.app.auditLog.flush();
      const seen = await call("GET", "/api/audit/v1/search?type=identity.staff.auditor_action_refused", auditor);
      expect(seen.statusCode).toBe(200);
      const subjects = (seen.json().entries as { entry: { subject: string } }[]).map((e) => e.entry.subject);
      expect(subjects).toEqual(expect.arrayContaining([`account:${target.id}`, `account:${clerk.id}`, "role:auditor"]));
    });
  });

  describe("auditor accounts are set up at installation", () => {
    it("`yiwang staff create` makes an auditor whose first login enrols an authenticator; audited as install:cli", async () => {
      const deps = { db: t.database.db, audit: t.app.auditLog };
      const made = await createStaffAtInstall(deps, {
        username: "auditor.install",
        displayName: "安装时设立的审计员",
        departmentKey: "amr",
        roles: ["auditor"],
      });
      expect(made.password.length).toBeGreaterThanOrEqual(32);
      const login = await call(
        "POST",
        "/api/identity/staff/login",
        {},
        { username: "auditor.install", password: made.password },
      );
      expect(login.json()).toEqual({ next: "mfa_enroll" });
      const roles = await t.database.db
        .selectFrom("staff_roles")
        .select("role")
        .where("account_id", "=", made.id)
        .execute();
      expect(roles.map((r) => r.role)).toEqual(["auditor"]);
      await t.app.auditLog.flush();
      const seen = await call("GET", `/api/audit/v1/search?actor=install:cli`, auditor);
      expect((seen.json().entries as { entry: { subject: string } }[]).map((e) => e.entry.subject)).toContain(
        `account:${made.id}`,
      );

      await expect(
        createStaffAtInstall(deps, {
          username: "auditor.install",
          displayName: "重名",
          departmentKey: "amr",
          roles: ["auditor"],
        }),
      ).rejects.toMatchObject({ code: "USERNAME_TAKEN" });
      await expect(
        createStaffAtInstall(deps, {
          username: "admin.auditor",
          displayName: "兼任",
          departmentKey: "amr",
          roles: ["platform_admin", "auditor"],
        }),
      ).rejects.toMatchObject({ code: "ROLES_SEPARATED" });
    });
  });
  describe("three duties, three people: what each separated role may write", () => {
    /** Every write route of the platform a role may call, by the route table and the permission model. */
    const writesOf = (role: Role) =>
      t.app.auth
        .routes()
        .filter((r) => r.url.startsWith("/api/") && WRITES.includes(r.method.toLowerCase()))
        .filter((r) => r.guards.some((g) => "permission" in g && can(staffPrincipal(role), g.permission as Permission)))
        .map((r) => `${r.method} ${r.url}`)
        .sort();

    it("the auditor writes nothing but tree heads and dual-control decisions", () => {
      expect(writesOf("auditor")).toEqual([
        "POST /api/audit/v1/sign-tree-head",
        "POST /api/identity/dual-control/proposals/:id/approve",
        "POST /api/identity/dual-control/proposals/:id/refuse",
      ]);
    });

    it("the security admin writes nothing but unlocks, authenticator resets, proposals, acknowledgements and signing keys", () => {
      expect(writesOf("security_admin")).toEqual([
        "POST /api/identity/dual-control/proposals",
        "POST /api/identity/staff/:id/mfa/reset",
        "POST /api/identity/staff/:id/unlock",
        // 一码通: rotating the code-signing key and taking a compromised one out of the signed list is key
        // management, the security admin's duty (GB/T 22239 安全管理员), not the system administrator's.
        "POST /api/onecode/keys/:kid/remove",
        "POST /api/onecode/keys/rotate",
        "POST /api/security/alerts/:id/acknowledge",
      ]);
    });

    it("no system administrator touches dual control or security alerts; unlocks and authenticators are not the platform admin's", () => {
      for (const role of ["platform_admin", "dept_admin", "supervisor"] as const) {
        const writes = writesOf(role);
        expect(
          writes.filter((w) => /dual-control|\/api\/security\//.test(w)),
          role,
        ).toEqual([]);
      }
      expect(writesOf("platform_admin")).not.toContain("POST /api/identity/staff/:id/mfa/reset");
      expect(writesOf("platform_admin")).not.toContain("POST /api/identity/staff/:id/unlock");
      // and every role that may decide or propose is one of the separated three
      const deciders = ROLES.filter((r) => can(staffPrincipal(r), "identity.dual_control.decide"));
      const proposers = ROLES.filter((r) => can(staffPrincipal(r), "identity.dual_control.propose"));
      expect([deciders, proposers]).toEqual([["auditor"], ["security_admin"]]);
    });
  });

  describe("no system administrator can act on a security admin account", () => {
    let target: TestStaff;
    let clerk: TestStaff;
    let platformAdminStaff: TestStaff;
    beforeAll(async () => {
      target = await createStaff(t, { roles: ["security_admin"] });
      clerk = await createStaff(t, { roles: ["window_clerk"], departmentKey: "amr" });
      platformAdminStaff = await createStaff(t, { roles: ["platform_admin"] });
    });
    const credentials = () =>
      t.database.db
        .selectFrom("accounts")
        .select(["password_hash", "totp_secret_enc", "status", "display_name", "locked_until"])
        .where("id", "=", target.id)
        .executeTakeFirstOrThrow();

    it("every staff write route refuses platform and department admins on a security admin's account", async () => {
      const before = await credentials();
      const routes = under("/api/identity/staff/").filter((o) => /\{id\}|:id/.test(o.path));
      const bodies: Record<string, unknown> = {
        patch: { status: "disabled", displayName: "被管理员改名", roles: ["window_clerk"] },
        post: { password: "Taken-Over#2026" },
      };
      for (const o of routes.filter((r) => WRITES.includes(r.method))) {
        const url = o.path.replace(/\{id\}|:id/, target.id);
        for (const [who, headers] of [
          ["platform admin", platformAdmin],
          ["department admin", deptAdmin],
        ] as const) {
          const res = await call(o.method, url, headers, bodies[o.method]);
          expect(res.statusCode, `${who}: ${o.method} ${url}`).toBe(403);
        }
      }
      expect(await credentials()).toEqual(before);
      const reset = await call("POST", `/api/identity/staff/${target.id}/password`, platformAdmin, {
        password: "Taken-Over#2026",
      });
      expect([reset.statusCode, reset.json().code]).toEqual([403, "SECURITY_ADMIN_ACCOUNT_PROTECTED"]);
      await loginStaff(t, target);
    });

    it("no platform admin creates a security admin, grants the role, or makes themselves one; each attempt is logged", async () => {
      const create = await call("POST", "/api/identity/staff", platformAdmin, {
        username: "second.secadmin",
        displayName: "第二安全管理员",
        departmentId: amr,
        roles: ["security_admin"],
        password: "Second-Secadmin#2026",
      });
      expect([create.statusCode, create.json().code]).toEqual([403, "SECURITY_ADMIN_ACCOUNT_PROTECTED"]);
      const grant = await call("PATCH", `/api/identity/staff/${clerk.id}`, platformAdmin, {
        roles: ["security_admin"],
      });
      expect([grant.statusCode, grant.json().code]).toEqual([403, "SECURITY_ADMIN_ACCOUNT_PROTECTED"]);
      const self = platformAdminStaff.headers;
      const selfGrant = await call("PATCH", `/api/identity/staff/${platformAdminStaff.id}`, self, {
        roles: ["security_admin"],
      });
      expect([selfGrant.statusCode, selfGrant.json().code]).toEqual([400, "CANNOT_CHANGE_SELF"]);
      const both = await call("PATCH", `/api/identity/staff/${platformAdminStaff.id}`, self, {
        roles: ["platform_admin", "security_admin"],
      });
      expect([both.statusCode, both.json().code]).toEqual([400, "ROLES_SEPARATED"]);
      const roles = await t.database.db
        .selectFrom("staff_roles")
        .select("role")
        .where("role", "=", "security_admin")
        .where("account_id", "in", [clerk.id, platformAdminStaff.id])
        .execute();
      expect(roles).toEqual([]);
      expect(
        await t.database.db.selectFrom("accounts").select("id").where("username", "=", "second.secadmin").execute(),
      ).toEqual([]);

      await t.app.auditLog.flush();
      const seen = await call("GET", "/api/audit/v1/search?type=identity.staff.security_admin_action_refused", auditor);
      const subjects = (seen.json().entries as { entry: { subject: string } }[]).map((e) => e.entry.subject);
      expect(subjects).toEqual(
        expect.arrayContaining([`account:${target.id}`, `account:${clerk.id}`, "role:security_admin"]),
      );
    });

    it("another security admin may unlock one and reset their authenticator, never their password", async () => {
      const other = await createStaff(t, { roles: ["security_admin"] });
      await t.database.db
        .updateTable("accounts")
        .set({ locked_until: new Date(Date.now() + 600_000) })
        .where("id", "=", other.id)
        .execute();
      expect((await call("POST", `/api/identity/staff/${other.id}/unlock`, securityAdmin)).statusCode).toBe(204);
      expect((await call("POST", `/api/identity/staff/${other.id}/mfa/reset`, securityAdmin)).statusCode).toBe(204);
      const reset = await call("POST", `/api/identity/staff/${other.id}/password`, securityAdmin, {
        password: "Taken-Over#2026",
      });
      expect([reset.statusCode, reset.json().code]).toEqual([403, "FORBIDDEN"]);
      const own = await call("POST", `/api/identity/staff/${target.id}/mfa/reset`, target.headers);
      expect([own.statusCode, own.json().code]).toEqual([400, "CANNOT_RESET_SELF"]);
    });

    it("`yiwang staff create` sets up the first security admin, never together with another duty", async () => {
      const deps = { db: t.database.db, audit: t.app.auditLog };
      const made = await createStaffAtInstall(deps, {
        username: "secadmin.install",
        displayName: "安装时设立的安全管理员",
        departmentKey: "amr",
        roles: ["security_admin"],
      });
      const login = await call(
        "POST",
        "/api/identity/staff/login",
        {},
        { username: "secadmin.install", password: made.password },
      );
      expect(login.json()).toEqual({ next: "mfa_enroll" });
      for (const other of ["platform_admin", "dept_admin", "auditor"]) {
        await expect(
          createStaffAtInstall(deps, {
            username: `secadmin.${other.replace("_", "")}`,
            displayName: "兼任",
            departmentKey: "amr",
            roles: ["security_admin", other],
          }),
        ).rejects.toMatchObject({ code: "ROLES_SEPARATED" });
      }
    });
  });
});
