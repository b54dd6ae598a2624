import { createHmac } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import Provider, { type Configuration, interactionPolicy, type JWK } from "oidc-provider";
import type { AppConfig } from "../../../platform/config.js";
import type { SecretBox } from "../../../platform/crypto/secret-box.js";
import type { DB } from "../../../platform/db/schema.js";
import type { AuditLog } from "../../audit/index.js";
import { SESSION_COOKIE, type SessionService, toPrincipal } from "../sessions.js";
import type { LiveSessionRow } from "../sessions.repository.js";
import type { OidcAccounts } from "./accounts.js";
import { postgresAdapter } from "./adapter.js";
import type { OidcClientRepository } from "./clients.repository.js";
import type { SigningKeyStore } from "./keys.js";

/**
 * The provider builds every URL it publishes (discovery, redirects, the resume URL) from the request's
 * origin: Host, or X-Forwarded-Host/-Proto when it trusts a proxy. Both are whatever a client sends, so
 * before the provider sees a request its origin is pinned to PUBLIC_URL — discovery never lists another
 * host, nor http for an https issuer. (The provider runs with `proxy = true` so that the pinned protocol
 * counts; the client address it would then read from X-Forwarded-For is dropped unless TRUST_PROXY.)
 */
export function pinOrigin(raw: IncomingMessage, publicUrl: string, trustProxy: boolean): IncomingMessage {
  const origin = new URL(publicUrl);
  raw.headers.host = origin.host;
  raw.headers["x-forwarded-host"] = origin.host;
  raw.headers["x-forwarded-proto"] = origin.protocol.slice(0, -1);
  if (!trustProxy) delete raw.headers["x-forwarded-for"];
  return raw;
}

/** Where the provider's endpoints live (the issuer is PUBLIC_URL itself, so discovery is at the root). */
export const OIDC_ROUTES = {
  authorization: "/oidc/auth",
  token: "/oidc/token",
  jwks: "/oidc/jwks",
  userinfo: "/oidc/me",
  end_session: "/oidc/session/end",
  revocation: "/oidc/token/revocation",
  introspection: "/oidc/token/introspection",
  pushed_authorization_request: "/oidc/request",
  registration: "/oidc/reg",
  backchannel_authentication: "/oidc/backchannel",
  code_verification: "/oidc/device",
  device_authorization: "/oidc/device/auth",
  challenge: "/oidc/challenge",
  credential: "/oidc/credential",
} as const;

/** Real-name levels (实名认证等级) as ACR values. */
export const acrOf = (level: number) => `urn:yiwang:loa:${level}`;
export const ACR_VALUES = [1, 2, 3].map(acrOf);

/**
 * The OIDC "account id" of a platform session: the account, plus the enterprise it acts for when it
 * acts for one (`<account>~<enterprise>`), so an enterprise context is its own sign-in and its own
 * consent. `sub` is computed from the account part only (see pairwiseIdentifier).
 */
export function oidcAccountId(row: LiveSessionRow): string {
  const p = toPrincipal(row);
  return p.actingFor ? `${row.account_id}~${p.actingFor.enterpriseId}` : row.account_id;
}

export function parseAccountId(id: string): { accountId: string; enterpriseId: string | null } {
  const [accountId, enterpriseId] = id.split("~");
  return { accountId, enterpriseId: enterpriseId ?? null };
}

/** The live platform session behind a raw request's cookie header (the provider runs on the raw request). */
export async function liveSessionOfCookie(
  sessions: SessionService,
  token: string | undefined,
): Promise<LiveSessionRow | null> {
  if (!token) return null;
  return sessions.live({ cookies: { [SESSION_COOKIE]: token } } as unknown as FastifyRequest);
}

