import type { FastifyReply } from "fastify";
import type { Kysely } from "kysely";
import type { Clock } from "../../platform/clock/clock.js";
import type { AppConfig } from "../../platform/config.js";
import type { PiiCipher } from "../../platform/crypto/pii.js";
import type { SecretBox } from "../../platform/crypto/secret-box.js";
import type { DB } from "../../platform/db/schema.js";
import { type ErrorFactory, PlatformErrors } from "../../platform/errors.js";
import type { AuditLog, EventPublisher } from "../../platform/ports.js";
import type { RateLimiter } from "../../platform/rate-limit.js";
import { AccountRepository, type AccountRow } from "./accounts.repository.js";
import { IdentityErrors } from "./errors.js";
import { publishLockout } from "./lockout-event.js";
import { type PasswordChangeReason, passwordChangeReason } from "./password-expiry.js";
import { PasswordHistory } from "./password-history.js";
import { assertStrongPassword, hashPassword, verifyPassword } from "./passwords.js";
import type { ClientContext, IssuedSession, SessionService } from "./sessions.js";
import type { LiveSessionRow } from "./sessions.repository.js";
import type { SmsCodes, SmsPurpose } from "./sms/codes.js";
import { checkTotp, newTotpSecret, otpauthUri } from "./totp.js";

export interface AuthDeps {
  db: Kysely<DB>;
  pii: PiiCipher;
  audit: AuditLog;
  rateLimiter: RateLimiter;
  sessions: SessionService;
  sms: SmsCodes;
  config: AppConfig;
  /** Seals TOTP secrets (the crypto suite's box: AES-256-GCM or SM4-GCM). */
  box: SecretBox;
  /** Publishes `identity.account.locked` (the security alert detector counts lockouts). */
  events: EventPublisher;
  clock: Clock;
}

/** The end of a staff login's second factor: a session, and whether a new password is needed first. */
export interface SecondFactorPassed {
  issued: IssuedSession;
  passwordChangeRequired: PasswordChangeReason | null;
}

/**
 * Every way in: citizen registration (SMS-verified phone + password), password and SMS-code login, staff
 * login with a TOTP second factor, logout, password change and reset. Each login path is rate limited per
 * client IP and per account (PostgreSQL counters, shared by all processes) and failed passwords lock the
 * account after LOGIN_MAX_FAILURES. Successes and failures are audited.
 */
export class AuthService {
  readonly accounts: AccountRepository;
  readonly #totpBox: SecretBox;
  readonly #history: PasswordHistory;
  constructor(private readonly d: AuthDeps) {
    this.accounts = new AccountRepository(d.db);
    this.#history = new PasswordHistory(d.db, d.config.identity.passwordHistory);
    this.#totpBox = d.box;
  }

