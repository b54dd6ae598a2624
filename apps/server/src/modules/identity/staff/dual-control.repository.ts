import type { Insertable, Kysely, Selectable } from "kysely";
import type { DB } from "../../../platform/db/schema.js";
import type { AccountProposalsTable } from "../db.js";

export type ProposalRow = Selectable<AccountProposalsTable>;
type Decision = "approved" | "refused" | "expired";

/** SQL over account_proposals; no rules here (dual-control.service.ts holds them). */
export class ProposalRepository {
  constructor(private readonly db: Kysely<DB>) {}

  insert(values: Insertable<AccountProposalsTable>, trx: Kysely<DB>): Promise<ProposalRow> {
    return trx.insertInto("account_proposals").values(values).returningAll().executeTakeFirstOrThrow();
  }

  find(id: string, db: Kysely<DB> = this.db): Promise<ProposalRow | undefined> {
    return db.selectFrom("account_proposals").selectAll().where("id", "=", id).executeTakeFirst();
  }

  async list(f: { status?: string; limit: number; offset: number }): Promise<{ rows: ProposalRow[]; total: number }> {
    let q = this.db.selectFrom("account_proposals");
    if (f.status) q = q.where("status", "=", f.status as ProposalRow["status"]);
    const rows = await q
      .selectAll()
      .orderBy("proposed_at", "desc")
      .orderBy("id")
      .limit(f.limit)
      .offset(f.offset)
      .execute();
    const { total } = await q.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
    return { rows, total: Number(total) };
  }

  /**
   * Decides a pending proposal in one conditional UPDATE, or returns undefined when it is no longer pending
   * (decided by someone else, or expired: `expires_at` against `now` for an approval or refusal, the other
   * way round for the expiry itself). On PostgreSQL a second, parallel decision waits for the first one's
   * row lock and then finds the row no longer pending: two approvals never both act.
   */
  decide(
    id: string,
    decision: { status: Decision; by: string | null; at: Date; note?: string | null },
    trx: Kysely<DB>,
  ): Promise<ProposalRow | undefined> {
    return trx
      .updateTable("account_proposals")
      .set({
        status: decision.status,
        decided_by: decision.by,
        decided_at: decision.at,
        decision_note: decision.note ?? null,
      })
      .where("id", "=", id)
      .where("status", "=", "pending")
      .where("expires_at", decision.status === "expired" ? "<=" : ">", decision.at)
      .returningAll()
      .executeTakeFirst();
  }

  async setAccount(id: string, accountId: string, trx: Kysely<DB>): Promise<ProposalRow> {
    return trx
      .updateTable("account_proposals")
      .set({ account_id: accountId })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
}