function esc(s: unknown): string {
  return String(s).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;background:#f5f5f5;margin:0;padding:48px 16px}.c{max-width:420px;margin:0 auto;background:#fff;border-radius:8px;padding:24px 32px;box-shadow:0 1px 4px rgba(0,0,0,.1)}h1{font-size:20px}button{font-size:15px;padding:8px 16px;margin:8px 8px 0 0;border-radius:6px;border:1px solid #1677ff;cursor:pointer}button.p{background:#1677ff;color:#fff}.m{color:#666;font-size:13px}</style></head><body><div class="c">${body}</div></body></html>`;
}

export interface ProviderDeps {
  config: AppConfig;
  /** Seals the identifiers of sessions and device codes at rest (see postgresAdapter). */
  box: SecretBox;
  db: Kysely<DB>;
  clients: OidcClientRepository;
  keys: SigningKeyStore;
  sessions: SessionService;
  accounts: OidcAccounts;
  audit: AuditLog;
  log?: (err: unknown) => void;
}

async function endPlatformSession(deps: ProviderDeps, token: string) {
  const live = await liveSessionOfCookie(deps.sessions, token);
  if (!live) return;
  await deps.db.transaction().execute(async (trx) => {
    if (!(await deps.sessions.repo.revoke(live.account_id, live.session_id, trx))) return;
    await deps.audit.append(
      {
        type: "identity.logout",
        actor: `${live.kind}:${live.account_id}`,
        subject: `session:${live.session_id}`,
        payload: { via: "oidc_end_session" },
      },
      trx,
    );
  });
}

/** A key derived from SESSION_SECRET for one purpose. */
export function derivedKey(secret: string, purpose: string): Buffer {
  return createHmac("sha256", secret).update(`yiwang-oidc:${purpose}`).digest();
}

