import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from "fastify";
import { PlatformErrors } from "../errors.js";
import { can, type Permission, type Principal, type PrincipalKind, type RealnameLevel } from "./permissions.js";

/**
 * The authorization guard. Routes declare what they need next to themselves:
 *
 *   app.post("/", { preHandler: app.authorize("org.department.manage"), ... }, handler)
 *   app.get("/me", { preHandler: app.authenticate({ kinds: ["citizen"] }), ... }, handler)
 *
 * Who the caller is comes from credential resolvers that the identity module registers (session cookie,
 * OAuth bearer token): the platform knows the Principal shape and the permission model, not how accounts
 * are stored. The first resolver that recognises the request wins; an Authorization header that no
 * resolver accepts is 401 AUTH_INVALID rather than silently anonymous.
 */

export type CredentialResolver = (request: FastifyRequest) => Promise<Principal | null>;

export interface AuthorizeOptions {
  /** The department the action concerns, for department-scoped roles (e.g. from a route parameter). */
  department?: (request: FastifyRequest) => string | null | undefined | Promise<string | null | undefined>;
}

export interface AuthenticateOptions {
  kinds?: readonly PrincipalKind[];
  /** Minimum real-name level (实名认证等级) of a citizen. */
  minLevel?: RealnameLevel;
}

declare module "fastify" {
  interface FastifyInstance {
    authorize(permission: Permission, options?: AuthorizeOptions): preHandlerAsyncHookHandler;
    authenticate(options?: AuthenticateOptions): preHandlerAsyncHookHandler;
    auth: {
      addResolver(resolver: CredentialResolver): void;
      /** The caller, or null when anonymous; memoised per request. */
      principalOf(request: FastifyRequest): Promise<Principal | null>;
      /** Every route registered after the guard, with its guards (none = public). */
      routes(): readonly GuardedRoute[];
    };
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/**
 * The request's principal lookup, memoised on the request itself (a decorated slot, so every request keeps
 * one object shape) rather than in a WeakMap: each request in a WeakMap is an ephemeron the garbage
 * collector has to trace, which the lightest route paid on every call.
 */
const RESOLVED = Symbol("yiwang.principal-lookup");
type Memo = { [RESOLVED]: Promise<Principal | null> | null };
/** Marks the hooks made by authorize/authenticate, so onRoute can run them before validation. */
const AUTH_HOOK = Symbol("yiwang.auth-hook");
type RouteGuard = { permission: Permission } | { authenticate: AuthenticateOptions };
type MarkedHook = preHandlerAsyncHookHandler & { [AUTH_HOOK]?: RouteGuard };
function mark(hook: preHandlerAsyncHookHandler, guard: RouteGuard): preHandlerAsyncHookHandler {
  (hook as MarkedHook)[AUTH_HOOK] = guard;
  return hook;
}

/** A route and what its guard requires (tests walk these to prove every route refuses the wrong roles). */
export interface GuardedRoute {
  method: string;
  url: string;
  guards: RouteGuard[];
}

export function registerAuth(app: FastifyInstance) {
  const resolvers: CredentialResolver[] = [];

  async function resolve(request: FastifyRequest): Promise<Principal | null> {
    for (const r of resolvers) {
      const p = await r(request);
      if (p) return p;
    }
    if (request.headers.authorization) throw PlatformErrors.AUTH_INVALID();
    return null;
  }

  function principalOf(request: FastifyRequest): Promise<Principal | null> {
    const memo = request as unknown as Memo;
    memo[RESOLVED] ??= resolve(request);
    return memo[RESOLVED];
  }

  app.decorateRequest("principal", null);
  app.decorateRequest(RESOLVED as unknown as string, null);
  // Routes declare `preHandler: app.authorize(...)`; the check itself runs at preValidation, so an
  // anonymous or unauthorised caller learns nothing from validation errors (401/403 come first).
  app.addHook("onRoute", (route) => {
    const pre = route.preHandler;
    const hooks = (Array.isArray(pre) ? pre : pre ? [pre] : []) as MarkedHook[];
    const auth = hooks.filter((h) => h[AUTH_HOOK]);
    // A guard may also sit in onRequest (uploads: refuse before reading the body); it stays there.
    const early = route.onRequest;
    const onRequest = ((Array.isArray(early) ? early : early ? [early] : []) as MarkedHook[]).filter(
      (h) => h[AUTH_HOOK],
    );
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      const guards = [...onRequest, ...auth].map((h) => h[AUTH_HOOK] as RouteGuard);
      routes.push({ method, url: route.url, guards });
    }
    if (auth.length === 0) return;
    route.preHandler = hooks.filter((h) => !h[AUTH_HOOK]) as typeof route.preHandler;
    const existing = route.preValidation;
    const before = Array.isArray(existing) ? existing : existing ? [existing] : [];
    route.preValidation = [...auth, ...before] as typeof route.preValidation;
  });
  const routes: GuardedRoute[] = [];
  app.decorate("auth", {
    addResolver: (r: CredentialResolver) => void resolvers.push(r),
    principalOf,
    routes: () => routes,
  });

  app.decorate("authenticate", (options: AuthenticateOptions = {}): preHandlerAsyncHookHandler => {
    return mark(
      async (request) => {
        const principal = await principalOf(request);
        if (!principal) throw PlatformErrors.AUTH_REQUIRED();
        if (options.kinds && !options.kinds.includes(principal.kind)) throw PlatformErrors.FORBIDDEN();
        if (options.minLevel && principal.realnameLevel < options.minLevel)
          throw PlatformErrors.REALNAME_LEVEL_REQUIRED({
            required: options.minLevel,
            current: principal.realnameLevel,
          });
        request.principal = principal;
      },
      { authenticate: options },
    );
  });

  app.decorate("authorize", (permission: Permission, options: AuthorizeOptions = {}): preHandlerAsyncHookHandler => {
    return mark(
      async (request) => {
        const principal = await principalOf(request);
        if (!principal) throw PlatformErrors.AUTH_REQUIRED();
        const department = options.department ? await options.department(request) : undefined;
        if (!can(principal, permission, department)) throw PlatformErrors.FORBIDDEN({ permission });
        request.principal = principal;
      },
      { permission },
    );
  });
}

/** Throws 403 unless the principal holds the permission for that department (checks made in services). */
export function assertCan(principal: Principal, permission: Permission, departmentId?: string | null) {
  if (!can(principal, permission, departmentId)) throw PlatformErrors.FORBIDDEN({ permission });
}

/** The audit actor of an authorised request, e.g. "staff:<uuid>", "client:<client id>". */
export function actorOf(request: FastifyRequest): string {
  const p = request.principal;
  return p ? `${p.kind}:${p.id}` : "anonymous";
}

/** The identity acted for, for the audit entry: "enterprise:<USCC>" while a person acts for one. */
export function actingForOf(request: FastifyRequest): string | null {
  const a = request.principal?.actingFor;
  return a ? `enterprise:${a.uscc}` : null;
}

/** The principal of a request that passed `authorize`/`authenticate` (a bug otherwise). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw PlatformErrors.AUTH_REQUIRED();
  return request.principal;
}
