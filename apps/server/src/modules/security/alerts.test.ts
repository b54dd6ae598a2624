import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { createStaff, type Headers, loginAs, type TestStaff } from "../../test-support/identity.js";
import { verifyLog } from "../audit/index.js";
import { DeniedBursts } from "./detector.js";
import { reportAuditVerifyFailure } from "./index.js";

/**
 * Security alerts (安全告警): repeated lockouts, bursts of refused requests and a failed audit verification
 * raise an alert, stored once per kind and subject while open, with an in-app notice to every active
 * security admin; security admins acknowledge (audited), auditors read. Time moves on a TestClock.
 */
describe("security alerts", () => {
  let t: TestApp;
  const clock = new TestClock();
  let secAdmin: TestStaff;
  let secAdmin2: TestStaff;
  let auditor: Headers;
  let platformAdmin: Headers;

  beforeAll(async () => {
    t = await createTestApp({
      clock,
      env: {
        LOGIN_MAX_FAILURES: "1",
        SECURITY_LOCKOUT_ALERT_COUNT: "3",
        SECURITY_LOCKOUT_ALERT_MINUTES: "10",
        SECURITY_DENIED_ALERT_COUNT: "5",
        SECURITY_DENIED_ALERT_SECONDS: "60",
      },
    });
    secAdmin = await createStaff(t, { roles: ["security_admin"] });
    secAdmin2 = await createStaff(t, { roles: ["security_admin"] });
    auditor = await loginAs(t, "auditor");
    platformAdmin = await loginAs(t, "platform_admin");
  });
  afterAll(() => t.close());

  const alerts = async (kind: string) => {
    const res = await t.app.inject({
      method: "GET",
      url: `/api/security/alerts?kind=${kind}`,
      headers: secAdmin.headers,
    });
    expect(res.statusCode).toBe(200);
    return res.json().items as {
      id: string;
      subject: string;
      occurrences: number;
      detections: number;
      acknowledgedAt: string | null;
    }[];
  };
  const noticesTo = (accountId: string, kind: string) =>
    t.database.db
      .selectFrom("notifications")
      .select("subject")
      .where("recipient_account_id", "=", accountId)
      .where("kind", "=", kind)
      .execute();
  /** Locks a fresh staff account with one wrong password (LOGIN_MAX_FAILURES=1) and delivers the event. */
  const lockOne = async () => {
    const s = await createStaff(t, { roles: ["window_clerk"] });
    const res = await t.app.inject({
      method: "POST",
      url: "/api/identity/staff/login",
      payload: { username: s.username, password: "Wrong-Passw0rd!" },
    });
    expect(res.json().code).toBe("ACCOUNT_LOCKED");
    while ((await t.app.platform.jobs.runDue()) > 0);
    return s;
  };

  describe("repeated lockouts", () => {
    it("lockouts spread wider than the window raise nothing; three within ten minutes raise one alert and notify every security admin", async () => {
      await lockOne();
      clock.advance(6 * 60_000);
      await lockOne();
      clock.advance(6 * 60_000); // the first lockout has left the window
      await lockOne();
      expect(await alerts("lockouts")).toEqual([]);

      const third = await lockOne(); // three within the window now
      const [alert] = await alerts("lockouts");
      expect(alert).toMatchObject({ subject: "*", occurrences: 3, detections: 1, acknowledgedAt: null });
      for (const s of [secAdmin, secAdmin2])
        expect(await noticesTo(s.id, "security.alert.lockouts")).toEqual([{ subject: `security_alert:${alert.id}` }]);
      const details = (await t.app.inject({ method: "GET", url: "/api/security/alerts", headers: auditor })).json();
      expect(details.items[0].details.accounts).toContain(third.id);
    });

    it("a further lockout while the alert is open adds to it: one alert, one notice", async () => {
      await lockOne();
      const list = await alerts("lockouts");
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ occurrences: 4, detections: 2 });
      expect(await noticesTo(secAdmin.id, "security.alert.lockouts")).toHaveLength(1);
    });

    it("a security admin acknowledges it (audited, once); the next burst raises a new alert", async () => {
      const [alert] = await alerts("lockouts");
      const url = `/api/security/alerts/${alert.id}/acknowledge`;
      const byAuditor = await t.app.inject({ method: "POST", url, headers: auditor, payload: {} });
      expect([byAuditor.statusCode, byAuditor.json().code]).toEqual([403, "FORBIDDEN"]);
      const res = await t.app.inject({
        method: "POST",
        url,
        headers: secAdmin.headers,
        payload: { note: "已核实：密码喷洒，已封禁来源" },
      });
      expect(res.json()).toMatchObject({
        acknowledgedBy: secAdmin.id,
        acknowledgeNote: "已核实：密码喷洒，已封禁来源",
      });
      const again = await t.app.inject({ method: "POST", url, headers: secAdmin2.headers, payload: {} });
      expect([again.statusCode, again.json().code]).toEqual([409, "SECURITY_ALERT_ACKNOWLEDGED"]);
      const missing = await t.app.inject({
        method: "POST",
        url: "/api/security/alerts/00000000-0000-4000-8000-000000000000/acknowledge",
        headers: secAdmin.headers,
        payload: {},
      });
      expect([missing.statusCode, missing.json().code]).toEqual([404, "SECURITY_ALERT_NOT_FOUND"]);
      await t.app.auditLog.flush();
      const seen = await t.app.inject({
        method: "GET",
        url: `/api/audit/v1/search?type=security.alert.acknowledged&subject=security_alert:${alert.id}`,
        headers: auditor,
      });
      expect(seen.json().entries.map((e: { entry: { actor: string } }) => e.entry.actor)).toEqual([
        `staff:${secAdmin.id}`,
      ]);

      await lockOne(); // still three in the window (the clock has not moved)
      const list = await alerts("lockouts");
      expect(list.map((a) => a.acknowledgedAt === null).sort()).toEqual([false, true]);
      expect(await noticesTo(secAdmin.id, "security.alert.lockouts")).toHaveLength(2);
    });
  });

  describe("bursts of refused requests", () => {
    const refused = (headers: Headers, ip: string) =>
      t.app.inject({ method: "GET", url: "/api/admin/jobs/dead", headers, remoteAddress: ip });

    it("one actor refused five times within a minute → an alert for the actor and one for the IP; fewer, or slower, raise nothing", async () => {
      const clerk = await createStaff(t, { roles: ["window_clerk"] });
      for (let i = 0; i < 4; i++) expect((await refused(clerk.headers, "198.51.100.7")).statusCode).toBe(403);
      clock.advance(61_000); // the first four leave the window
      for (let i = 0; i < 4; i++) await refused(clerk.headers, "198.51.100.7");
      expect(await alerts("permission_denied")).toEqual([]);
      await refused(clerk.headers, "198.51.100.7");
      const subjects = (await alerts("permission_denied")).map((a) => a.subject).sort();
      expect(subjects).toEqual([`actor:staff:${clerk.id}`, "ip:198.51.100.7"]);
      expect(await noticesTo(secAdmin.id, "security.alert.permission_denied")).toHaveLength(2);

      for (let i = 0; i < 5; i++) await refused(clerk.headers, "198.51.100.7");
      const again = await alerts("permission_denied");
      expect(again.map((a) => [a.occurrences, a.detections])).toEqual([
        [10, 2],
        [10, 2],
      ]);
      expect(await noticesTo(secAdmin.id, "security.alert.permission_denied")).toHaveLength(2);
    });

    it("answers other than 403 are not counted (401 to the anonymous); a 403 counts by IP, whoever is refused", async () => {
      for (let i = 0; i < 5; i++) {
        const res = await t.app.inject({ method: "GET", url: "/api/admin/jobs/dead", remoteAddress: "203.0.113.9" });
        expect(res.statusCode).toBe(401);
      }
      expect((await alerts("permission_denied")).map((a) => a.subject)).not.toContain("ip:203.0.113.9");
      const supervisor = await createStaff(t, { roles: ["supervisor"] });
      for (let i = 0; i < 5; i++) await refused(supervisor.headers, "203.0.113.9");
      expect((await alerts("permission_denied")).map((a) => a.subject)).toContain("ip:203.0.113.9");
    });

    it("the in-memory counter is bounded: at most maxKeys keys, the least recently refused forgotten first", () => {
      const c = new TestClock();
      const counter = new DeniedBursts(c, 3, 60_000, 100);
      for (let i = 0; i < 1000; i++) counter.hit(`ip:10.0.${i >> 8}.${i & 255}`);
      expect(counter.size).toBe(100);
      expect([counter.hit("k"), counter.hit("k"), counter.hit("k"), counter.hit("k")]).toEqual([
        false,
        false,
        true,
        false,
      ]);
      c.advance(60_000);
      expect([counter.hit("k"), counter.hit("k")]).toEqual([false, false]); // the earlier hit left the window
    });
  });

  describe("audit verification failures", () => {
    it("a log that does not verify raises an alert for the security admins; a second failure adds to it", async () => {
      await t.app.auditLog.flush();
      const intact = await verifyLog(t.app.auditLog);
      expect(intact.ok).toBe(true);
      // The log is append-only (a trigger): tampering takes someone who can change the schema first.
      await sql`alter table audit_entries disable trigger user`.execute(t.database.db);
      await sql`update audit_entries set actor = 'x' where leaf_index = 3`.execute(t.database.db);
      await sql`alter table audit_entries enable trigger user`.execute(t.database.db);
      const report = await verifyLog(t.app.auditLog);
      expect(report.ok).toBe(false);
      const deps = { db: t.database.db, audit: t.app.platform.audit, notify: t.app.platform.notify, clock };
      const first = await reportAuditVerifyFailure(deps, report);
      expect(first.opened).toBe(true);
      expect(first.alert).toMatchObject({ kind: "audit_verify_failed", subject: "audit-log" });
      expect(String(first.alert.details.first)).toContain("entry 3");
      const second = await reportAuditVerifyFailure(deps, report);
      expect([second.opened, second.alert.id, second.alert.occurrences]).toEqual([false, first.alert.id, 2]);
      expect(await noticesTo(secAdmin2.id, "security.alert.audit_verify_failed")).toHaveLength(1);
      // auditors read the alerts; system administrators do not
      const byAuditor = await t.app.inject({
        method: "GET",
        url: "/api/security/alerts?kind=audit_verify_failed",
        headers: auditor,
      });
      expect(byAuditor.json().items).toHaveLength(1);
      const byAdmin = await t.app.inject({ method: "GET", url: "/api/security/alerts", headers: platformAdmin });
      expect(byAdmin.statusCode).toBe(403);
    });
  });
});
