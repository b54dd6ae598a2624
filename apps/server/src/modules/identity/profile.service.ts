import { type Me, maskIdNumber, maskPhone, type SessionInfo } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { Principal } from "../../platform/auth/permissions.js";
import type { Clock } from "../../platform/clock/clock.js";
import type { PiiCipher } from "../../platform/crypto/pii.js";
import type { DB } from "../../platform/db/schema.js";
import { PlatformErrors } from "../../platform/errors.js";
import type { AuditLog } from "../../platform/ports.js";
import type { RateLimiter } from "../../platform/rate-limit.js";
import type { DepartmentService } from "../org/index.js";
import { AccountRepository, type AccountRow } from "./accounts.repository.js";
import { IdentityErrors } from "./errors.js";
import { passwordDaysLeft, passwordExpiresAt, type StaffPasswordPolicy } from "./password-expiry.js";
import { matchesRegistry, type PopulationCheck } from "./population-check.js";
import type { SessionService } from "./sessions.js";
import type { SessionRow } from "./sessions.repository.js";

/**
 * The signed-in person's own account: profile (personal data masked), sessions, and the level-2 real-name
 * check against the population registry (through the exchange gateway: `PopulationCheck`).
 */
export class ProfileService {
  readonly accounts: AccountRepository;
  constructor(
    private readonly d: {
      db: Kysely<DB>;
      pii: PiiCipher;
      audit: AuditLog;
      rateLimiter: RateLimiter;
      sessions: SessionService;
      population: PopulationCheck;
      departments: DepartmentService;
      clock: Clock;
      staffPassword: StaffPasswordPolicy;
    },
  ) {
    this.accounts = new AccountRepository(d.db);
  }

  async #account(id: string): Promise<AccountRow> {
    const a = await this.accounts.findById(id);
    if (!a) throw PlatformErrors.AUTH_REQUIRED();
    return a;
  }

  async me(principal: Principal): Promise<Me> {
    const a = await this.#account(principal.id);
    const department = a.department_id ? await this.d.departments.get(a.department_id).catch(() => null) : null;
    return {
      id: a.id,
      kind: a.kind,
      displayName: a.display_name,
      username: a.username,
      realName: a.real_name,
      phoneMasked: a.phone_enc ? maskPhone(this.d.pii.decrypt("phone", a.phone_enc)) : null,
      idNumberMasked: a.id_number_enc ? maskIdNumber(this.d.pii.decrypt("id_number", a.id_number_enc)) : null,
      realnameLevel: a.realname_level as 1 | 2 | 3,
      realnameVerifiedAt: a.realname_verified_at?.toISOString() ?? null,
      roles: [...principal.roles],
      department: department ? { id: department.id, name: department.name } : null,
      actingFor: principal.actingFor ? { ...principal.actingFor, scopes: [...principal.actingFor.scopes] } : null,
      mfaEnabled: a.totp_enabled_at !== null,
      passwordExpiresAt: passwordExpiresAt(a, this.d.staffPassword)?.toISOString() ?? null,
      passwordDaysLeft: passwordDaysLeft(a, this.d.staffPassword, this.d.clock.now()),
    };
  }

  async sessions(principal: Principal): Promise<SessionInfo[]> {
    const rows = await this.d.sessions.repo.listLive(principal.id, this.d.sessions.idleMinutes);
    return rows.map((r) => toSessionInfo(r, principal.sessionId, this.d.sessions.idleMinutes));
  }

  async revokeSession(principal: Principal, sessionId: string) {
    await this.d.db.transaction().execute(async (trx) => {
      if (!(await this.d.sessions.repo.revoke(principal.id, sessionId, trx))) throw IdentityErrors.SESSION_NOT_FOUND();
      await this.d.audit.append(
        {
          type: "identity.session.revoked",
          actor: `${principal.kind}:${principal.id}`,
          subject: `session:${sessionId}`,
        },
        trx,
      );
    });
  }

  /**
   * Level 2 (实名认证二级): the name and ID number must match the population registry. A mismatch changes
   * nothing but is audited and rate limited (5 per hour per account), so the registry cannot be probed.
   */
  async verifyRealname(principal: Principal, input: { name: string; idNumber: string }, requestId: string) {
    const account = await this.#account(principal.id);
    if (account.kind !== "citizen") throw PlatformErrors.FORBIDDEN();
    if (account.realname_level >= 2) throw IdentityErrors.REALNAME_ALREADY_VERIFIED();
    await this.d.rateLimiter.hit(`realname:${account.id}`, 5, 3600);
    if (!(await matchesRegistry(this.d.population, input.name, input.idNumber, requestId))) {
      await this.d.audit.append({
        type: "identity.realname.rejected",
        actor: `citizen:${account.id}`,
        subject: `account:${account.id}`,
        payload: { reason: "registry_mismatch" },
      });
      throw IdentityErrors.REALNAME_MISMATCH();
    }
    const bidx = this.d.pii.blindIndex("id_number", input.idNumber);
    const holder = await this.accounts.findCitizenByIdNumber(bidx);
    if (holder && holder.id !== account.id) throw IdentityErrors.ID_NUMBER_TAKEN();
    await this.d.db.transaction().execute(async (trx) => {
      await this.accounts.update(
        account.id,
        {
          real_name: input.name,
          id_number_enc: this.d.pii.encrypt("id_number", input.idNumber),
          id_number_bidx: bidx,
          realname_level: 2,
          realname_method: "registry",
          realname_verified_at: new Date(),
        },
        trx,
      );
      await this.d.audit.append(
        {
          type: "identity.realname.verified",
          actor: `citizen:${account.id}`,
          subject: `account:${account.id}`,
          payload: { level: 2, method: "registry" },
        },
        trx,
      );
    });
  }
}

export function toSessionInfo(r: SessionRow, currentId: string | null, idleMinutes: number): SessionInfo {
  const idle = new Date(r.last_seen_at.getTime() + idleMinutes * 60_000);
  return {
    id: r.id,
    authMethod: r.auth_method,
    createdAt: r.created_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    idleExpiresAt: (idle < r.expires_at ? idle : r.expires_at).toISOString(),
    ip: r.ip,
    userAgent: r.user_agent,
    current: r.id === currentId,
  };
}
