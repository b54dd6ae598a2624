import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from "fastify";
import { PlatformErrors } from "../errors.js";

/**
 * Authorization seam. Every route that changes data declares the permission it needs, next to the route:
 *
 *   app.post("/", { preHandler: app.authorize("org.department.manage"), ... }, handler)
 *
 * ─────────────────────────────────────────────────────────────────────────────────────────────────────
 * STUB UNTIL THE IDENTITY MODULE LANDS (issue #3). The only principal that exists is a development
 * platform admin, presented as `Authorization: Bearer <DEV_ADMIN_TOKEN>`. In production the stub is
 * off (config.devAdminToken is undefined), so every guarded route answers 401 there. Identity replaces
 * `resolvePrincipal` with real sessions/tokens and `can` with the role + department-scope model.
 * ─────────────────────────────────────────────────────────────────────────────────────────────────────
 */

export type Permission = "org.department.manage" | "calendar.manage";

export interface Principal {
  id: string;
  kind: "staff";
  roles: string[];
  departmentId: string | null;
}

const DEV_ADMIN: Principal = { id: "dev-admin", kind: "staff", roles: ["platform_admin"], departmentId: null };

/** What each role may do. The dev admin is a platform admin and may do everything declared so far. */
const ROLE_PERMISSIONS: Record<string, readonly Permission[]> = {
  platform_admin: ["org.department.manage", "calendar.manage"],
};

function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function resolvePrincipal(request: FastifyRequest, devAdminToken: string | undefined): Principal | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const m = /^Bearer (.+)$/.exec(header);
  if (!m || !devAdminToken || !tokenMatches(m[1], devAdminToken)) throw PlatformErrors.AUTH_INVALID();
  return DEV_ADMIN;
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

export function registerAuth(app: FastifyInstance, devAdminToken: string | undefined) {
  app.decorateRequest("principal", null);
  app.decorate("authorize", (permission: Permission): preHandlerAsyncHookHandler => {
    return async (request) => {
      const principal = resolvePrincipal(request, devAdminToken);
      if (!principal) throw PlatformErrors.AUTH_REQUIRED();
      if (!can(principal, permission)) throw PlatformErrors.FORBIDDEN({ permission });
      request.principal = principal;
    };
  });
}
