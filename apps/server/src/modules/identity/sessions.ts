import { createHash, randomBytes } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type { ActingFor, Principal, RealnameLevel, Role } from "../../platform/auth/permissions.js";
import type { AppConfig } from "../../platform/config.js";
import type { DB } from "../../platform/db/schema.js";
import type { SessionStage } from "./db.js";
import { type LiveSessionRow, SessionRepository, type SessionRow } from "./sessions.repository.js";

export const SESSION_COOKIE = "yw_session";
/** A half-authenticated step (second factor, forced password change) gets a few minutes, not a whole session. */
const STEP_LIFETIME_MS = 10 * 60_000;
/** Writing last_seen_at on every request would make every read a write; once a minute is enough. */
const TOUCH_AFTER_MS = 60_000;

export interface ClientContext {
  ip: string;
  userAgent: string | null;
}

export function clientContext(request: FastifyRequest): ClientContext {
  const ua = request.headers["user-agent"];
  return { ip: request.ip, userAgent: typeof ua === "string" ? ua.slice(0, 300) : null };
}

function hashToken(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}

/**
 * Sessions behind an httpOnly, SameSite=Lax cookie holding 32 random bytes; the database keeps only the
 * token's SHA-256, so a leaked table cannot be replayed. Idle timeout (SESSION_IDLE_MINUTES) and absolute
 * timeout (SESSION_ABSOLUTE_HOURS) are enforced by the lookup itself. SameSite=Lax plus a JSON-only API
 * (a cross-site form cannot send application/json without a CORS preflight we never grant) is the CSRF
 * defence; Lax still sends the cookie on top-level navigations, which OIDC single sign-on needs.
 */
export class SessionService {
  readonly repo: SessionRepository;
  constructor(
    db: Kysely<DB>,
    private readonly config: AppConfig["identity"],
  ) {
    this.repo = new SessionRepository(db);
  }

  get idleMinutes() {
    return this.config.sessionIdleMinutes;
  }

  #lifetimeMs(stage: SessionStage): number {
    return stage === "active" ? this.config.sessionAbsoluteHours * 3_600_000 : STEP_LIFETIME_MS;
  }

  /** Starts a session and sets its cookie. */
  async start(
    reply: FastifyReply,
    accountId: string,
    stage: "active" | "mfa_pending",
    authMethod: string,
    ctx: ClientContext,
    db?: Kysely<DB>,
  ): Promise<SessionRow> {
    const token = randomBytes(32).toString("base64url");
    const lifetimeMs = this.#lifetimeMs(stage);
    const row = await this.repo.insert(
      {
        token_hash: hashToken(token),
        account_id: accountId,
        stage,
        auth_method: authMethod,
        expires_at: new Date(Date.now() + lifetimeMs),
        ip: ctx.ip,
        user_agent: ctx.userAgent,
      },
      db,
    );
    this.setCookie(reply, { row, token });
    return row;
  }

  /**
   * Replaces a session by a new one with a new token (OWASP ASVS 3.2.1: a new token when authentication
   * completes or privileges change), in the caller's transaction: the old token stops working when it
   * commits. `fresh` starts the new stage's lifetime now (the full one for a login that just completed, ten
   * minutes for a step still half-way); otherwise the new session keeps the old one's end. Set the cookie with `setCookie` after the transaction commits.
   */
  async rotate(
    sessionId: string,
    changes: { stage?: SessionStage; authMethod?: string; actingFor?: string | null; fresh?: boolean },
    trx: Kysely<DB>,
  ): Promise<IssuedSession> {
    const old = await this.repo.revokeReturning(sessionId, trx);
    if (!old) throw new Error(`session ${sessionId} is not live`);
    const token = randomBytes(32).toString("base64url");
    const expiresAt = changes.fresh
      ? new Date(Date.now() + this.#lifetimeMs(changes.stage ?? old.stage))
      : old.expires_at;
    const row = await this.repo.insert(
      {
        token_hash: hashToken(token),
        account_id: old.account_id,
        stage: changes.stage ?? old.stage,
        auth_method: changes.authMethod ?? old.auth_method,
        acting_for: changes.actingFor === undefined ? old.acting_for : changes.actingFor,
        expires_at: expiresAt,
        ip: old.ip,
        user_agent: old.user_agent,
      },
      trx,
    );
    return { row, token };
  }

  /** Sets the cookie of an issued session, for the rest of its lifetime. */
  setCookie(reply: FastifyReply, issued: IssuedSession) {
    const maxAge = Math.max(0, Math.floor((issued.row.expires_at.getTime() - Date.now()) / 1000));
    reply.setCookie(SESSION_COOKIE, issued.token, {
      path: "/",
      httpOnly: true,
      sameSite: "lax",
      secure: this.config.cookieSecure,
      maxAge,
    });
  }

  clearCookie(reply: FastifyReply) {
    reply.clearCookie(SESSION_COOKIE, { path: "/", httpOnly: true, sameSite: "lax", secure: this.config.cookieSecure });
  }

  #token(request: FastifyRequest): string | null {
    const token = request.cookies?.[SESSION_COOKIE];
    return token && token.length <= 100 ? token : null;
  }

  /** The live session behind the request's cookie (any stage), or null. */
  async live(request: FastifyRequest): Promise<LiveSessionRow | null> {
    const token = this.#token(request);
    if (!token) return null;
    const row = await this.repo.findLive(hashToken(token), this.config.sessionIdleMinutes);
    if (!row) return null;
    if (Date.now() - row.last_seen_at.getTime() > TOUCH_AFTER_MS) await this.repo.touch(row.session_id);
    return row;
  }

  /** Credential resolver for the auth guard: an active (second factor passed) session's principal. */
  async principal(request: FastifyRequest): Promise<Principal | null> {
    const row = await this.live(request);
    if (row?.stage !== "active") return null;
    return toPrincipal(row);
  }
}

/** A session and its token (the token is never stored; only its hash is). */
export interface IssuedSession {
  row: SessionRow;
  token: string;
}

export function toPrincipal(row: LiveSessionRow): Principal {
  let actingFor: ActingFor | null = null;
  if (row.acting_for && row.enterprise_uscc && row.enterprise_name) {
    if (row.is_representative) {
      actingFor = {
        enterpriseId: row.acting_for,
        uscc: row.enterprise_uscc,
        name: row.enterprise_name,
        as: "representative",
        scopes: ["*"],
      };
    } else if (row.agent_scopes) {
      actingFor = {
        enterpriseId: row.acting_for,
        uscc: row.enterprise_uscc,
        name: row.enterprise_name,
        as: "agent",
        scopes: row.agent_scopes,
      };
    }
  }
  return {
    kind: row.kind,
    id: row.account_id,
    sessionId: row.session_id,
    displayName: row.display_name,
    roles: (row.kind === "staff" ? (row.roles ?? []) : []) as Role[],
    departmentId: row.kind === "staff" ? row.department_id : null,
    realnameLevel: row.realname_level as RealnameLevel,
    actingFor,
    scopes: [],
  };
}
