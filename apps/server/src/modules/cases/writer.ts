/**
 * The one way a case changes: lock the row, check the version the caller saw, apply the change, and in
 * the same transaction append the action to the case history, the entry to the audit log and the domain
 * event to the outbox. A crash anywhere rolls all of it back together.
 */
import type { Kysely, Updateable } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { CaseActor, CaseDeps } from "./context.js";
import type { CasesTable } from "./db.js";
import { CaseErrors } from "./errors.js";
import type { CaseRow } from "./repository.js";

export interface Transition {
  set: Updateable<CasesTable>;
  action: { type: string; comment?: string | null; payload?: Record<string, unknown> };
  /** Domain event type without the `case.` prefix (accepted, decided, …); none for bookkeeping. */
  event?: string;
}

export function auditActor(actor: CaseActor): string {
  return actor.kind === "system" ? "system" : `${actor.kind}:${actor.id}`;
}

export class CaseWriter {
  constructor(private readonly deps: CaseDeps) {}

  /** Runs `fn` on the locked case in one transaction (404 when it does not exist). */
  locked<T>(caseId: string, fn: (trx: Kysely<DB>, row: CaseRow) => Promise<T>): Promise<T> {
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await this.deps.repo.lock(caseId, trx);
      if (!row) throw CaseErrors.CASE_NOT_FOUND({ id: caseId });
      return fn(trx, row);
    });
  }

  /** 409 when the caller acted on a version of the case that is no longer current (optimistic lock). */
  checkVersion(row: CaseRow, expected: number) {
    if (row.version !== expected)
      throw CaseErrors.CASE_VERSION_CONFLICT({ expected, current: row.version, status: row.status });
  }

  async apply(trx: Kysely<DB>, row: CaseRow, actor: CaseActor, t: Transition): Promise<CaseRow> {
    const updated = await this.deps.repo.update(row, t.set, trx);
    await this.record(trx, updated, actor, t.action);
    if (t.event) await this.publish(trx, updated, t.event, t.action.payload ?? {});
    return updated;
  }

  /** Appends a history entry and its audit entry without changing the case (claims, notices). */
  async record(trx: Kysely<DB>, row: CaseRow, actor: CaseActor, action: Transition["action"]): Promise<void> {
    const at = this.deps.clock.now();
    const payload = action.payload ?? {};
    // The history entry and its audit entry in one statement: every command on a case pays one round trip less.
    const audit = this.deps.audit.entryCte({
      type: `case.${action.type}`,
      actor: auditActor(actor),
      actingFor: actor.actingFor,
      subject: `case:${row.id}`,
      payload: {
        number: row.number,
        status: row.status,
        version: row.version,
        comment: action.comment ?? null,
        ...payload,
      },
      time: at,
    });
    await this.deps.repo.appendAction(
      {
        case_id: row.id,
        type: action.type,
        actor_kind: actor.kind,
        actor_id: actor.id,
        actor_name: actor.name,
        acting_for: actor.actingFor,
        at,
        comment: action.comment ?? null,
        payload: JSON.stringify(payload),
      },
      audit,
      trx,
    );
  }

  async publish(trx: Kysely<DB>, row: CaseRow, type: string, extra: Record<string, unknown> = {}) {
    await this.deps.events.publish(trx, {
      type: `case.${type}`,
      subject: `case:${row.id}`,
      payload: {
        ...extra,
        caseId: row.id,
        number: row.number,
        itemCode: row.item_code,
        itemVersion: row.item_version,
        status: row.status,
        outcome: row.outcome,
        applicantAccountId: row.applicant_account_id,
        enterpriseId: row.enterprise_id,
        bundleApplicationId: row.bundle_application_id,
      },
    });
  }
}
