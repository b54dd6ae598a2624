import { type Agent, type AgentScope, type MyEnterprise, maskName, maskPhone } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { ActingFor, Principal } from "../../../platform/auth/permissions.js";
import type { PiiCipher } from "../../../platform/crypto/pii.js";
import { uniqueViolation } from "../../../platform/db/pg-errors.js";
import type { DB } from "../../../platform/db/schema.js";
import { PlatformErrors } from "../../../platform/errors.js";
import type { AuditLog } from "../../../platform/ports.js";
import type { RateLimiter } from "../../../platform/rate-limit.js";
import type { BusinessRegistry } from "../../registry/index.js";
import { AccountRepository } from "../accounts.repository.js";
import { IdentityErrors } from "../errors.js";
import type { IssuedSession, SessionService } from "../sessions.js";
import { type AgentWithAccount, EnterpriseRepository, type EnterpriseRow } from "./enterprises.repository.js";

/** Longest agent authorisation a representative may grant. */
const MAX_AGENT_DAYS = 365;
/** Phone lookups for new agents per representative and hour (a phone lookup tells whether it is registered). */
const AGENT_LOOKUPS_PER_HOUR = 30;

export interface EnterpriseDeps {
  db: Kysely<DB>;
  pii: PiiCipher;
  audit: AuditLog;
  rateLimiter: RateLimiter;
  sessions: SessionService;
  /** Read directly, not through the exchange gateway (see modules/registry/index.ts). */
  registry: BusinessRegistry;
}

const bytesEqual = (a: Uint8Array | null, b: Uint8Array | null) =>
  a !== null && b !== null && Buffer.from(a).equals(Buffer.from(b));

/**
 * Enterprises (法人) and their agents (经办人). A citizen verified at level 2 binds an enterprise as its legal
 * representative when the business registry names them; the representative authorises agents with scopes
 * and an expiry and revokes them. A person acts for an enterprise only after switching to it explicitly
 * (the session's acting_for), and the session lookup re-checks the authorisation on every request.
 */
export class EnterpriseService {
  readonly repo: EnterpriseRepository;
  readonly #accounts: AccountRepository;
  constructor(private readonly d: EnterpriseDeps) {
    this.repo = new EnterpriseRepository(d.db);
    this.#accounts = new AccountRepository(d.db);
  }

  async listMine(principal: Principal): Promise<MyEnterprise[]> {
    const rows = await this.repo.listForAccount(principal.id);
    return rows.map((r) => ({
      id: r.id,
      uscc: r.uscc,
      name: r.name,
      as: r.as,
      scopes: r.as === "representative" ? ["*"] : (r.scopes ?? []),
      expiresAt: r.expires_at?.toISOString() ?? null,
    }));
  }

  /** Binds the enterprise to the caller as its legal representative, if the business registry agrees. */
  async bind(principal: Principal, uscc: string): Promise<MyEnterprise> {
    const account = await this.#accounts.findById(principal.id);
    if (account?.kind !== "citizen") throw PlatformErrors.FORBIDDEN();
    const business = await this.d.registry.business(uscc);
    if (!business) throw IdentityErrors.ENTERPRISE_NOT_REGISTERED();
    if (business.status !== "active") throw IdentityErrors.ENTERPRISE_NOT_ACTIVE({ status: business.status });
    if (account.real_name !== business.legalRepName || !bytesEqual(account.id_number_bidx, business.legalRepIdBidx)) {
      await this.d.audit.append({
        type: "identity.enterprise.bind_refused",
        actor: `citizen:${account.id}`,
        subject: `enterprise:${uscc}`,
        payload: { reason: "not_legal_representative" },
      });
      throw IdentityErrors.NOT_LEGAL_REPRESENTATIVE();
    }
    if (await this.repo.findByUscc(uscc)) throw IdentityErrors.ENTERPRISE_ALREADY_BOUND();
    const row = await this.d.db.transaction().execute(async (trx) => {
      const e = await this.repo
        .insert({ uscc, name: business.name, legal_rep_account_id: account.id }, trx)
        .catch((error: unknown) => {
          if (uniqueViolation(error) === "enterprises_uscc_unique") throw IdentityErrors.ENTERPRISE_ALREADY_BOUND();
          throw error;
        });
      await this.d.audit.append(
        {
          type: "identity.enterprise.bound",
          actor: `citizen:${account.id}`,
          actingFor: `enterprise:${uscc}`,
          subject: `enterprise:${uscc}`,
          payload: { enterpriseId: e.id, name: e.name },
        },
        trx,
      );
      return e;
    });
    return { id: row.id, uscc: row.uscc, name: row.name, as: "representative", scopes: ["*"], expiresAt: null };
  }

