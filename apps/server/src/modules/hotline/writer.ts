/**
 * The one way a request changes: its row, its timeline action, the audit entry and (for changes other
 * modules may react to) the outbox event, all in the caller's transaction.
 */
import type { Kysely, Updateable } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { Actor, HotlineDeps } from "./context.js";
import type { HotlineRequestsTable } from "./db.js";
import type { RequestRow } from "./repository.js";

export interface Change {
  set?: Updateable<HotlineRequestsTable>;
  /** Timeline type, e.g. "dispatched"; the audit type is `hotline.<type>`. */
  type: string;
  comment?: string | null;
  payload?: Record<string, unknown>;
  /** Publish `hotline.<type>` to the outbox as well. */
  publish?: boolean;
}

export class HotlineWriter {
  constructor(private readonly deps: HotlineDeps) {}

  async apply(trx: Kysely<DB>, row: RequestRow, actor: Actor, c: Change): Promise<RequestRow> {
    const at = this.deps.clock.now();
    const updated = await this.deps.repo.update(trx, row.id, { ...(c.set ?? {}), updated_at: at });
    await this.record(trx, updated, actor, c, at);
    return updated;
  }

  async record(trx: Kysely<DB>, row: RequestRow, actor: Actor, c: Change, at = this.deps.clock.now()): Promise<void> {
    const payload = c.payload ?? {};
    await this.deps.repo.appendAction(trx, {
      request_id: row.id,
      type: c.type,
      actor: actor.ref,
      actor_name: actor.name,
      at,
      comment: c.comment ?? null,
      payload: JSON.stringify(payload),
    });
    // The audit entry names no caller: the log is read by auditors, not by the 保密 caller's departments.
    await this.deps.audit.append(
      {
        type: `hotline.${c.type}`,
        actor: actor.ref,
        actingFor: null,
        subject: `hotline-request:${row.id}`,
        payload: { number: row.number, status: row.status, comment: c.comment ?? null, ...payload },
        time: at,
      },
      trx,
    );
    if (c.publish)
      await this.deps.events.publish(trx, {
        type: `hotline.${c.type}`,
        subject: `hotline-request:${row.id}`,
        payload: { requestId: row.id, number: row.number, ...payload },
      });
  }
}
