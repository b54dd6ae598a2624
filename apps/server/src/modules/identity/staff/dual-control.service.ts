import type { AccountProposal, AccountProposalCreate, AccountProposalListQuery } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { Principal } from "../../../platform/auth/permissions.js";
import type { Clock } from "../../../platform/clock/clock.js";
import { uniqueViolation } from "../../../platform/db/pg-errors.js";
import type { DB } from "../../../platform/db/schema.js";
import type { JobQueue } from "../../../platform/jobs/index.js";
import type { AuditLog, Notifier } from "../../../platform/ports.js";
import type { DepartmentService } from "../../org/index.js";
import { AccountRepository } from "../accounts.repository.js";
import { IdentityErrors } from "../errors.js";
import { hashPassword } from "../passwords.js";
import type { SessionService } from "../sessions.js";
import { ProposalRepository, type ProposalRow } from "./dual-control.repository.js";
import { newOneTimePassword } from "./one-time-password.js";
import { StaffRepository } from "./staff.repository.js";

export interface DualControlDeps {
  db: Kysely<DB>;
  audit: AuditLog;
  notify: Notifier;
  jobs: JobQueue;
  clock: Clock;
  sessions: SessionService;
  departments: DepartmentService;
  /** How long a proposal waits for a decision (DUAL_CONTROL_EXPIRY_HOURS). */
  expiryHours: number;
}

/** The job that expires a proposal nobody decided, keyed by the proposal id. */
export const EXPIRE_JOB = "identity.dual_control.expire";

export function toProposal(r: ProposalRow): AccountProposal {
  return {
    id: r.id,
    action: r.action,
    role: r.role,
    username: r.username,
    displayName: r.display_name,
    departmentId: r.department_id,
    targetAccountId: r.target_account_id,
    reason: r.reason,
    status: r.status,
    proposedBy: r.proposed_by,
    proposedAt: r.proposed_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    decidedBy: r.decided_by,
    decidedAt: r.decided_at?.toISOString() ?? null,
    decisionNote: r.decision_note,
    accountId: r.account_id,
  };
}

const actor = (p: Principal) => `${p.kind}:${p.id}`;
const subject = (id: string) => `account_proposal:${id}`;
const ROLE_ZH = { auditor: "审计管理员", security_admin: "安全管理员" } as const;
const ROLE_EN = { auditor: "auditor", security_admin: "security administrator" } as const;

/**
 * Dual control (双人控制) of accounts holding a protected role after installation (三员分立, GB/T 22239
 * level 3): a security administrator proposes creating or disabling an auditor or security-admin account;
 * an auditor approves or refuses it before it expires. Why these two: the proposer is never someone the
 * separation protects, and the second person is one of those it protects — two security admins together
 * cannot make an auditor of their choosing, and no auditor can start one. The proposer and the account
 * concerned never decide (the routes' permissions keep proposer and decider in separated roles; the
 * service checks the persons, whatever their roles). Nothing is written to the account until an approval,
 * in the approving transaction; a create's one-time password is generated then and returned to the approver
 * only (never to the proposer, an administrator), stored as its argon2id hash alone. Every step is audited
 * and the proposals are listed for auditors and security admins.
 */
export class DualControlService {
  readonly #repo: ProposalRepository;
  readonly #staff: StaffRepository;
  readonly #accounts: AccountRepository;

