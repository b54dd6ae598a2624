/** SQL over the invitations, evaluations, indicator sets and history; no rules here (the services hold them). */
import type { Insertable, Kysely, Selectable, SqlBool } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type {
  EvaluationHistoryTable,
  EvaluationIndicatorSetsTable,
  EvaluationInvitationsTable,
  EvaluationsTable,
} from "./db.js";

export type IndicatorSetRow = Selectable<EvaluationIndicatorSetsTable>;
export type InvitationRow = Selectable<EvaluationInvitationsTable>;
export type EvaluationRow = Selectable<EvaluationsTable>;
/** An evaluation with its exclusion (an upheld appeal), if any, and whether a photo came with it. */
export type EvaluationWithExclusion = EvaluationRow & {
  excluded_reason: string | null;
  excluded_at: Date | null;
  /** SqlBool: PostgreSQL answers a boolean, and PGlite too; mapped with Boolean(). */
  has_photo: SqlBool;
};

export class EvaluationRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The newest active indicator set of a mode. */
  activeSet(mode: "online" | "offline", db: Kysely<DB> = this.db): Promise<IndicatorSetRow | undefined> {
    return db
      .selectFrom("evaluation_indicator_sets")
      .selectAll()
      .where("mode", "=", mode)
      .where("active", "=", true)
      .orderBy("version", "desc")
      .executeTakeFirst();
  }

  indicatorSet(id: string, db: Kysely<DB> = this.db): Promise<IndicatorSetRow | undefined> {
    return db.selectFrom("evaluation_indicator_sets").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /** The new invitation, or undefined when the subject has one already (one per subject). */
  insertInvitation(
    trx: Kysely<DB>,
    values: Insertable<EvaluationInvitationsTable>,
  ): Promise<InvitationRow | undefined> {
    return trx
      .insertInto("evaluation_invitations")
      .values(values)
      .onConflict((oc) => oc.columns(["subject_kind", "subject_id"]).doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  invitation(id: string, db: Kysely<DB> = this.db): Promise<InvitationRow | undefined> {
    return db.selectFrom("evaluation_invitations").selectAll().where("id", "=", id).executeTakeFirst();
  }

  invitationBySubject(kind: string, subjectId: string, db: Kysely<DB> = this.db): Promise<InvitationRow | undefined> {
    return db
      .selectFrom("evaluation_invitations")
      .selectAll()
      .where("subject_kind", "=", kind)
      .where("subject_id", "=", subjectId)
      .executeTakeFirst();
  }

  invitationByToken(tokenHash: Buffer, db: Kysely<DB> = this.db): Promise<InvitationRow | undefined> {
    return db.selectFrom("evaluation_invitations").selectAll().where("token_hash", "=", tokenHash).executeTakeFirst();
  }

  /** The invitation locked for the rest of the transaction (two evaluations of one subject run one at a time). */
  lockInvitation(id: string, trx: Kysely<DB>): Promise<InvitationRow | undefined> {
    return trx.selectFrom("evaluation_invitations").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
  }

  async mine(accountId: string, limit: number, offset: number): Promise<{ rows: InvitationRow[]; total: number }> {
    const rows = await this.db
      .selectFrom("evaluation_invitations")
      .selectAll()
      .where("account_id", "=", accountId)
      .orderBy("created_at", "desc")
      .orderBy("id")
      .limit(limit)
      .offset(offset)
      .execute();
    const { n } = await this.db
      .selectFrom("evaluation_invitations")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("account_id", "=", accountId)
      .executeTakeFirstOrThrow();
    return { rows, total: Number(n) };
  }

  evaluationsOf(invitationIds: string[], db: Kysely<DB> = this.db): Promise<EvaluationWithExclusion[]> {
    if (invitationIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom("evaluations as e")
      .leftJoin("evaluation_exclusions as x", "x.evaluation_id", "e.id")
      .selectAll("e")
      .select(["x.reason as excluded_reason", "x.decided_at as excluded_at"])
      .select((eb) =>
        eb
          .exists(eb.selectFrom("evaluation_photos as ph").select("ph.id").whereRef("ph.evaluation_id", "=", "e.id"))
          .as("has_photo"),
      )
      .where("e.invitation_id", "in", invitationIds)
      .orderBy("e.created_at")
      .execute();
  }

  evaluation(id: string, db: Kysely<DB> = this.db): Promise<EvaluationWithExclusion | undefined> {
    return db
      .selectFrom("evaluations as e")
      .leftJoin("evaluation_exclusions as x", "x.evaluation_id", "e.id")
      .selectAll("e")
      .select(["x.reason as excluded_reason", "x.decided_at as excluded_at"])
      .select((eb) =>
        eb
          .exists(eb.selectFrom("evaluation_photos as ph").select("ph.id").whereRef("ph.evaluation_id", "=", "e.id"))
          .as("has_photo"),
      )
      .where("e.id", "=", id)
      .executeTakeFirst();
  }

  insertEvaluation(trx: Kysely<DB>, values: Insertable<EvaluationsTable>): Promise<EvaluationRow> {
    return trx.insertInto("evaluations").values(values).returningAll().executeTakeFirstOrThrow();
  }

  async appendHistory(trx: Kysely<DB>, values: Insertable<EvaluationHistoryTable>): Promise<void> {
    await trx.insertInto("evaluation_history").values(values).execute();
  }

  history(invitationId: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom("evaluation_history")
      .selectAll()
      .where("invitation_id", "=", invitationId)
      .orderBy("id")
      .execute();
  }
}