  /**
   * Switches the session's identity to the enterprise (or back to the person with null). Allowed only for an
   * enterprise the person represents or holds a live authorisation for. A change of identity is a change of
   * privileges, so the session is replaced by one with a new token (the old one stops working; set the
   * cookie from `session`). Returns the new acting-for.
   */
  async actAs(
    principal: Principal,
    enterpriseId: string | null,
  ): Promise<{ actingFor: ActingFor | null; session: IssuedSession }> {
    if (principal.kind !== "citizen" || !principal.sessionId) throw PlatformErrors.FORBIDDEN();
    const sessionId = principal.sessionId;
    const previous = principal.actingFor ? `enterprise:${principal.actingFor.uscc}` : null;
    const actingFor = enterpriseId ? await this.#actingFor(principal.id, enterpriseId) : null;
    const session = await this.d.db.transaction().execute(async (trx) => {
      const issued = await this.d.sessions.rotate(sessionId, { actingFor: actingFor?.enterpriseId ?? null }, trx);
      await this.d.audit.append(
        {
          type: actingFor ? "identity.acting_for.started" : "identity.acting_for.ended",
          actor: `citizen:${principal.id}`,
          actingFor: actingFor ? `enterprise:${actingFor.uscc}` : previous,
          subject: `session:${issued.row.id}`,
          payload: { ...(actingFor && { as: actingFor.as, scopes: actingFor.scopes }), previousSession: sessionId },
        },
        trx,
      );
      return issued;
    });
    return { actingFor, session };
  }

