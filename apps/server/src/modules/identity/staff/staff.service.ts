import type { StaffAccount } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import { assertCan } from "../../../platform/auth/guard.js";
import { type Principal, permissionScope, type Role } from "../../../platform/auth/permissions.js";
import { uniqueViolation } from "../../../platform/db/pg-errors.js";
import type { DB } from "../../../platform/db/schema.js";
import { PlatformErrors } from "../../../platform/errors.js";
import type { AuditLog } from "../../../platform/ports.js";
import type { DepartmentService } from "../../org/index.js";
import { AccountRepository, type AccountRow } from "../accounts.repository.js";
import { IdentityErrors } from "../errors.js";
import { PasswordHistory } from "../password-history.js";
import { assertStrongPassword, hashPassword, type PasswordPolicy } from "../passwords.js";
import type { SessionService } from "../sessions.js";
import { assertMayManage, assertSeparated, touchesAuditor, touchesSecurityAdmin } from "./grant-rules.js";
import { type StaffFilter, StaffRepository } from "./staff.repository.js";

export interface StaffDeps {
  db: Kysely<DB>;
  audit: AuditLog;
  sessions: SessionService;
  departments: DepartmentService;
  /** How many earlier passwords a reset may not repeat (PASSWORD_HISTORY). */
  passwordHistory: number;
  /** Strength rules of the passwords an administrator sets (PASSWORD_MIN_LENGTH, PASSWORD_MIN_CLASSES). */
  passwordPolicy: PasswordPolicy;
}

export function toStaffAccount(a: AccountRow, roles: readonly string[]): StaffAccount {
  return {
    id: a.id,
    username: a.username ?? "",
    displayName: a.display_name,
    departmentId: a.department_id ?? "",
    roles: roles as Role[],
    status: a.status,
    mfaEnabled: a.totp_enabled_at !== null,
    lockedUntil: a.locked_until && a.locked_until.getTime() > Date.now() ? a.locked_until.toISOString() : null,
    createdAt: a.created_at.toISOString(),
  };
}

const actor = (p: Principal) => `${p.kind}:${p.id}`;

type StaffAction = "create" | "update" | "password_reset" | "mfa_reset" | "unlock";
type ProtectedRole = "auditor" | "security_admin";

/**
 * The protected role an action would touch, or null (三员分立): the auditor's account is out of everyone's
 * reach; a security admin's account is out of the system administrators' — only unlocking and resetting the
 * authenticator remain, which only another security admin holds (identity.staff.secure platform-wide).
 */
function protectedRole(action: StaffAction, ...roleSets: (readonly Role[])[]): ProtectedRole | null {
  if (touchesAuditor(...roleSets)) return "auditor";
  if (touchesSecurityAdmin(...roleSets) && (action === "create" || action === "update" || action === "password_reset"))
    return "security_admin";
  return null;
}

const protectedError = (role: ProtectedRole) =>
  role === "auditor" ? IdentityErrors.AUDITOR_ACCOUNT_PROTECTED() : IdentityErrors.SECURITY_ADMIN_ACCOUNT_PROTECTED();

/**
 * Staff administration (工作人员管理). Platform admins and auditors read every department, a department
 * admin only their own; grants follow grant-rules.ts; administrator and auditor duties never share an
 * account (三员分立). Every change is audited in its transaction; disabling an account or resetting its
 * password or authenticator ends its sessions.
 */
export class StaffService {
  readonly repo: StaffRepository;
  readonly #accounts: AccountRepository;
  readonly #history: PasswordHistory;
  constructor(private readonly d: StaffDeps) {
    this.#history = new PasswordHistory(d.db, d.passwordHistory);
    this.repo = new StaffRepository(d.db);
    this.#accounts = new AccountRepository(d.db);
  }

  async list(principal: Principal, filter: StaffFilter): Promise<{ items: StaffAccount[]; total: number }> {
    const scope = permissionScope(principal, "identity.staff.read");
    if (!scope) throw PlatformErrors.FORBIDDEN({ permission: "identity.staff.read" });
    if (!scope.all) {
      if (filter.departmentId && filter.departmentId !== scope.departmentId) {
        throw PlatformErrors.FORBIDDEN({ permission: "identity.staff.read" });
      }
      filter = { ...filter, departmentId: scope.departmentId };
    }
    const { rows, total } = await this.repo.list(filter);
    const roles = await this.repo.rolesOf(rows.map((r) => r.id));
    return { items: rows.map((r) => toStaffAccount(r, roles.get(r.id) ?? [])), total };
  }

