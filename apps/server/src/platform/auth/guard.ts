import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from "fastify";
import { PlatformErrors } from "../errors.js";

/**
 * Authorization seam. Every route that changes data declares the permission it needs, next to the route:
 *
 *   app.post("/", { preHandler: app.authorize("org.department.manage"), ... }, handler)
 *
 * ─────────────────────────────────────────────────────────────────────────────────────────────────────
 * STUB UNTIL THE IDENTITY MODULE LANDS (issue #3). The only principals that exist are a development
 * platform admin (`Authorization: Bearer <DEV_ADMIN_TOKEN>`) and a development auditor
 * (`Bearer <DEV_AUDITOR_TOKEN>`), kept apart as 三员分立 requires: the admin cannot read the audit log,
 * the auditor cannot change data. In production the stub is off (no dev tokens), so every guarded route
 * answers 401 there. Identity replaces `resolvePrincipal` with real sessions/tokens and `can` with the
 * role + department-scope model.
 * ─────────────────────────────────────────────────────────────────────────────────────────────────────
 */

export type Permission = "org.department.manage" | "calendar.manage" | "audit.read" | "audit.sign" | "catalog.manage";

export interface Principal {
  id: string;
  kind: "staff";
  roles: string[];
  departmentId: string | null;
}

const DEV_ADMIN: Principal = { id: "dev-admin", kind: "staff", roles: ["platform_admin"], departmentId: null };
const DEV_AUDITOR: Principal = { id: "dev-auditor", kind: "staff", roles: ["auditor"], departmentId: null };

export interface DevTokens {
  admin?: string;
  auditor?: string;
}

/** What each role may do. */
const ROLE_PERMISSIONS: Record<string, readonly Permission[]> = {
  platform_admin: ["org.department.manage", "calendar.manage", "audit.sign", "catalog.manage"],
  auditor: ["audit.read", "audit.sign"],
};

function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function resolvePrincipal(request: FastifyRequest, tokens: DevTokens): Principal | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const m = /^Bearer (.+)$/.exec(header);
  if (m && tokens.admin && tokenMatches(m[1], tokens.admin)) return DEV_ADMIN;
  if (m && tokens.auditor && tokenMatches(m[1], tokens.auditor)) return DEV_AUDITOR;
  throw PlatformErrors.AUTH_INVALID();
}

export function can(principal: Principal, permission: Permission): boolean {
  return principal.roles.some((r) => ROLE_PERMISSIONS[r]?.includes(permission));
}

declare module "fastify" {
  interface FastifyInstance {
    authorize(permission: Permission): preHandlerAsyncHookHandler;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function registerAuth(app: FastifyInstance, tokens: DevTokens) {
  app.decorateRequest("principal", null);
  app.decorate("authorize", (permission: Permission): preHandlerAsyncHookHandler => {
    return async (request) => {
      const principal = resolvePrincipal(request, tokens);
      if (!principal) throw PlatformErrors.AUTH_REQUIRED();
      if (!can(principal, permission)) throw PlatformErrors.FORBIDDEN({ permission });
      request.principal = principal;
    };
  });
}

/** The audit actor of an authorised request, e.g. "staff:dev-admin". */
export function actorOf(request: FastifyRequest): string {
  const p = request.principal;
  return p ? `${p.kind}:${p.id}` : "anonymous";
}
