import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, loginAs, registerCitizen } from "../../test-support/identity.js";
import { staffPrincipal } from "../../test-support/principals.js";
import type { GuardedRoute } from "./guard.js";
import { can, type Permission, ROLES, type Role } from "./permissions.js";

/**
 * The whole route table against the permission model: every write under /api is guarded or on the short
 * list of deliberately public ones (logging in cannot require being logged in), and every guarded route
 * answers 401 to the anonymous and 403 to each role — and to a citizen — that the model does not allow,
 * before it even validates the request. Module tests add the department-scope cases.
 */

const PUBLIC_WRITES = [
  "POST /api/identity/sms/send",
  "POST /api/identity/register",
  "POST /api/identity/login/password",
  "POST /api/identity/login/sms",
  "POST /api/identity/password/reset",
  "POST /api/identity/staff/login",
  "POST /api/identity/staff/mfa/enrollment",
  "POST /api/identity/staff/mfa/enroll",
  "POST /api/identity/staff/mfa/verify",
  "POST /api/identity/staff/login/new-password",
  "POST /api/identity/logout",
  // OIDC interactions are bound to the provider's own interaction cookie; login and consent also read the
  // platform session themselves (modules/identity/oidc).
  "POST /api/identity/oidc/interactions/:uid/login",
  "POST /api/identity/oidc/interactions/:uid/consent",
  "POST /api/identity/oidc/interactions/:uid/abort",
  // Anyone may verify a license (the QR code on a paper copy is scanned by whoever holds it).
  "POST /api/licenses/verify",
  "POST /api/licenses/verify/pdf",
  // …and a case's receipt or decision (文书) PDF, by its seal and SHA-256 (no personal data in the answer).
  "POST /api/cases/documents/verify",
  // 好差评 kiosk (评价器): the visit's random code stands for the person at the window.
  "POST /api/evaluation/kiosk/:token/evaluation",
  // 亮码核验: any gate or venue verifies a personal code (read-only; the scan at a window is guarded).
  "POST /api/onecode/verify",
  // 12345 portal: anyone may report a problem (signed in: linked to the caller); rate-limited per address.
  "POST /api/hotline/requests",
  // CKAN Action API: clients POST their parameters; every action only reads (conditional datasets check the key).
  // 缴费: the payment system's notification carries no session; its HMAC signature authenticates it.
  "POST /api/payments/notices",
  "POST /api/3/action/:action",
  "POST /api/action/:action",
];

const ZERO = "00000000-0000-4000-8000-000000000000";
function concrete(url: string): string {
  return url.replace(/:([A-Za-z]+)/g, (_m, name: string) => (/date/i.test(name) ? "2026-03-02" : ZERO));
}