  constructor(private readonly d: DualControlDeps) {
    this.#repo = new ProposalRepository(d.db);
    this.#staff = new StaffRepository(d.db);
    this.#accounts = new AccountRepository(d.db);
    d.jobs.register(EXPIRE_JOB, (job, trx) => this.#expire(job.key, trx));
  }

  async list(query: AccountProposalListQuery): Promise<{ items: AccountProposal[]; total: number }> {
    const { rows, total } = await this.#repo.list(query);
    return { items: rows.map(toProposal), total };
  }

  async get(id: string): Promise<AccountProposal> {
    const row = await this.#repo.find(id);
    if (!row) throw IdentityErrors.DUAL_CONTROL_NOT_FOUND();
    return toProposal(row);
  }

  async propose(principal: Principal, input: AccountProposalCreate): Promise<AccountProposal> {
    if (input.action === "create") {
      await this.d.departments.get(input.departmentId).catch(() => {
        throw IdentityErrors.STAFF_DEPARTMENT_NOT_FOUND();
      });
      if (await this.#staff.usernameTaken(input.username)) throw IdentityErrors.USERNAME_TAKEN();
    } else {
      if (input.accountId === principal.id) throw IdentityErrors.CANNOT_CHANGE_SELF();
      await this.#assertDisableable(input.accountId, input.role);
    }
    const now = this.d.clock.now();
    const expiresAt = new Date(now.getTime() + this.d.expiryHours * 3_600_000);
    return this.d.db.transaction().execute(async (trx) => {
      const row = await this.#repo
        .insert(
          {
            action: input.action,
            role: input.role,
            ...(input.action === "create"
              ? { username: input.username, display_name: input.displayName, department_id: input.departmentId }
              : { target_account_id: input.accountId }),
            reason: input.reason,
            proposed_by: principal.id,
            proposed_at: now,
            expires_at: expiresAt,
          },
          trx,
        )
        .catch((error: unknown) => {
          if (uniqueViolation(error)?.startsWith("account_proposals_pending"))
            throw IdentityErrors.DUAL_CONTROL_DUPLICATE();
          throw error;
        });
      await this.d.audit.append(
        {
          type: "identity.dual_control.proposed",
          actor: actor(principal),
          subject: subject(row.id),
          payload: {
            action: row.action,
            role: row.role,
            username: row.username,
            departmentId: row.department_id,
            targetAccountId: row.target_account_id,
            reason: row.reason,
            expiresAt: row.expires_at.toISOString(),
          },
          time: now,
        },
        trx,
      );
      await this.d.jobs.schedule(trx, { kind: EXPIRE_JOB, key: row.id, runAt: expiresAt });
      // Every active auditor but the account concerned is asked to decide.
      const deciders = (await this.#accounts.staffIdsWithRole("auditor", undefined, trx)).filter(
        (id) => id !== row.target_account_id,
      );
      const what = row.action === "create" ? `${row.username}` : `account ${row.target_account_id}`;
      await this.d.notify.send(trx, {
        recipients: deciders,
        kind: "identity.dual_control.proposed",
        title: {
          zh: `待审批：${row.action === "create" ? "新建" : "停用"}${ROLE_ZH[row.role]}账号`,
          en: `To decide: ${row.action === "create" ? "create" : "disable"} a ${ROLE_EN[row.role]} account`,
        },
        body: { zh: `${what}（${row.reason}）`, en: `${what} (${row.reason})` },
        link: "/admin/security",
        subject: subject(row.id),
      });
      return toProposal(row);
    });
  }

  /**
   * Approves: the proposal's state, the account change, the audit entries, the expiry's cancellation and the
   * proposer's notice commit together. Returns the one-time password of a created account (once).
   */
  async approve(
    principal: Principal,
    id: string,
  ): Promise<{ proposal: AccountProposal; oneTimePassword: string | null }> {
    const pending = await this.#decidable(principal, id);
    // Hashed before the transaction (argon2id takes tens of milliseconds; no row lock is held meanwhile).
    const password = pending.action === "create" ? newOneTimePassword() : null;
    const passwordHash = password ? await hashPassword(password) : null;
    const now = this.d.clock.now();
    return this.d.db.transaction().execute(async (trx) => {
      const decided = await this.#repo.decide(id, { status: "approved", by: principal.id, at: now }, trx);
      if (!decided) throw IdentityErrors.DUAL_CONTROL_NOT_PENDING();
      const by = actor(principal);
      const via = { via: "dual_control", proposalId: id, proposedBy: `staff:${decided.proposed_by}` };
      let accountId: string;
      if (decided.action === "create") {
        const username = decided.username as string;
        if (await this.#staff.usernameTaken(username, trx)) throw IdentityErrors.USERNAME_TAKEN();
        const account = await this.#accounts.insert(
          {
            kind: "staff",
            username,
            display_name: decided.display_name as string,
            department_id: decided.department_id,
            password_hash: passwordHash,
            // Known to the approving auditor: replaced by its holder at the first login.
            password_must_change: true,
          },
          trx,
        );
        await this.#accounts.setRoles(account.id, [decided.role], `dual_control:${id}`, trx);
        accountId = account.id;
        await this.d.audit.append(
          {
            type: "identity.staff.created",
            actor: by,
            subject: `account:${account.id}`,
            payload: { username, departmentId: decided.department_id, roles: [decided.role], ...via },
            time: now,
          },
          trx,
        );
      } else {
        const target = decided.target_account_id as string;
        await this.#assertDisableable(target, decided.role, trx);
        await this.#accounts.update(target, { status: "disabled" }, trx);
        await this.d.sessions.repo.revokeAll(target, null, trx);
        accountId = target;
        await this.d.audit.append(
          {
            type: "identity.staff.updated",
            actor: by,
            subject: `account:${target}`,
            payload: { status: "disabled", ...via },
            time: now,
          },
          trx,
        );
      }
      const row = await this.#repo.setAccount(id, accountId, trx);
      await this.#decided(trx, row, by, now);
      return { proposal: toProposal(row), oneTimePassword: password };
    });
  }

  async refuse(principal: Principal, id: string, note: string): Promise<AccountProposal> {
    await this.#decidable(principal, id);
    const now = this.d.clock.now();
    return this.d.db.transaction().execute(async (trx) => {
      const row = await this.#repo.decide(id, { status: "refused", by: principal.id, at: now, note }, trx);
      if (!row) throw IdentityErrors.DUAL_CONTROL_NOT_PENDING();
      await this.#decided(trx, row, actor(principal), now);
      return toProposal(row);
    });
  }

  /** The proposal, if this person may decide it now: pending, not expired, neither proposer nor subject. */
  async #decidable(principal: Principal, id: string): Promise<ProposalRow> {
    const row = await this.#repo.find(id);
    if (!row) throw IdentityErrors.DUAL_CONTROL_NOT_FOUND();
    if (row.proposed_by === principal.id || row.target_account_id === principal.id)
      throw IdentityErrors.DUAL_CONTROL_SAME_PERSON();
    if (row.status !== "pending" || row.expires_at.getTime() <= this.d.clock.now().getTime())
      throw IdentityErrors.DUAL_CONTROL_NOT_PENDING();
    return row;
  }

  /** A disable proposal's target: an active staff account holding the role. */
  async #assertDisableable(accountId: string, role: string, db?: Kysely<DB>) {
    const account = await this.#staff.findById(accountId, db);
    if (!account) throw IdentityErrors.ACCOUNT_NOT_FOUND();
    const roles = await this.#accounts.roles(accountId, db);
    if (account.status !== "active" || !roles.includes(role)) throw IdentityErrors.DUAL_CONTROL_TARGET_INVALID();
  }