  async #actingFor(accountId: string, enterpriseId: string): Promise<ActingFor> {
    const e = await this.repo.findById(enterpriseId);
    if (!e) throw IdentityErrors.NOT_AUTHORISED_FOR_ENTERPRISE();
    const base = { enterpriseId: e.id, uscc: e.uscc, name: e.name };
    if (e.legal_rep_account_id === accountId) return { ...base, as: "representative", scopes: ["*"] };
    const agent = await this.repo.findLiveAgent(e.id, accountId);
    if (!agent) throw IdentityErrors.NOT_AUTHORISED_FOR_ENTERPRISE();
    return { ...base, as: "agent", scopes: agent.scopes };
  }

  /** The enterprise, if the caller is its legal representative (404 unknown, 403 someone else's). */
  async #represented(principal: Principal, enterpriseId: string): Promise<EnterpriseRow> {
    const e = await this.repo.findById(enterpriseId);
    if (!e) throw IdentityErrors.ENTERPRISE_NOT_FOUND();
    if (principal.kind !== "citizen" || e.legal_rep_account_id !== principal.id) {
      throw IdentityErrors.NOT_LEGAL_REPRESENTATIVE();
    }
    return e;
  }

  async listAgents(principal: Principal, enterpriseId: string): Promise<Agent[]> {
    const e = await this.#represented(principal, enterpriseId);
    const rows = await this.repo.listAgents(e.id);
    return rows.map((r) => this.#toAgent(r));
  }

  async authoriseAgent(
    principal: Principal,
    enterpriseId: string,
    input: { phone: string; scopes: AgentScope[]; expiresAt: string },
  ): Promise<Agent> {
    const e = await this.#represented(principal, enterpriseId);
    const expiresAt = new Date(input.expiresAt);
    const now = Date.now();
    if (expiresAt.getTime() <= now || expiresAt.getTime() > now + MAX_AGENT_DAYS * 86_400_000) {
      throw IdentityErrors.AGENT_EXPIRY_INVALID({ maxDays: MAX_AGENT_DAYS });
    }
    await this.d.rateLimiter.hit(`agent-lookup:${principal.id}`, AGENT_LOOKUPS_PER_HOUR, 3600);
    const agent = await this.#accounts.findCitizenByPhone(this.d.pii.blindIndex("phone", input.phone));
    if (agent?.status !== "active") throw IdentityErrors.AGENT_ACCOUNT_NOT_FOUND();
    if (agent.id === e.legal_rep_account_id) throw IdentityErrors.AGENT_IS_REPRESENTATIVE();
    if (agent.realname_level < 2) throw IdentityErrors.AGENT_NOT_VERIFIED();
    const scopes = [...new Set(input.scopes)].sort();
    const id = await this.d.db.transaction().execute(async (trx) => {
      if (await this.repo.findLiveAgent(e.id, agent.id, trx)) throw IdentityErrors.AGENT_ALREADY_AUTHORISED();
      await this.repo.closeExpired(e.id, agent.id, trx);
      const row = await this.repo
        .insertAgent(
          { enterprise_id: e.id, account_id: agent.id, scopes, expires_at: expiresAt, created_by: principal.id },
          trx,
        )
        .catch((error: unknown) => {
          if (uniqueViolation(error)) throw IdentityErrors.AGENT_ALREADY_AUTHORISED();
          throw error;
        });
      await this.d.audit.append(
        {
          type: "identity.agent.authorised",
          actor: `citizen:${principal.id}`,
          actingFor: `enterprise:${e.uscc}`,
          subject: `account:${agent.id}`,
          payload: { authorisationId: row.id, scopes, expiresAt: expiresAt.toISOString() },
        },
        trx,
      );
      return row.id;
    });
    const created = await this.repo.findAgent(e.id, id);
    if (!created) throw PlatformErrors.INTERNAL_ERROR();
    return this.#toAgent(created);
  }

  /** Revokes at once: the agent's next request no longer acts for the enterprise. */
  async revokeAgent(principal: Principal, enterpriseId: string, agentId: string): Promise<void> {
    const e = await this.#represented(principal, enterpriseId);
    await this.d.db.transaction().execute(async (trx) => {
      const agent = await this.repo.findAgent(e.id, agentId, trx);
      if (!agent || !(await this.repo.revokeAgent(e.id, agentId, principal.id, trx))) {
        throw IdentityErrors.AGENT_NOT_FOUND();
      }
      await this.d.audit.append(
        {
          type: "identity.agent.revoked",
          actor: `citizen:${principal.id}`,
          actingFor: `enterprise:${e.uscc}`,
          subject: `account:${agent.account_id}`,
          payload: { authorisationId: agentId },
        },
        trx,
      );
    });
  }

  #toAgent(r: AgentWithAccount): Agent {
    const now = Date.now();
    // An authorisation closed after its expiry (to make room for a new one) still reads as expired.
    const revoked = r.revoked_at !== null && r.revoked_at < r.expires_at;
    const status = revoked ? "revoked" : r.expires_at.getTime() <= now || r.revoked_at ? "expired" : "active";
    return {
      id: r.id,
      accountId: r.account_id,
      displayName: r.display_name,
      nameMasked: r.real_name ? maskName(r.real_name) : null,
      phoneMasked: r.phone_enc ? maskPhone(this.d.pii.decrypt("phone", r.phone_enc)) : null,
      scopes: r.scopes as AgentScope[],
      expiresAt: r.expires_at.toISOString(),
      createdAt: r.created_at.toISOString(),
      revokedAt: revoked ? (r.revoked_at?.toISOString() ?? null) : null,
      status,
    };
  }
}