  async #find(id: string, db?: Kysely<DB>): Promise<{ account: AccountRow; roles: Role[] }> {
    const account = await this.repo.findById(id, db);
    if (!account?.department_id) throw IdentityErrors.ACCOUNT_NOT_FOUND();
    return { account, roles: (await this.#accounts.roles(id, db)) as Role[] };
  }

  async get(principal: Principal, id: string): Promise<StaffAccount> {
    const { account, roles } = await this.#find(id);
    assertCan(principal, "identity.staff.read", account.department_id);
    return toStaffAccount(account, roles);
  }

  async create(
    principal: Principal,
    input: { username: string; displayName: string; departmentId: string; roles: Role[]; password: string },
  ): Promise<StaffAccount> {
    const roles = [...new Set(input.roles)].sort();
    assertMayManage(principal, input.departmentId, roles);
    assertSeparated(roles);
    const guarded = protectedRole("create", roles);
    if (guarded) await this.#refuseProtectedAction(principal, "create", null, guarded);
    assertStrongPassword(input.password, [input.username], this.d.passwordPolicy);
    await this.d.departments.get(input.departmentId).catch(() => {
      throw IdentityErrors.STAFF_DEPARTMENT_NOT_FOUND();
    });
    if (await this.repo.usernameTaken(input.username)) throw IdentityErrors.USERNAME_TAKEN();
    const passwordHash = await hashPassword(input.password);
    return this.d.db.transaction().execute(async (trx) => {
      const account = await this.#accounts
        .insert(
          {
            kind: "staff",
            username: input.username,
            display_name: input.displayName,
            department_id: input.departmentId,
            password_hash: passwordHash,
            password_must_change: true, // the administrator knows it: replaced at the first login
          },
          trx,
        )
        .catch((error: unknown) => {
          if (uniqueViolation(error) === "accounts_username_unique") throw IdentityErrors.USERNAME_TAKEN();
          throw error;
        });
      await this.#accounts.setRoles(account.id, roles, actor(principal), trx);
      await this.d.audit.append(
        {
          type: "identity.staff.created",
          actor: actor(principal),
          subject: `account:${account.id}`,
          payload: { username: input.username, departmentId: input.departmentId, roles },
        },
        trx,
      );
      return toStaffAccount(account, roles);
    });
  }

  async update(
    principal: Principal,
    id: string,
    input: { displayName?: string; roles?: Role[]; status?: "active" | "disabled" },
  ): Promise<StaffAccount> {
    const target = await this.#find(id);
    if (input.roles) assertSeparated(input.roles);
    const guarded = protectedRole("update", target.roles, input.roles ?? []);
    if (target.account.id !== principal.id && guarded)
      await this.#refuseProtectedAction(principal, "update", id, guarded);
    return this.d.db.transaction().execute(async (trx) => {
      const { account, roles: current } = await this.#find(id, trx);
      const departmentId = account.department_id as string;
      const roles = input.roles ? [...new Set(input.roles)].sort() : current;
      const rolesChanged = roles.join() !== current.join();
      const disabling = input.status === "disabled" && account.status !== "disabled";
      // One's own name may change; one's own roles and status may not (another admin must do it).
      const self = account.id === principal.id;
      if (self && (rolesChanged || input.status === "disabled")) throw IdentityErrors.CANNOT_CHANGE_SELF();
      if (!self) assertMayManage(principal, departmentId, current);
      const changed = protectedRole("update", current, roles); // changed since the check above
      if (!self && changed) throw protectedError(changed);
      if (rolesChanged) {
        assertMayManage(principal, departmentId, roles);
        assertSeparated(roles);
        await this.#accounts.setRoles(account.id, roles, actor(principal), trx);
      }
      const updated =
        (await this.#accounts.update(
          account.id,
          {
            ...(input.displayName !== undefined && { display_name: input.displayName }),
            ...(input.status !== undefined && { status: input.status }),
          },
          trx,
        )) ?? account;
      if (disabling) await this.d.sessions.repo.revokeAll(account.id, null, trx);
      await this.d.audit.append(
        {
          type: "identity.staff.updated",
          actor: actor(principal),
          subject: `account:${account.id}`,
          payload: { ...input, ...(rolesChanged && { previousRoles: current }) },
        },
        trx,
      );
      return toStaffAccount(updated, roles);
    });
  }

