/**
 * The one way something is recorded about an invitation: its history row, the audit entry and (for
 * changes other modules may react to) the outbox event, all in the caller's transaction.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { Actor, EvaluationDeps } from "./context.js";

export interface Happening {
  invitationId: string;
  evaluationId?: string | null;
  /** History type, e.g. "evaluated"; the audit type is `evaluation.<type>`. */
  type: string;
  comment?: string | null;
  payload?: Record<string, unknown>;
  /** Publish `evaluation.<type>` to the outbox as well. */
  publish?: boolean;
}

export class EvaluationWriter {
  constructor(private readonly deps: EvaluationDeps) {}

  async record(trx: Kysely<DB>, actor: Actor, h: Happening): Promise<void> {
    const at = this.deps.clock.now();
    const payload = h.payload ?? {};
    await this.deps.repo.appendHistory(trx, {
      invitation_id: h.invitationId,
      evaluation_id: h.evaluationId ?? null,
      type: h.type,
      actor: actor.ref,
      actor_name: actor.name,
      at,
      comment: h.comment ?? null,
      payload: JSON.stringify(payload),
    });
    const subject = h.evaluationId ? `evaluation:${h.evaluationId}` : `evaluation-invitation:${h.invitationId}`;
    await this.deps.audit.append(
      {
        type: `evaluation.${h.type}`,
        actor: actor.ref,
        actingFor: actor.actingFor,
        subject,
        payload: { invitationId: h.invitationId, comment: h.comment ?? null, ...payload },
        time: at,
      },
      trx,
    );
    if (h.publish)
      await this.deps.events.publish(trx, {
        type: `evaluation.${h.type}`,
        subject,
        payload: { invitationId: h.invitationId, evaluationId: h.evaluationId ?? null, ...payload },
      });
  }
}
