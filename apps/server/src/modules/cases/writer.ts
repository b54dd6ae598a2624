/**
 * The one way a case changes: lock the row, check the version the caller saw, apply the change, and in
 * the same transaction append the action to the case history, the entry to the audit log and the domain
 * event to the outbox. A crash anywhere rolls all of it back together.
 */
import type { Kysely, Updateable } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { PublishEvent } from "../../platform/events/index.js";
import type { WriteCte } from "../../platform/ports.js";
import type { CaseActor, CaseDeps } from "./context.js";
import type { CasesTable } from "./db.js";
import { CaseErrors } from "./errors.js";
import { type CaseRow, StaleCaseError } from "./repository.js";

export interface Transition {
  set: Updateable<CasesTable>;
  action: { type: string; comment?: string | null; payload?: Record<string, unknown> };
  /** Domain event type without the `case.` prefix (accepted, decided, …); none for bookkeeping. */
  event?: string;
  /** Other rows the change writes (the next step's tasks), in the history entry's statement. */
  writes?: WriteCte[];
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

  /**
   * Runs `fn` in one transaction on `row` as just read, without locking it first — for a command whose
   * checks were all made on that row (submission): one statement less than `locked`. Every change of a
   * case bumps its version and `apply` updates only the version it read, so if the row changed meanwhile
   * the update matches nothing (after waiting for a concurrent writer, like `locked`), the transaction rolls
   * back and the caller gets the same 409 as a stale version gets under `locked`.
   */
  async unlocked<T>(row: CaseRow, fn: (trx: Kysely<DB>, row: CaseRow) => Promise<T>): Promise<T> {
    try {
      return await this.deps.db.transaction().execute((trx) => fn(trx, row));
    } catch (err) {
      if (!(err instanceof StaleCaseError) || err.row.id !== row.id) throw err;
      const current = await this.deps.repo.find(row.id);
      throw CaseErrors.CASE_VERSION_CONFLICT({
        expected: row.version,
        current: current?.version ?? null,
        status: current?.status ?? row.status,
      });
    }
  }

  /** 409 when the caller acted on a version of the case that is no longer current (optimistic lock). */
  checkVersion(row: CaseRow, expected: number) {
    if (row.version !== expected)
      throw CaseErrors.CASE_VERSION_CONFLICT({ expected, current: row.version, status: row.status });
  }

  /**
   * The update, then the history entry, audit entry, domain event and the change's other rows together:
   * two statements.
   */
  async apply(trx: Kysely<DB>, row: CaseRow, actor: CaseActor, t: Transition): Promise<CaseRow> {
    const updated = await this.deps.repo.update(row, t.set, trx);
    const writes = [...(t.writes ?? [])];
    if (t.event)
      writes.push(...this.deps.events.publishCtes(this.event(updated, t.event, t.action.payload ?? {})).writes);
    await this.record(trx, updated, actor, t.action, writes);
    return updated;
  }

  /**
   * Appends a history entry and its audit entry without changing the case (claims, notices), with any
   * other writes of the change (`writes`: an event's outbox row and deliveries) in the same statement.
   */
  async record(
    trx: Kysely<DB>,
    row: CaseRow,
    actor: CaseActor,
    action: Transition["action"],
    writes: readonly WriteCte[] = [],
  ): Promise<void> {
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
      writes,
    );
  }

  private event(row: CaseRow, type: string, extra: Record<string, unknown>): PublishEvent {
    return {
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
    };
  }
}
