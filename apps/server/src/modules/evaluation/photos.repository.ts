/** SQL over evaluation photos (uploaded for an invitation, claimed by its evaluation). */
import type { Insertable, Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { EvaluationPhotosTable } from "./db.js";

export class PhotoRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async countForInvitation(invitationId: string, trx: Kysely<DB>): Promise<number> {
    const { n } = await trx
      .selectFrom("evaluation_photos")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("invitation_id", "=", invitationId)
      .executeTakeFirstOrThrow();
    return Number(n);
  }

  insert(trx: Kysely<DB>, values: Insertable<EvaluationPhotosTable>) {
    return trx.insertInto("evaluation_photos").values(values).returning(["id"]).executeTakeFirstOrThrow();
  }

  /** Claims an unclaimed upload of this invitation for the evaluation; false when there is none such. */
  async claim(trx: Kysely<DB>, photoId: string, invitationId: string, evaluationId: string): Promise<boolean> {
    const row = await trx
      .updateTable("evaluation_photos")
      .set({ evaluation_id: evaluationId })
      .where("id", "=", photoId)
      .where("invitation_id", "=", invitationId)
      .where("evaluation_id", "is", null)
      .returning("id")
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The photo an evaluation claimed, with what decides who may see it. */
  ofEvaluation(evaluationId: string) {
    return this.db
      .selectFrom("evaluation_photos as ph")
      .innerJoin("evaluations as e", "e.id", "ph.evaluation_id")
      .innerJoin("evaluation_invitations as i", "i.id", "e.invitation_id")
      .select(["ph.id", "ph.file_id", "e.department_id", "i.account_id", "e.invitation_id"])
      .where("ph.evaluation_id", "=", evaluationId)
      .executeTakeFirst();
  }
}