describe("every route against the permission model", () => {
  let t: TestApp;
  const as = new Map<Role | "citizen", Headers>();
  let routes: GuardedRoute[];
  beforeAll(async () => {
    t = await createTestApp();
    for (const role of ROLES) as.set(role, await loginAs(t, role));
    as.set("citizen", (await registerCitizen(t)).headers);
    routes = t.app.auth.routes().filter((r) => r.url.startsWith("/api/") && r.method !== "HEAD");
  });
  afterAll(() => t.close());

  it("every write route is guarded, or deliberately public", () => {
    const writes = routes.filter((r) => !["GET", "OPTIONS"].includes(r.method));
    expect(writes.length).toBeGreaterThan(20);
    const unguarded = writes.filter((r) => r.guards.length === 0).map((r) => `${r.method} ${r.url}`);
    expect(unguarded.sort()).toEqual([...PUBLIC_WRITES].sort());
  });

  it("the help centre is a public read (answers before anyone signs in)", () => {
    const help = routes.find((r) => r.method === "GET" && r.url.replace(/\/$/, "") === "/api/help");
    expect(help?.guards).toEqual([]);
  });

  it("guarded routes: 401 anonymous, 403 for every role and a citizen the model refuses, never 403 for one it allows", async () => {
    const checked: string[] = [];
    for (const r of routes) {
      const guard = r.guards.find((g) => "permission" in g);
      const permission: Permission | undefined = guard && "permission" in guard ? guard.permission : undefined;
      if (!permission) continue;
      const url = concrete(r.url);
      const method = r.method as "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
      const payload = method === "GET" || method === "DELETE" ? undefined : {};
      const anon = await t.app.inject({ method, url, payload });
      expect([anon.statusCode, anon.json().code], `${method} ${url} anonymous`).toEqual([401, "AUTH_REQUIRED"]);
      for (const [who, headers] of as) {
        const res = await t.app.inject({ method, url, payload, headers });
        const allowed = who !== "citizen" && can(staffPrincipal(who), permission);
        if (allowed) {
          expect([401, 403], `${method} ${url} as ${who} (allowed: ${permission})`).not.toContain(res.statusCode);
        } else {
          expect([res.statusCode, res.json().code], `${method} ${url} as ${who} (${permission})`).toEqual([
            403,
            "FORBIDDEN",
          ]);
        }
      }
      checked.push(`${method} ${r.url}`);
    }
    // Admin routes of every module so far are in the table.
    expect(checked).toEqual(
      expect.arrayContaining([
        "POST /api/org/departments",
        "PUT /api/calendar/days/:date",
        "GET /api/audit/v1/get-entries",
        "POST /api/audit/v1/sign-tree-head",
        "POST /api/identity/staff",
        "POST /api/identity/citizens/:id/personal-data",
        "GET /api/admin/jobs/dead",
        "POST /api/admin/jobs/:id/retry",
        "POST /api/identity/staff/:id/mfa/reset",
        "POST /api/identity/staff/:id/unlock",
        "GET /api/identity/dual-control/proposals",
        "POST /api/identity/dual-control/proposals",
        "POST /api/identity/dual-control/proposals/:id/approve",
        "POST /api/identity/dual-control/proposals/:id/refuse",
        "GET /api/security/alerts",
        "POST /api/security/alerts/:id/acknowledge",
        "POST /api/evaluation/rectifications/:id/verify",
        "POST /api/evaluation/evaluations/:id/appeal",
        "POST /api/evaluation/appeals/:id/decide",
        "GET /api/evaluation/stats",
        "POST /api/onecode/scans",
        "GET /api/onecode/scans/:id",
        "POST /api/onecode/keys/rotate",
        "POST /api/onecode/keys/:kid/remove",
        "POST /api/appointments/check-in",
        "POST /api/appointments/window-types/:id/tickets",
        "POST /api/appointments/window-types/:id/call",
        "GET /api/appointments/window-types/:id/queue",
        "POST /api/appointments/halls",
        "POST /api/appointments/halls/:id/window-types",
        "PUT /api/appointments/window-types/:id",
        "GET /api/admin/notifications/templates",
        "POST /api/admin/notifications/templates",
        "GET /api/admin/notifications/deliveries",
        "POST /api/admin/notifications/deliveries/:id/resend",
        "POST /api/admin/notifications/webhooks",
        "GET /api/archives/packages",
        "GET /api/archives/packages/:id",
        "GET /api/archives/packages/:id/file",
        "POST /api/archives/packages/:id/check",
        "POST /api/archives/transfers",
        "POST /api/archives/exports",
        "POST /api/archives/exports/:id/receipt",
        "PUT /api/archives/retention-rules/:itemCode",
        "GET /api/archives/disposals",
        "POST /api/archives/packages/:id/disposals",
        "POST /api/archives/disposals/:id/approve-archivist",
        "POST /api/archives/disposals/:id/approve-supervisor",
        "POST /api/archives/disposals/:id/reject",
        "GET /api/archives/disposals/:id/verification",
        "POST /api/archives/packages/:id/loans",
        "GET /api/archives/loans",
        "POST /api/archives/loans/:id/approve",
        "POST /api/archives/loans/:id/reject",
        "GET /api/messaging/threads/:id/messages",
        "POST /api/messaging/threads/:id/messages",
        "POST /api/messaging/threads/:id/attachments",
        "GET /api/messaging/threads/:id/events",
        "POST /api/hotline/desk/requests",
        "POST /api/hotline/requests/:id/dispatch",
        "POST /api/hotline/requests/:id/return",
        "POST /api/hotline/requests/:id/answer",
        "POST /api/hotline/requests/:id/callback",
        "POST /api/hotline/open311/keys",
        "POST /api/opendata/datasets",
        "POST /api/opendata/applications/:id/decide",
        "POST /api/supervision/plans",
        "POST /api/supervision/plans/:id/commit",
        "POST /api/supervision/plans/:id/draw",
        "POST /api/supervision/inspectors",
        "POST /api/supervision/visits/:id/start",
        "POST /api/supervision/visits/:id/confirm",
        "POST /api/supervision/visits/:id/photos",
        "POST /api/supervision/visits/:id/publish",
        "POST /api/supervision/rectifications/:id/recheck",
        "GET /api/supervision/rectifications",
        "GET /api/supervision/dashboard",
        "POST /api/credit/records",
        "PUT /api/credit/punishment-rules/:itemCode",
        "PUT /api/credit/deferral-rules/:itemCode",
        "GET /api/cases/:id/credit",
        "GET /api/supervision/draws/:id/recusal",
        "POST /api/credit/repairs/:id/decide",
        "POST /api/hotline/field/reports",
        "POST /api/hotline/field/positions",
        "PUT /api/hotline/field/roster/:accountId",
        "GET /api/hotline/field/map",
        "GET /api/hotline/field/tracks/verify",
        "POST /api/hotline/field/events/:id/mobilise",
        "POST /api/hotline/requests/:id/extension",
        "POST /api/hotline/requests/:id/extension/decide",
        "PUT /api/indicators/registry",
        "GET /api/indicators/values",
        "GET /api/indicators/districts",
        "GET /api/indicators/export",
        "GET /api/indicators/drill",
        "GET /api/indicators/live",
        "POST /api/indicators/alerts",
        "PATCH /api/indicators/alerts/:id",
        "POST /api/indicators/alerts/:id/acknowledge",
        "POST /api/indicators/embeds",
        "POST /api/indicators/recompute",
        "POST /api/indicators/backfill",
        "POST /api/policies/benefits",
        "PUT /api/policies/benefits/:id/rules",
        "POST /api/policies/benefits/:id/publish",
        "POST /api/policies/match",
        "POST /api/policies/benefits/:id/entitlements/decide",
        "POST /api/policies/entitlements/:id/objection/answer",
      ]),
    );
    // Every guarded route × every role: well over 1,000 requests, beyond the default 30 s on a loaded machine.
  }, 120_000);

  it("routes for signed-in people refuse the anonymous, and the wrong kind of account", async () => {
    for (const r of routes) {
      const guard = r.guards.find((g) => "authenticate" in g);
      const auth = guard && "authenticate" in guard ? guard.authenticate : undefined;
      if (!auth) continue;
      const url = concrete(r.url);
      const method = r.method as "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
      const payload = method === "GET" || method === "DELETE" ? undefined : {};
      expect((await t.app.inject({ method, url, payload })).statusCode, `${method} ${url}`).toBe(401);
      if (auth.kinds && !auth.kinds.includes("staff")) {
        const res = await t.app.inject({ method, url, payload, headers: as.get("window_clerk") });
        expect(res.statusCode, `${method} ${url} as staff`).toBe(403);
      }
      if (auth.kinds && !auth.kinds.includes("citizen")) {
        const res = await t.app.inject({ method, url, payload, headers: as.get("citizen") });
        expect(res.statusCode, `${method} ${url} as citizen`).toBe(403);
      }
    }
  });

  it("an administrator cannot alter audit records: the audit API has no route that changes an entry", () => {
    const audit = routes.filter((r) => r.url.startsWith("/api/audit/")).map((r) => `${r.method} ${r.url}`);
    expect(audit.filter((r) => !r.startsWith("GET "))).toEqual(["POST /api/audit/v1/sign-tree-head"]);
    expect(can(staffPrincipal("platform_admin"), "audit.read")).toBe(false);
    expect(can(staffPrincipal("auditor"), "org.department.manage")).toBe(false);
    expect(can(staffPrincipal("auditor"), "identity.staff.manage")).toBe(false);
    // 三员分立: re-running background work is operating the platform; the auditor reads it in the log.
    expect(can(staffPrincipal("auditor"), "jobs.manage")).toBe(false);
    // The security admin (安全管理员) reads no trail and manages no accounts; the platform admin handles
    // no security events, unlocks or authenticators.
    expect(can(staffPrincipal("security_admin"), "audit.read")).toBe(false);
    expect(can(staffPrincipal("security_admin"), "identity.staff.manage")).toBe(false);
    expect(can(staffPrincipal("platform_admin"), "identity.staff.secure")).toBe(false);
    expect(can(staffPrincipal("platform_admin"), "security.alert.read")).toBe(false);
  });
});