  get #limits() {
    return this.d.config.identity;
  }

  async #limitIp(ctx: ClientContext) {
    await this.d.rateLimiter.hit(`login:ip:${ctx.ip}`, this.#limits.loginRatePerIp, 60);
  }

  async #limitAccount(key: string) {
    await this.d.rateLimiter.hit(`login:acct:${key}`, this.#limits.loginRatePerAccount, 60);
  }

  #phoneKey(phone: string) {
    return this.d.pii.blindIndex("phone", phone).subarray(0, 16).toString("hex");
  }

  #assertUsable(account: AccountRow) {
    this.#assertActive(account);
    if (account.locked_until && account.locked_until.getTime() > Date.now()) {
      throw IdentityErrors.ACCOUNT_LOCKED({
        retryAfterSeconds: Math.ceil((account.locked_until.getTime() - Date.now()) / 1000),
      });
    }
  }

  #assertActive(account: AccountRow) {
    if (account.status !== "active") throw IdentityErrors.ACCOUNT_DISABLED();
  }

  /**
   * Counts a failed password or TOTP check (locking the account at the limit), audits it, and throws:
   * ACCOUNT_LOCKED when this failure locked it, else `wrong` (LOGIN_FAILED, or MFA_INVALID for a code).
   */
  async #failed(
    account: AccountRow | undefined,
    method: string,
    ctx: ClientContext,
    wrong: ErrorFactory = IdentityErrors.LOGIN_FAILED,
  ): Promise<never> {
    if (account) {
      const { locked } = await this.accounts.recordFailedLogin(
        account.id,
        this.#limits.loginMaxFailures,
        this.#limits.loginLockMinutes,
      );
      const entry = {
        type: locked ? "identity.account.locked" : "identity.login.failed",
        actor: `${account.kind}:${account.id}`,
        subject: `account:${account.id}`,
        payload: { method, ip: ctx.ip },
      };
      if (locked) {
        await this.d.db.transaction().execute(async (trx) => {
          await this.d.audit.append(entry, trx);
          await publishLockout(this.d.events, trx, account, ctx.ip);
        });
      } else await this.d.audit.append(entry);
      if (locked) {
        throw IdentityErrors.ACCOUNT_LOCKED({ retryAfterSeconds: this.#limits.loginLockMinutes * 60 });
      }
    } else {
      await this.d.audit.append({ type: "identity.login.failed", actor: "anonymous", payload: { method, ip: ctx.ip } });
    }
    throw wrong();
  }

  async #succeeded(account: AccountRow, method: string, ctx: ClientContext, reply: FastifyReply) {
    // Staff failures (password and TOTP together) are cleared only when the second factor passes.
    if (account.kind !== "staff") await this.accounts.clearFailedLogins(account.id);
    const stage = account.kind === "staff" ? "mfa_pending" : "active";
    return this.d.db.transaction().execute(async (trx) => {
      const session = await this.d.sessions.start(reply, account.id, stage, method, ctx, trx);
      await this.d.audit.append(
        {
          type: stage === "active" ? "identity.login.succeeded" : "identity.login.password_ok",
          actor: `${account.kind}:${account.id}`,
          subject: `session:${session.id}`,
          payload: { method, ip: ctx.ip },
        },
        trx,
      );
      return session;
    });
  }

  // ── SMS ────────────────────────────────────────────────────────────────────────────────────────────
  /**
   * Sends a code. For "login" and "reset_password" nothing is sent to a number without an account, and the
   * answer is the same either way, so the endpoint does not tell who is registered.
   */
  async sendSms(phone: string, purpose: SmsPurpose, ctx: ClientContext) {
    await this.d.rateLimiter.hit(`sms:ip:${ctx.ip}`, this.#limits.sms.ratePerIp, 3600);
    await this.d.rateLimiter.hit(`sms:phone:${this.#phoneKey(phone)}`, this.#limits.sms.ratePerPhone, 3600);
    const exists = (await this.accounts.findCitizenByPhone(this.d.pii.blindIndex("phone", phone))) !== undefined;
    if (purpose !== "register" && !exists) {
      return { expiresInSeconds: this.#limits.sms.codeTtlSeconds, resendAfterSeconds: this.#limits.sms.resendSeconds };
    }
    return this.d.sms.issue(phone, purpose);
  }

  // ── Citizens ───────────────────────────────────────────────────────────────────────────────────────
  async register(
    input: { phone: string; code: string; password: string; displayName?: string },
    ctx: ClientContext,
    reply: FastifyReply,
  ) {
    await this.#limitIp(ctx);
    const bidx = this.d.pii.blindIndex("phone", input.phone);
    if (await this.accounts.findCitizenByPhone(bidx)) throw IdentityErrors.PHONE_TAKEN();
    assertStrongPassword(input.password, [input.phone, input.phone.slice(-6)], this.#limits.passwordPolicy);
    await this.d.sms.consume(input.phone, "register", input.code);
    const passwordHash = await hashPassword(input.password);
    return this.d.db.transaction().execute(async (trx) => {
      const account = await this.accounts.insert(
        {
          kind: "citizen",
          display_name: input.displayName ?? `用户${input.phone.slice(-4)}`,
          phone_enc: this.d.pii.encrypt("phone", input.phone),
          phone_bidx: bidx,
          password_hash: passwordHash,
          password_set_at: this.d.clock.now(),
        },
        trx,
      );
      const session = await this.d.sessions.start(reply, account.id, "active", "register", ctx, trx);
      await this.d.audit.append(
        { type: "identity.citizen.registered", actor: `citizen:${account.id}`, subject: `account:${account.id}` },
        trx,
      );
      return { account, session };
    });
  }

  async loginWithPassword(input: { phone: string; password: string }, ctx: ClientContext, reply: FastifyReply) {
    await this.#limitIp(ctx);
    await this.#limitAccount(this.#phoneKey(input.phone));
    const account = await this.accounts.findCitizenByPhone(this.d.pii.blindIndex("phone", input.phone));
    if (account) this.#assertUsable(account);
    if (!(await verifyPassword(account?.password_hash ?? null, input.password)) || !account) {
      return this.#failed(account, "password", ctx);
    }
    return this.#succeeded(account, "password", ctx, reply);
  }

  async loginWithSms(input: { phone: string; code: string }, ctx: ClientContext, reply: FastifyReply) {
    await this.#limitIp(ctx);
    await this.#limitAccount(this.#phoneKey(input.phone));
    const account = await this.accounts.findCitizenByPhone(this.d.pii.blindIndex("phone", input.phone));
    if (!account) throw IdentityErrors.SMS_CODE_INVALID();
    // The lock guards the password, not the phone: with it, anyone who knows a citizen's number could keep
    // them out by typing five wrong passwords. SMS login has its own limits (five tries per code, codes
    // per phone and per IP, logins per account and per IP).
    this.#assertActive(account);
    await this.d.sms.consume(input.phone, "login", input.code);
    return this.#succeeded(account, "sms", ctx, reply);
  }

  async resetPassword(input: { phone: string; code: string; password: string }, ctx: ClientContext) {
    await this.#limitIp(ctx);
    const account = await this.accounts.findCitizenByPhone(this.d.pii.blindIndex("phone", input.phone));
    if (!account) throw IdentityErrors.SMS_CODE_INVALID();
    assertStrongPassword(input.password, [input.phone, input.phone.slice(-6)], this.#limits.passwordPolicy);
    await this.#history.assertNew(account.id, account.password_hash, input.password);
    await this.d.sms.consume(input.phone, "reset_password", input.code);
    const passwordHash = await hashPassword(input.password);
    await this.d.db.transaction().execute(async (trx) => {
      await this.#history.remember(account.id, account.password_hash, trx);
      await this.accounts.update(
        account.id,
        {
          password_hash: passwordHash,
          password_set_at: this.d.clock.now(),
          password_must_change: false,
          failed_logins: 0,
          locked_until: null,
        },
        trx,
      );
      await this.d.sessions.repo.revokeAll(account.id, null, trx);
      await this.d.audit.append(
        { type: "identity.password.reset", actor: `citizen:${account.id}`, subject: `account:${account.id}` },
        trx,
      );
    });
  }

  async changePassword(accountId: string, sessionId: string | null, current: string, password: string) {
    const account = await this.accounts.findById(accountId);
    if (!account) throw PlatformErrors.AUTH_REQUIRED();
    if (!(await verifyPassword(account.password_hash, current))) throw IdentityErrors.PASSWORD_WRONG();
    const personal = account.phone_enc ? [this.d.pii.decrypt("phone", account.phone_enc)] : [];
    if (account.username) personal.push(account.username);
    assertStrongPassword(password, personal, this.#limits.passwordPolicy);
    await this.#history.assertNew(account.id, account.password_hash, password);
    const passwordHash = await hashPassword(password);
    await this.d.db.transaction().execute(async (trx) => {
      await this.#history.remember(account.id, account.password_hash, trx);
      await this.accounts.update(
        account.id,
        { password_hash: passwordHash, password_set_at: this.d.clock.now(), password_must_change: false },
        trx,
      );
      // Other sessions end: whoever knew the old password is out.
      await this.d.sessions.repo.revokeAll(account.id, sessionId, trx);
      await this.d.audit.append(
        { type: "identity.password.changed", actor: `${account.kind}:${account.id}`, subject: `account:${account.id}` },
        trx,
      );
    });
  }

  // ── Staff: password, then TOTP ─────────────────────────────────────────────────────────────────────
  async staffLogin(input: { username: string; password: string }, ctx: ClientContext, reply: FastifyReply) {
    await this.#limitIp(ctx);
    await this.#limitAccount(`staff:${input.username}`);
    const account = await this.accounts.findStaffByUsername(input.username);
    if (account) this.#assertUsable(account);
    if (!(await verifyPassword(account?.password_hash ?? null, input.password)) || !account) {
      return this.#failed(account, "staff_password", ctx);
    }
    await this.#succeeded(account, "staff_password", ctx, reply);
    return { next: account.totp_enabled_at ? ("mfa_verify" as const) : ("mfa_enroll" as const) };
  }

  #pendingAccount(session: LiveSessionRow | null) {
    if (session?.stage !== "mfa_pending") throw IdentityErrors.MFA_REQUIRED();
    return session;
  }

  /** A new TOTP secret for a staff member half-way through their first login (shown once). */
  async mfaEnrollment(session: LiveSessionRow | null) {
    const s = this.#pendingAccount(session);
    const account = await this.accounts.findById(s.account_id);
    if (!account) throw IdentityErrors.MFA_REQUIRED();
    if (account.totp_enabled_at) throw IdentityErrors.MFA_ALREADY_ENROLLED();
    const secret = newTotpSecret();
    await this.accounts.update(account.id, {
      totp_secret_enc: this.#totpBox.seal(Buffer.from(secret), `totp:${account.id}`),
    });
    return { secret, otpauthUri: otpauthUri(secret, account.username ?? account.id) };
  }

  async #checkCode(account: AccountRow, code: string, ctx: ClientContext): Promise<void> {
    if (!account.totp_secret_enc) throw IdentityErrors.MFA_NOT_ENROLLED();
    const secret = this.#totpBox.open(account.totp_secret_enc, `totp:${account.id}`).toString();
    const step = checkTotp(secret, code, account.totp_last_step);
    if (step === null || !(await this.accounts.acceptTotpStep(account.id, step))) {
      await this.#failed(account, "totp", ctx, IdentityErrors.MFA_INVALID);
    }
  }

  /**
   * Completes enrolment with the first code from the authenticator, and the login with it (or holds it for
   * a new password: `#secondFactorPassed`).
   */
  async mfaEnroll(session: LiveSessionRow | null, code: string, ctx: ClientContext): Promise<SecondFactorPassed> {
    const s = this.#pendingAccount(session);
    await this.#limitAccount(`mfa:${s.account_id}`);
    const account = await this.accounts.findById(s.account_id);
    if (!account) throw IdentityErrors.MFA_REQUIRED();
    this.#assertUsable(account);
    if (account.totp_enabled_at) throw IdentityErrors.MFA_ALREADY_ENROLLED();
    await this.#checkCode(account, code, ctx);
    await this.accounts.clearFailedLogins(account.id);
    return this.d.db.transaction().execute(async (trx) => {
      await this.accounts.update(account.id, { totp_enabled_at: new Date() }, trx);
      await this.d.audit.append(
        { type: "identity.mfa.enrolled", actor: `staff:${account.id}`, subject: `account:${account.id}` },
        trx,
      );
      return this.#secondFactorPassed(account, s.session_id, ctx, trx);
    });
  }

  /**
   * The second factor passed: the half-authenticated session (10 minutes, password only) is replaced by a
   * new one with a new token and the full session lifetime, so a token seen before the second factor is
   * worth nothing after it.
   */
  #completeLogin(pendingSessionId: string, trx: Kysely<DB>): Promise<IssuedSession> {
    return this.d.sessions.rotate(pendingSessionId, { stage: "active", authMethod: "password+totp", fresh: true }, trx);
  }

  async mfaVerify(session: LiveSessionRow | null, code: string, ctx: ClientContext): Promise<SecondFactorPassed> {
    const s = this.#pendingAccount(session);
    await this.#limitAccount(`mfa:${s.account_id}`);
    const account = await this.accounts.findById(s.account_id);
    if (!account) throw IdentityErrors.MFA_REQUIRED();
    this.#assertUsable(account);
    if (!account.totp_enabled_at) throw IdentityErrors.MFA_NOT_ENROLLED();
    await this.#checkCode(account, code, ctx);
    await this.accounts.clearFailedLogins(account.id);
    return this.d.db.transaction().execute((trx) => this.#secondFactorPassed(account, s.session_id, ctx, trx));
  }

  /**
   * Both factors passed. Either the login completes (a new token, the full lifetime), or — the password
   * expired (STAFF_PASSWORD_MAX_AGE_DAYS) or was issued by someone else — the session becomes
   * `password_change`: a new token again, ten minutes, and it authorises nothing but setting a new password
   * (`changeExpiredPassword`). The change comes after both factors, not between them: asked after the
   * password alone, whoever had stolen an old password could set a new one without the authenticator and
   * lock the owner out; asked here, only someone holding both factors can, and nothing else is usable until
   * they have.
   */
  async #secondFactorPassed(
    account: AccountRow,
    pendingSessionId: string,
    ctx: ClientContext,
    trx: Kysely<DB>,
  ): Promise<SecondFactorPassed> {
    const reason = passwordChangeReason(account, this.#limits.staffPassword, this.d.clock.now());
    if (reason) {
      const issued = await this.d.sessions.rotate(pendingSessionId, { stage: "password_change", fresh: true }, trx);
      // The log keeps only a hash of the payload, so the reason is in the type, where auditors read it.
      await this.d.audit.append(
        {
          type: reason === "expired" ? "identity.staff.password_expired" : "identity.staff.password_one_time",
          actor: `staff:${account.id}`,
          subject: `account:${account.id}`,
          payload: { reason, passwordSetAt: account.password_set_at.toISOString(), ip: ctx.ip },
        },
        trx,
      );
      return { issued, passwordChangeRequired: reason };
    }
    const issued = await this.#completeLogin(pendingSessionId, trx);
    await this.d.audit.append(
      {
        type: "identity.login.succeeded",
        actor: `staff:${account.id}`,
        subject: `session:${issued.row.id}`,
        payload: { method: "password+totp", ip: ctx.ip },
      },
      trx,
    );
    return { issued, passwordChangeRequired: null };
  }

  /**
   * The forced change at the end of a staff login (`password_change` session): the current password again
   * (a session taken over in those ten minutes is not enough), a new one that passes the strength rules,
   * differs from the current and from the last PASSWORD_HISTORY; then the login completes with a new token.
   * A wrong current password counts towards the lock like any wrong password.
   */
  async changeExpiredPassword(
    session: LiveSessionRow | null,
    input: { currentPassword: string; password: string },
    ctx: ClientContext,
  ): Promise<IssuedSession> {
    if (!session) throw PlatformErrors.AUTH_REQUIRED();
    if (session.stage === "mfa_pending") throw IdentityErrors.MFA_REQUIRED();
    if (session.stage !== "password_change") throw IdentityErrors.PASSWORD_CHANGE_NOT_REQUIRED();
    await this.#limitAccount(`pwchange:${session.account_id}`);
    const account = await this.accounts.findById(session.account_id);
    if (!account) throw PlatformErrors.AUTH_REQUIRED();
    this.#assertUsable(account);
    if (!(await verifyPassword(account.password_hash, input.currentPassword))) {
      return this.#failed(account, "password_change", ctx, IdentityErrors.PASSWORD_WRONG);
    }
    const reason = passwordChangeReason(account, this.#limits.staffPassword, this.d.clock.now()) ?? "expired";
    if (input.password === input.currentPassword) throw IdentityErrors.PASSWORD_REUSED();
    assertStrongPassword(input.password, [account.username ?? ""], this.#limits.passwordPolicy);
    await this.#history.assertNew(account.id, account.password_hash, input.password);
    const passwordHash = await hashPassword(input.password);
    return this.d.db.transaction().execute(async (trx) => {
      await this.#history.remember(account.id, account.password_hash, trx);
      await this.accounts.update(
        account.id,
        { password_hash: passwordHash, password_set_at: this.d.clock.now(), password_must_change: false },
        trx,
      );
      // Any other session of this account knew the old password: it ends (this one is rotated below).
      await this.d.sessions.repo.revokeAll(account.id, session.session_id, trx);
      const issued = await this.#completeLogin(session.session_id, trx);
      await this.d.audit.append(
        {
          type: "identity.staff.password_changed",
          actor: `staff:${account.id}`,
          subject: `account:${account.id}`,
          payload: { reason, ip: ctx.ip },
        },
        trx,
      );
      await this.d.audit.append(
        {
          type: "identity.login.succeeded",
          actor: `staff:${account.id}`,
          subject: `session:${issued.row.id}`,
          payload: { method: "password+totp", ip: ctx.ip },
        },
        trx,
      );
      return issued;
    });
  }

  async logout(session: LiveSessionRow | null) {
    if (!session) return;
    await this.d.db.transaction().execute(async (trx) => {
      await this.d.sessions.repo.revoke(session.account_id, session.session_id, trx);
      await this.d.audit.append(
        {
          type: "identity.logout",
          actor: `${session.kind}:${session.account_id}`,
          subject: `session:${session.session_id}`,
        },
        trx,
      );
    });
  }
}