  /**
   * Loads the target for an administrative credential action: never on oneself (use the own account page),
   * never on a protected account (see `protectedRole`). A password is reset under identity.staff.manage;
   * unlocking and resetting the authenticator need identity.staff.secure (security admins; a department
   * admin for their clerks and approvers), so no platform-wide administrator can do both and take an
   * account over. Called first outside the change's transaction (`trx` undefined: a refusal is recorded in
   * its own) and again inside it, where the target is re-read under the change.
   */
  async #manageable(
    principal: Principal,
    id: string,
    action: "password_reset" | "mfa_reset" | "unlock",
    trx?: Kysely<DB>,
  ): Promise<AccountRow> {
    const { account, roles } = await this.#find(id, trx);
    if (account.id === principal.id) throw IdentityErrors.CANNOT_RESET_SELF();
    const permission = action === "password_reset" ? "identity.staff.manage" : "identity.staff.secure";
    assertMayManage(principal, account.department_id as string, roles, permission);
    const guarded = protectedRole(action, roles);
    if (guarded) {
      if (!trx) await this.#refuseProtectedAction(principal, action, id, guarded);
      throw protectedError(guarded);
    }
    return account;
  }

  /**
   * Records an attempt on a protected account (in its own transaction: the refused change writes nothing
   * else) and refuses it. The auditors find it in the audit log.
   */
  async #refuseProtectedAction(
    principal: Principal,
    action: StaffAction,
    targetId: string | null,
    role: ProtectedRole,
  ): Promise<never> {
    await this.d.db.transaction().execute((trx) =>
      this.d.audit.append(
        {
          type:
            role === "auditor"
              ? "identity.staff.auditor_action_refused"
              : "identity.staff.security_admin_action_refused",
          actor: actor(principal),
          subject: targetId ? `account:${targetId}` : `role:${role}`,
          payload: { action },
        },
        trx,
      ),
    );
    throw protectedError(role);
  }

  async resetPassword(principal: Principal, id: string, password: string): Promise<void> {
    const account = await this.#manageable(principal, id, "password_reset");
    assertStrongPassword(password, [account.username ?? ""], this.d.passwordPolicy);
    await this.#history.assertNew(account.id, account.password_hash, password);
    const passwordHash = await hashPassword(password);
    await this.d.db.transaction().execute(async (trx) => {
      const current = await this.#manageable(principal, id, "password_reset", trx); // still there, still manageable
      await this.#history.remember(account.id, current.password_hash, trx);
      await this.#accounts.update(
        account.id,
        // The administrator knows it: replaced at the next login (password-expiry.ts).
        { password_hash: passwordHash, password_must_change: true, failed_logins: 0, locked_until: null },
        trx,
      );
      await this.d.sessions.repo.revokeAll(account.id, null, trx);
      await this.d.audit.append(
        { type: "identity.staff.password_reset", actor: actor(principal), subject: `account:${account.id}` },
        trx,
      );
    });
  }

  /** Clears the authenticator: the next login enrols a new one. Ends the account's sessions. */
  async resetMfa(principal: Principal, id: string): Promise<void> {
    await this.#manageable(principal, id, "mfa_reset");
    await this.d.db.transaction().execute(async (trx) => {
      const account = await this.#manageable(principal, id, "mfa_reset", trx);
      await this.#accounts.update(
        account.id,
        { totp_secret_enc: null, totp_enabled_at: null, totp_last_step: null },
        trx,
      );
      await this.d.sessions.repo.revokeAll(account.id, null, trx);
      await this.d.audit.append(
        { type: "identity.staff.mfa_reset", actor: actor(principal), subject: `account:${account.id}` },
        trx,
      );
    });
  }

  async unlock(principal: Principal, id: string): Promise<void> {
    await this.#manageable(principal, id, "unlock");
    await this.d.db.transaction().execute(async (trx) => {
      const account = await this.#manageable(principal, id, "unlock", trx);
      await this.#accounts.update(account.id, { failed_logins: 0, locked_until: null }, trx);
      await this.d.audit.append(
        { type: "identity.staff.unlocked", actor: actor(principal), subject: `account:${account.id}` },
        trx,
      );
    });
  }
}
