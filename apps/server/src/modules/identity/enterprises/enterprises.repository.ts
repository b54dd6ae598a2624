import { type Kysely, type Selectable, sql } from "kysely";
import type { DB } from "../../../platform/db/schema.js";
import type { EnterpriseAgentsTable, EnterprisesTable } from "../db.js";

export type EnterpriseRow = Selectable<EnterprisesTable>;
export type AgentRow = Selectable<EnterpriseAgentsTable>;

/** An agent authorisation with what the representative sees of the agent's account (still encrypted). */
export interface AgentWithAccount extends AgentRow {
  display_name: string;
  real_name: string | null;
  phone_enc: Buffer | null;
}

/** An enterprise the person may act for, and how. */
export interface MyEnterpriseRow {
  id: string;
  uscc: string;
  name: string;
  as: "representative" | "agent";
  scopes: string[] | null;
  expires_at: Date | null;
}

/** SQL over enterprises and enterprise_agents; no rules here (they live in EnterpriseService). */
export class EnterpriseRepository {
  constructor(private readonly db: Kysely<DB>) {}

  findById(id: string, db: Kysely<DB> = this.db): Promise<EnterpriseRow | undefined> {
    return db.selectFrom("enterprises").selectAll().where("id", "=", id).executeTakeFirst();
  }

  findByUscc(uscc: string, db: Kysely<DB> = this.db): Promise<EnterpriseRow | undefined> {
    return db.selectFrom("enterprises").selectAll().where("uscc", "=", uscc).executeTakeFirst();
  }

  insert(values: { uscc: string; name: string; legal_rep_account_id: string }, db: Kysely<DB> = this.db) {
    return db.insertInto("enterprises").values(values).returningAll().executeTakeFirstOrThrow();
  }

  /** Enterprises the account represents, then those it holds a live (unrevoked, unexpired) authorisation for. */
  async listForAccount(accountId: string, db: Kysely<DB> = this.db): Promise<MyEnterpriseRow[]> {
    const r = await sql<MyEnterpriseRow>`
      select e.id, e.uscc, e.name, 'representative' as "as", null::text[] as scopes, null::timestamptz as expires_at
        from enterprises e
       where e.legal_rep_account_id = ${accountId}
      union all
      select e.id, e.uscc, e.name, 'agent' as "as", ag.scopes, ag.expires_at
        from enterprise_agents ag
        join enterprises e on e.id = ag.enterprise_id
       where ag.account_id = ${accountId} and ag.revoked_at is null and ag.expires_at > now()
       order by 4 desc, 3`.execute(db);
    return r.rows;
  }

  /** The account's live authorisation for the enterprise, if any. */
  findLiveAgent(enterpriseId: string, accountId: string, db: Kysely<DB> = this.db): Promise<AgentRow | undefined> {
    return db
      .selectFrom("enterprise_agents")
      .selectAll()
      .where("enterprise_id", "=", enterpriseId)
      .where("account_id", "=", accountId)
      .where("revoked_at", "is", null)
      .where("expires_at", ">", sql<Date>`now()`)
      .executeTakeFirst();
  }

  /**
   * Closes an unrevoked authorisation that has already expired, so a new one can be granted (the unique
   * index allows one unrevoked row per enterprise and agent). Its status stays "expired".
   */
  async closeExpired(enterpriseId: string, accountId: string, db: Kysely<DB> = this.db): Promise<void> {
    await db
      .updateTable("enterprise_agents")
      .set({ revoked_at: sql`now()` })
      .where("enterprise_id", "=", enterpriseId)
      .where("account_id", "=", accountId)
      .where("revoked_at", "is", null)
      .where("expires_at", "<=", sql<Date>`now()`)
      .execute();
  }

  insertAgent(
    values: { enterprise_id: string; account_id: string; scopes: string[]; expires_at: Date; created_by: string },
    db: Kysely<DB> = this.db,
  ): Promise<AgentRow> {
    return db.insertInto("enterprise_agents").values(values).returningAll().executeTakeFirstOrThrow();
  }

  #agentsWithAccount(db: Kysely<DB>) {
    return db
      .selectFrom("enterprise_agents as ag")
      .innerJoin("accounts as a", "a.id", "ag.account_id")
      .selectAll("ag")
      .select(["a.display_name", "a.real_name", "a.phone_enc"]);
  }

  listAgents(enterpriseId: string, db: Kysely<DB> = this.db): Promise<AgentWithAccount[]> {
    return this.#agentsWithAccount(db)
      .where("ag.enterprise_id", "=", enterpriseId)
      .orderBy("ag.created_at", "desc")
      .execute();
  }

  findAgent(enterpriseId: string, agentId: string, db: Kysely<DB> = this.db): Promise<AgentWithAccount | undefined> {
    return this.#agentsWithAccount(db)
      .where("ag.enterprise_id", "=", enterpriseId)
      .where("ag.id", "=", agentId)
      .executeTakeFirst();
  }

  /** Revokes an unrevoked authorisation; false when there is none. */
  async revokeAgent(enterpriseId: string, agentId: string, by: string, db: Kysely<DB> = this.db): Promise<boolean> {
    const r = await db
      .updateTable("enterprise_agents")
      .set({ revoked_at: sql`now()`, revoked_by: by })
      .where("enterprise_id", "=", enterpriseId)
      .where("id", "=", agentId)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