/** Builds a provider over the given signing keys (rebuilt when the published key set changes). */
export function buildProvider(deps: ProviderDeps, jwks: { keys: JWK[] }): Provider {
  const { config, sessions, accounts } = deps;
  const pairwiseKey = derivedKey(config.secrets.sessionSecret, "pairwise");
  const secure = config.identity.cookieSecure;

  const policy = interactionPolicy.base();
  // Single sign-on follows the platform session: when the platform session behind the browser ended or now
  // belongs to someone else (or another enterprise context), the provider asks for a login again.
  policy.get("login")?.checks.add(
    new interactionPolicy.Check("platform_session_changed", "the platform session ended or changed", async (ctx) => {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
      const live = await liveSessionOfCookie(sessions, ctx.cookies.get(SESSION_COOKIE, { signed: false }));
      if (live?.stage !== "active" || oidcAccountId(live) !== accountId) return interactionPolicy.Check.REQUEST_PROMPT;
      return interactionPolicy.Check.NO_NEED_TO_PROMPT;
    }),
  );

  const configuration: Configuration = {
    adapter: postgresAdapter(deps.db, deps.clients, {
      idKey: derivedKey(config.secrets.sessionSecret, "artefact-ids"),
      box: deps.box,
    }),
    jwks: { keys: jwks.keys },
    routes: OIDC_ROUTES,
    cookies: {
      keys: [derivedKey(config.secrets.sessionSecret, "cookies").toString("base64url")],
      long: { signed: true, httpOnly: true, sameSite: "lax", secure },
      short: { signed: true, httpOnly: true, sameSite: "lax", secure },
      names: { session: "yw_oidc_session", interaction: "yw_oidc_interaction", resume: "yw_oidc_resume" },
    },
    interactions: {
      policy,
      url(ctx, interaction) {
        // The /sso page's JSON API needs the interaction cookie too: the provider scopes its cookie to the
        // page's path, so set the same (signed) cookie for the API path of this one interaction.
        ctx.cookies.set(ctx.oidc.provider.cookieName("interaction"), interaction.uid, {
          path: `/api/identity/oidc/interactions/${interaction.uid}`,
          signed: true,
          httpOnly: true,
          sameSite: "lax",
          secure,
          maxAge: (interaction.exp - Math.floor(Date.now() / 1000)) * 1000,
        });
        return `/sso/${interaction.uid}`;
      },
    },
    clientDefaults: {
      grant_types: ["authorization_code"],
      id_token_signed_response_alg: "RS256",
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
    clientAuthMethods: ["client_secret_basic", "client_secret_post"],
    responseTypes: ["code"],
    pkce: { required: () => true },
    subjectTypes: ["public", "pairwise"],
    async pairwiseIdentifier(_ctx, accountId, client) {
      const person = parseAccountId(accountId).accountId;
      return createHmac("sha256", pairwiseKey).update(`${client.sectorIdentifier}|${person}`).digest("base64url");
    },
    acrValues: ACR_VALUES,
    claims: {
      acr: null,
      auth_time: null,
      sid: null,
      iss: null,
      // acr (the real-name level) always travels in the ID token.
      openid: ["sub", "acr"],
      profile: ["name", "realname_level"],
      enterprise: ["enterprise"],
      id_number: ["id_number"],
    },
    scopes: [
      "openid",
      "offline_access",
      "profile",
      "enterprise",
      "id_number",
      "identity.realname.check",
      "exchange.call",
    ],
    conformIdTokenClaims: true,
    findAccount: (ctx, id) => accounts.findAccount(ctx, id),
    issueRefreshToken: async (_ctx, client, code) =>
      client.grantTypeAllowed("refresh_token") && code.scopes.has("openid"),
    // Every refresh spends the refresh token and returns a new one (reuse is detectable).
    rotateRefreshToken: true,
    ttl: {
      AccessToken: 900,
      AuthorizationCode: 60,
      ClientCredentials: 600,
      IdToken: 3600,
      Interaction: 900,
      RefreshToken: 7 * 24 * 3600,
      Grant: 180 * 24 * 3600,
      Session: config.identity.sessionAbsoluteHours * 3600,
    },
    clientBasedCORS: () => false,
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: {
        enabled: true,
        // A client may introspect only its own tokens.
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          const name = ctx.oidc.client?.clientName ?? "";
          ctx.body = page(
            "退出登录 / Sign out",
            `<h1>退出统一身份认证登录？</h1><p class="m">Sign out of the platform's single sign-on${name ? ` (requested by ${esc(name)})` : ""}?</p>${form}<button class="p" autofocus type="submit" form="op.logoutForm" value="yes" name="logout">退出 / Sign out</button><button type="submit" form="op.logoutForm">保持登录 / Stay signed in</button>`,
          );
        },
        async postLogoutSuccessSource(ctx) {
          ctx.body = page("已退出 / Signed out", `<h1>您已安全退出</h1><p class="m">You have signed out.</p>`);
        },
      },
    },
    async renderError(ctx, out) {
      ctx.type = "html";
      ctx.body = page(
        "登录请求出错 / Sign-in error",
        `<h1>登录请求无法完成</h1><p class="m">The sign-in request could not be completed.</p>${Object.entries(out)
          .map(([k, v]) => `<p class="m"><strong>${esc(k)}</strong>: ${esc(v)}</p>`)
          .join("")}`,
      );
    },
  };

  const provider = new Provider(config.publicUrl, configuration);
  provider.proxy = true; // every request's origin is pinned first (pinOrigin)
  // A confirmed RP-initiated logout ends the platform session of that browser too (single logout). The
  // provider also passes through this endpoint on its own when a browser signs in as someone else (or
  // for another enterprise) — it then continues to the authorization endpoint, and the platform session,
  // which is the new identity, stays.
  const resumePrefix = `${config.publicUrl}${OIDC_ROUTES.authorization}/`;
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.method !== "POST" || ctx.path !== `${OIDC_ROUTES.end_session}/confirm` || ctx.status !== 303) return;
    const location = ctx.response.get("location");
    if (location.startsWith(resumePrefix)) return;
    const token = ctx.cookies.get(SESSION_COOKIE, { signed: false });
    if (token) await endPlatformSession(deps, token).catch((err) => deps.log?.(err));
  });
  return provider;
}
