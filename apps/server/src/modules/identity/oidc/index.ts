/**
 * The OpenID Connect provider of the identity module (oidc-provider): discovery at
 * /.well-known/openid-configuration, endpoints under /oidc/*, the /sso/:uid interaction API, client
 * registration for platform administrators, and bearer tokens of machine clients on the platform's APIs.
 */
import type { FastifyInstance } from "fastify";
import type { DepartmentService } from "../../org/index.js";
import { PersonalDataAccess } from "../personal-data.js";
import type { SessionService } from "../sessions.js";
import { OidcAccounts } from "./accounts.js";
import { OidcClientRepository } from "./clients.repository.js";
import { OidcClientService } from "./clients.service.js";
import { SigningKeyStore } from "./keys.js";
import { pinOrigin } from "./provider.js";
import { oidcClientRoutes, oidcInteractionRoutes } from "./routes.js";
import { OidcService } from "./service.js";

export { cleanExpired } from "./adapter.js";
export { OidcClientService } from "./clients.service.js";
export { SigningKeyStore } from "./keys.js";
export { OidcService } from "./service.js";

export interface OidcModule {
  oidc: OidcService;
  clients: OidcClientService;
}

const modules = new WeakMap<FastifyInstance, OidcModule>();
/** The OIDC module of an app (for the CLI and tests). */
export function oidcOf(app: FastifyInstance): OidcModule {
  const m = modules.get(app);
  if (!m) throw new Error("the OIDC module is not registered on this app");
  return m;
}

export async function registerOidc(
  app: FastifyInstance,
  deps: { sessions: SessionService; departments: DepartmentService },
): Promise<OidcModule> {
  const { db, pii, audit, config } = app.platform;
  const box = app.platform.crypto.box;
  const clientRepo = new OidcClientRepository(db, box);
  const keys = new SigningKeyStore(db, box);
  const accounts = new OidcAccounts(db, new PersonalDataAccess(db, pii, audit));
  const oidc = new OidcService({
    config,
    box,
    db,
    clients: clientRepo,
    keys,
    sessions: deps.sessions,
    accounts,
    audit,
    departments: deps.departments,
    log: (err) => app.log.warn({ err }, "oidc: ending the platform session failed"),
  });
  const clients = new OidcClientService({
    db,
    repo: clientRepo,
    box,
    audit,
    departments: deps.departments,
    production: config.env === "production",
  });

  // The provider is a Koa app: hand it the raw request with the body unread.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (_req, _payload, done) => done(null));
    const handler = async (req: import("fastify").FastifyRequest, reply: import("fastify").FastifyReply) => {
      const h = await oidc.handler();
      reply.hijack();
      h(pinOrigin(req.raw, config.publicUrl, config.trustProxy), reply.raw);
    };
    scope.get("/.well-known/openid-configuration", { schema: { hide: true } }, handler);
    scope.all("/oidc/*", { schema: { hide: true } }, handler);
  });

  app.auth.addResolver((request) => oidc.principalOf(request));
  await app.register(oidcInteractionRoutes, { prefix: "/api/identity/oidc/interactions", oidc });
  await app.register(oidcClientRoutes, { prefix: "/api/identity/oidc/clients", clients });
  const module = { oidc, clients };
  modules.set(app, module);
  return module;
}
