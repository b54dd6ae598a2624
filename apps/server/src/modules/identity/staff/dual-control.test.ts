import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../../platform/clock/clock.js";
import { capturedLogger, createTestApp, type TestApp } from "../../../test-support/app.js";
import { createStaff, department, type Headers, loginAs, type TestStaff } from "../../../test-support/identity.js";

/**
 * Dual control (双人控制) of auditor and security-admin accounts after installation: a security admin
 * proposes, a second person — an auditor who is neither the proposer nor the account concerned — approves
 * or refuses before the proposal expires; only an approval acts, exactly once, and every step is audited.
 */
describe("dual control of protected accounts", () => {
  let t: TestApp;
  const clock = new TestClock();
  const logs: string[] = [];
  let amr: string;
  let secAdmin: TestStaff;
  let auditorA: TestStaff;
  let auditorB: TestStaff;
  let platformAdmin: Headers;
  let counter = 0;

  beforeAll(async () => {
    t = await createTestApp({ clock, logger: capturedLogger(logs), env: { DUAL_CONTROL_EXPIRY_HOURS: "24" } });
    amr = await department(t, "amr");
    secAdmin = await createStaff(t, { roles: ["security_admin"] });
    auditorA = await createStaff(t, { roles: ["auditor"] });
    auditorB = await createStaff(t, { roles: ["auditor"] });
    platformAdmin = await loginAs(t, "platform_admin");
  });
  afterAll(() => t.close());

  const call = (method: "GET" | "POST", url: string, headers: Headers, payload?: object) =>
    t.app.inject({ method, url, headers, payload });
  const BASE = "/api/identity/dual-control/proposals";
  const proposeAuditor = (username = `auditor.dc${++counter}`, headers = secAdmin.headers) =>
    call("POST", BASE, headers, {
      action: "create",
      role: "auditor",
      username,
      displayName: "双人控制审计员",
      departmentId: amr,
      reason: "审计科新进人员",
    });
  const account = (username: string) =>
    t.database.db.selectFrom("accounts").selectAll().where("username", "=", username).executeTakeFirst();
  const entries = async (type: string, subject?: string) => {
    await t.app.auditLog.flush();
    const q = new URLSearchParams({ type, ...(subject && { subject }) });
    const res = await call("GET", `/api/audit/v1/search?${q}`, auditorA.headers);
    return res.json().entries as { entry: { actor: string; subject: string } }[];
  };

  it("a security admin proposes an auditor account; the auditors are asked; nothing exists yet", async () => {
    const res = await proposeAuditor("auditor.new");
    expect(res.statusCode).toBe(201);
    const p = res.json();
    expect(p).toMatchObject({ action: "create", role: "auditor", status: "pending", proposedBy: secAdmin.id });
    expect(new Date(p.expiresAt).getTime() - new Date(p.proposedAt).getTime()).toBe(24 * 3_600_000);
    expect(await account("auditor.new")).toBeUndefined();
    const notices = await t.database.db
      .selectFrom("notifications")
      .select("recipient_account_id")
      .where("subject", "=", `account_proposal:${p.id}`)
      .execute();
    expect(notices.map((n) => n.recipient_account_id).sort()).toEqual([auditorA.id, auditorB.id].sort());
    // both duties read the list; no system administrator does
    for (const h of [secAdmin.headers, auditorA.headers])
      expect((await call("GET", `${BASE}?status=pending`, h)).json().items.map((x: { id: string }) => x.id)).toContain(
        p.id,
      );
    expect((await call("GET", BASE, platformAdmin)).statusCode).toBe(403);
    expect((await entries("identity.dual_control.proposed", `account_proposal:${p.id}`))[0].entry.actor).toBe(
      `staff:${secAdmin.id}`,
    );
  });

  it("an auditor approves: the account exists with a one-time password shown once, enrolment at first login", async () => {
    const p = (await proposeAuditor("auditor.approved")).json();
    const res = await call("POST", `${BASE}/${p.id}/approve`, auditorA.headers);
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    const { proposal, oneTimePassword } = res.json();
    expect(proposal).toMatchObject({ status: "approved", decidedBy: auditorA.id });
    expect(oneTimePassword).toMatch(/^.{32,}$/);
    const made = await account("auditor.approved");
    expect(made?.id).toBe(proposal.accountId);
    expect(made?.password_hash).toMatch(/^\$argon2id\$/);
    expect(made?.password_must_change).toBe(true); // the approver knows it: replaced at the first login
    const roles = await t.database.db
      .selectFrom("staff_roles")
      .selectAll()
      .where("account_id", "=", made?.id ?? "")
      .execute();
    expect(roles.map((r) => [r.role, r.granted_by])).toEqual([["auditor", `dual_control:${p.id}`]]);

    const login = await call(
      "POST",
      "/api/identity/staff/login",
      {},
      { username: "auditor.approved", password: oneTimePassword },
    );
    expect(login.json()).toEqual({ next: "mfa_enroll" });

    // The password is nowhere but in that answer: not in the proposal, the notices, or the logs.
    const proposalRow = await t.database.db
      .selectFrom("account_proposals")
      .selectAll()
      .where("id", "=", p.id)
      .execute();
    const notices = await t.database.db.selectFrom("notifications").selectAll().execute();
    expect(JSON.stringify([proposalRow, notices, logs])).not.toContain(oneTimePassword);

    const created = await entries("identity.staff.created", `account:${made?.id}`);
    expect(created.map((e) => e.entry.actor)).toEqual([`staff:${auditorA.id}`]);
    expect(await entries("identity.dual_control.approved", `account_proposal:${p.id}`)).toHaveLength(1);
    const toProposer = await t.database.db
      .selectFrom("notifications")
      .select(["recipient_account_id", "kind"])
      .where("subject", "=", `account_proposal:${p.id}`)
      .where("kind", "=", "identity.dual_control.approved")
      .execute();
    expect(toProposer.map((n) => n.recipient_account_id)).toEqual([secAdmin.id]);

    const again = await call("POST", `${BASE}/${p.id}/approve`, auditorB.headers);
    expect([again.statusCode, again.json().code]).toEqual([409, "DUAL_CONTROL_NOT_PENDING"]);
  });

  it("two approvals at once create exactly one account", async () => {
    const p = (await proposeAuditor("auditor.race")).json();
    const [a, b] = await Promise.all([
      call("POST", `${BASE}/${p.id}/approve`, auditorA.headers),
      call("POST", `${BASE}/${p.id}/approve`, auditorB.headers),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.statusCode === 409)?.json().code).toBe("DUAL_CONTROL_NOT_PENDING");
    const made = await t.database.db
      .selectFrom("accounts")
      .select("id")
      .where("username", "=", "auditor.race")
      .execute();
    expect(made).toHaveLength(1);
    expect(await entries("identity.dual_control.approved", `account_proposal:${p.id}`)).toHaveLength(1);
  });

  it("an auditor refuses: nothing is created, the proposer is told, a refusal needs a note", async () => {
    const p = (await proposeAuditor("auditor.refused")).json();
    const bare = await call("POST", `${BASE}/${p.id}/refuse`, auditorB.headers, {});
    expect(bare.statusCode).toBe(400);
    const res = await call("POST", `${BASE}/${p.id}/refuse`, auditorB.headers, { note: "身份材料不全" });
    expect(res.json()).toMatchObject({ status: "refused", decidedBy: auditorB.id, decisionNote: "身份材料不全" });
    expect(await account("auditor.refused")).toBeUndefined();
    const late = await call("POST", `${BASE}/${p.id}/approve`, auditorA.headers);
    expect([late.statusCode, late.json().code]).toEqual([409, "DUAL_CONTROL_NOT_PENDING"]);
    expect(await entries("identity.dual_control.refused", `account_proposal:${p.id}`)).toHaveLength(1);
  });

  it("an undecided proposal expires at its time (the clock moves, the timer job runs); it cannot be approved after", async () => {
    const p = (await proposeAuditor("auditor.expired")).json();
    clock.advance(23 * 3_600_000);
    await t.app.platform.jobs.runDue();
    expect((await call("GET", `${BASE}/${p.id}`, auditorA.headers)).json().status).toBe("pending");
    clock.advance(3_600_000);
    expect(await t.app.platform.jobs.runDue()).toBeGreaterThanOrEqual(1);
    expect((await call("GET", `${BASE}/${p.id}`, auditorA.headers)).json().status).toBe("expired");
    const late = await call("POST", `${BASE}/${p.id}/approve`, auditorA.headers);
    expect([late.statusCode, late.json().code]).toEqual([409, "DUAL_CONTROL_NOT_PENDING"]);
    expect(await account("auditor.expired")).toBeUndefined();
    const expired = await entries("identity.dual_control.expired", `account_proposal:${p.id}`);
    expect(expired.map((e) => e.entry.actor)).toEqual(["system"]);
  });

  it("refuses: a second pending proposal for a name, a taken name, a platform admin proposing, a security admin deciding, bad input", async () => {
    await proposeAuditor("auditor.twice");
    const twice = await proposeAuditor("auditor.twice");
    expect([twice.statusCode, twice.json().code]).toEqual([409, "DUAL_CONTROL_DUPLICATE"]);
    const taken = await proposeAuditor(secAdmin.username);
    expect([taken.statusCode, taken.json().code]).toEqual([409, "USERNAME_TAKEN"]);
    const byAdmin = await proposeAuditor("auditor.byadmin", platformAdmin);
    expect([byAdmin.statusCode, byAdmin.json().code]).toEqual([403, "FORBIDDEN"]);
    const byAuditor = await proposeAuditor("auditor.byauditor", auditorA.headers);
    expect([byAuditor.statusCode, byAuditor.json().code]).toEqual([403, "FORBIDDEN"]);
    const p = (await proposeAuditor("auditor.selfdecide")).json();
    const bySecAdmin = await call("POST", `${BASE}/${p.id}/approve`, secAdmin.headers);
    expect([bySecAdmin.statusCode, bySecAdmin.json().code]).toEqual([403, "FORBIDDEN"]);
    const bad = await call("POST", BASE, secAdmin.headers, { action: "create", role: "platform_admin", username: "x" });
    expect(bad.statusCode).toBe(400);
    const missing = await call("POST", `${BASE}/00000000-0000-4000-8000-000000000000/approve`, auditorA.headers);
    expect([missing.statusCode, missing.json().code]).toEqual([404, "DUAL_CONTROL_NOT_FOUND"]);
  });

  it("the proposer cannot decide even when holding both roles (only possible outside the API)", async () => {
    const both = await createStaff(t, { roles: ["security_admin", "auditor"] });
    const p = (await proposeAuditor("auditor.bothroles", both.headers)).json();
    const res = await call("POST", `${BASE}/${p.id}/approve`, both.headers);
    expect([res.statusCode, res.json().code]).toEqual([403, "DUAL_CONTROL_SAME_PERSON"]);
    expect(await account("auditor.bothroles")).toBeUndefined();
  });

  it("disabling an auditor: the auditor concerned cannot decide, another approves; sessions end", async () => {
    const leaving = await createStaff(t, { roles: ["auditor"] });
    const propose = () =>
      call("POST", BASE, secAdmin.headers, {
        action: "disable",
        role: "auditor",
        accountId: leaving.id,
        reason: "调离",
      });
    const p = (await propose()).json();
    expect(p).toMatchObject({ action: "disable", targetAccountId: leaving.id, status: "pending" });
    const twice = await propose();
    expect([twice.statusCode, twice.json().code]).toEqual([409, "DUAL_CONTROL_DUPLICATE"]);
    const own = await call("POST", `${BASE}/${p.id}/approve`, leaving.headers);
    expect([own.statusCode, own.json().code]).toEqual([403, "DUAL_CONTROL_SAME_PERSON"]);
    const res = await call("POST", `${BASE}/${p.id}/approve`, auditorA.headers);
    expect(res.json()).toMatchObject({
      oneTimePassword: null,
      proposal: { status: "approved", accountId: leaving.id },
    });
    expect((await account(leaving.username))?.status).toBe("disabled");
    expect((await call("GET", "/api/identity/me", leaving.headers)).statusCode).toBe(401);
    // a role the account does not hold, or an account already disabled
    const wrongRole = await call("POST", BASE, secAdmin.headers, {
      action: "disable",
      role: "security_admin",
      accountId: auditorB.id,
      reason: "角色不符",
    });
    expect([wrongRole.statusCode, wrongRole.json().code]).toEqual([409, "DUAL_CONTROL_TARGET_INVALID"]);
    const again = await call("POST", BASE, secAdmin.headers, {
      action: "disable",
      role: "auditor",
      accountId: leaving.id,
      reason: "再次停用",
    });
    expect([again.statusCode, again.json().code]).toEqual([409, "DUAL_CONTROL_TARGET_INVALID"]);
  });

  it("a security admin account by dual control; its proposer cannot propose disabling themselves", async () => {
    const p = (
      await call("POST", BASE, secAdmin.headers, {
        action: "create",
        role: "security_admin",
        username: "secadmin.second",
        displayName: "第二安全管理员",
        departmentId: amr,
        reason: "轮值",
      })
    ).json();
    const res = await call("POST", `${BASE}/${p.id}/approve`, auditorB.headers);
    expect(res.statusCode).toBe(200);
    const made = await account("secadmin.second");
    const roles = await t.database.db
      .selectFrom("staff_roles")
      .select("role")
      .where("account_id", "=", made?.id ?? "")
      .execute();
    expect(roles.map((r) => r.role)).toEqual(["security_admin"]);
    const self = await call("POST", BASE, secAdmin.headers, {
      action: "disable",
      role: "security_admin",
      accountId: secAdmin.id,
      reason: "自己停用自己",
    });
    expect([self.statusCode, self.json().code]).toEqual([400, "CANNOT_CHANGE_SELF"]);
  });
});