  /** The decision's audit entry, the expiry timer's cancellation and the proposer's notice. */
  async #decided(trx: Kysely<DB>, row: ProposalRow, by: string, now: Date) {
    await this.d.audit.append(
      {
        type: `identity.dual_control.${row.status}`,
        actor: by,
        subject: subject(row.id),
        payload: { action: row.action, role: row.role, accountId: row.account_id, note: row.decision_note },
        time: now,
      },
      trx,
    );
    if (row.status !== "expired") await this.d.jobs.cancel(trx, EXPIRE_JOB, row.id);
    const zh = { approved: "已批准", refused: "已拒绝", expired: "已过期" }[row.status as "approved"];
    const en = { approved: "approved", refused: "refused", expired: "expired" }[row.status as "approved"];
    await this.d.notify.send(trx, {
      recipients: [row.proposed_by],
      kind: `identity.dual_control.${row.status}`,
      title: {
        zh: `双人控制申请${zh}：${row.action === "create" ? "新建" : "停用"}${ROLE_ZH[row.role]}账号`,
        en: `Dual-control proposal ${en}: ${row.action} a ${ROLE_EN[row.role]} account`,
      },
      body: { zh: row.decision_note ?? "", en: row.decision_note ?? "" },
      link: "/admin/security",
      subject: subject(row.id),
    });
  }

  /** The expiry timer: a proposal still pending at its expiry is closed, audited and its proposer told. */
  async #expire(id: string, trx: Kysely<DB>): Promise<void> {
    const now = this.d.clock.now();
    const row = await this.#repo.decide(id, { status: "expired", by: null, at: now }, trx);
    if (row) await this.#decided(trx, row, "system", now);
  }
}
