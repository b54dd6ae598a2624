import { type Kysely, type Selectable, sql } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { SessionStage, SessionsTable } from "./db.js";

export type SessionRow = Selectable<SessionsTable>;

/** What principal resolution needs about a live session, read in one query. */
export interface LiveSessionRow {
  session_id: string;
  account_id: string;
  stage: SessionStage;
  last_seen_at: Date;
  kind: "citizen" | "staff";
  display_name: string;
  realname_level: number;
  department_id: string | null;
  roles: string[] | null;
  acting_for: string | null;
  enterprise_uscc: string | null;
  enterprise_name: string | null;
  is_representative: boolean | null;
  agent_scopes: string[] | null;
}

export class SessionRepository {
  constructor(private readonly db: Kysely<DB>) {}

  insert(
    values: {
      token_hash: Buffer;
      account_id: string;
      stage: SessionStage;
      auth_method: string;
      expires_at: Date;
      ip: string | null;
      user_agent: string | null;
      acting_for?: string | null;
    },
    db: Kysely<DB> = this.db,
  ): Promise<SessionRow> {
    return db.insertInto("sessions").values(values).returningAll().executeTakeFirstOrThrow();
  }

  /**
   * The session behind a token if it is live: not revoked, before its absolute expiry, used within the idle
   * timeout, and its account active. Joins the enterprise acted for and re-checks the authorisation on every
   * request, so a revoked or expired agent authorisation stops working at once.
   */
  async findLive(tokenHash: Buffer, idleMinutes: number): Promise<LiveSessionRow | undefined> {
    const r = await sql<LiveSessionRow>`
      select s.id as session_id, s.account_id, s.stage, s.last_seen_at,
             a.kind, a.display_name, a.realname_level, a.department_id,
             (select array_agg(role order by role) from staff_roles r where r.account_id = a.id) as roles,
             s.acting_for, e.uscc as enterprise_uscc, e.name as enterprise_name,
             (e.legal_rep_account_id = a.id) as is_representative,
             (select ag.scopes from enterprise_agents ag
               where ag.enterprise_id = e.id and ag.account_id = a.id
                 and ag.revoked_at is null and ag.expires_at > now()
               limit 1) as agent_scopes
        from sessions s
        join accounts a on a.id = s.account_id
        left join enterprises e on e.id = s.acting_for
       where s.token_hash = ${tokenHash}
         and s.revoked_at is null
         and s.expires_at > now()
         and s.last_seen_at > now() - make_interval(mins => ${idleMinutes})
         and a.status = 'active'`.execute(this.db);
    return r.rows[0];
  }

  async findByToken(tokenHash: Buffer): Promise<SessionRow | undefined> {
    return this.db
      .selectFrom("sessions")
      .selectAll()
      .where("token_hash", "=", tokenHash)
      .where("revoked_at", "is", null)
      .where("expires_at", ">", sql<Date>`now()`)
      .executeTakeFirst();
  }

  /** Revokes a live session and returns it (undefined when it is not live). */
  revokeReturning(sessionId: string, db: Kysely<DB> = this.db): Promise<SessionRow | undefined> {
    return db
      .updateTable("sessions")
      .set({ revoked_at: sql`now()` })
      .where("id", "=", sessionId)
      .where("revoked_at", "is", null)
      .where("expires_at", ">", sql<Date>`now()`)
      .returningAll()
      .executeTakeFirst();
  }

  async touch(sessionId: string): Promise<void> {
    await this.db.updateTable("sessions").set({ last_seen_at: sql`now()` }).where("id", "=", sessionId).execute();
  }

  async update(
    sessionId: string,
    values: Partial<Pick<SessionRow, "stage" | "acting_for" | "auth_method">>,
    db: Kysely<DB> = this.db,
  ) {
    await db.updateTable("sessions").set(values).where("id", "=", sessionId).execute();
  }

  listLive(accountId: string, idleMinutes: number): Promise<SessionRow[]> {
    return this.db
      .selectFrom("sessions")
      .selectAll()
      .where("account_id", "=", accountId)
      .where("revoked_at", "is", null)
      .where("stage", "=", "active")
      .where("expires_at", ">", sql<Date>`now()`)
      .where("last_seen_at", ">", sql<Date>`now() - make_interval(mins => ${idleMinutes})`)
      .orderBy("last_seen_at", "desc")
      .execute();
  }

  /** Revokes one session of the account; false when there is no such live session. */
  async revoke(accountId: string, sessionId: string, db: Kysely<DB> = this.db): Promise<boolean> {
    const r = await db
      .updateTable("sessions")
      .set({ revoked_at: sql`now()` })
      .where("id", "=", sessionId)
      .where("account_id", "=", accountId)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async revokeAll(accountId: string, exceptSessionId: string | null, db: Kysely<DB> = this.db): Promise<number> {
    let q = db
      .updateTable("sessions")
      .set({ revoked_at: sql`now()` })
      .where("account_id", "=", accountId)
      .where("revoked_at", "is", null);
    if (exceptSessionId) q = q.where("id", "<>", exceptSessionId);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}
