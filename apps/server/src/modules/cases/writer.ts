/**
 * The one way a case changes: check the version the caller saw (under the row's lock, or in the update
 * itself), then apply the change with its history entry, audit entry and domain event in one statement —
 * in the command's transaction, or alone for a submission. A crash anywhere rolls all of it back together.
 */
import type { Insertable, Kysely, Updateable } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { PublishEvent } from "../../platform/events/index.js";
import type { WriteCte } from "../../platform/ports.js";
import type { CaseActor, CaseDeps } from "./context.js";
import type { CasesTable, CaseTasksTable } from "./db.js";
import { CaseErrors } from "./errors.js";
import { type CaseChildren, type CaseRow, StaleCaseError } from "./repository.js";

export interface Transition {
  set: Updateable<CasesTable>;
  action: { type: string; comment?: string | null; payload?: Record<string, unknown> };
  /** Domain event type without the `case.` prefix (accepted, decided, …); none for bookkeeping. */
  event?: string;
  /** The tasks the change opens (the next step's), in the history entry's statement. */
  tasks?: Insertable<CaseTasksTable>[];
  /** Other rows the change writes, in the history entry's statement. */
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
      throw await this.conflict(row);
    }
  }

  /** The 409 for a change made on `row` after the case moved on, with the version it is at now. */
  private async conflict(row: CaseRow) {
    const current = await this.deps.repo.find(row.id);
    return CaseErrors.CASE_VERSION_CONFLICT({
      expected: row.version,
      current: current?.version ?? null,
      status: current?.status ?? row.status,
    });
  }

  /** 409 when the caller acted on a version of the case that is no longer current (optimistic lock). */
  checkVersion(row: CaseRow, expected: number) {
    if (row.version !== expected)
      throw CaseErrors.CASE_VERSION_CONFLICT({ expected, current: row.version, status: row.status });
  }

  /**
   * The update with its history entry, audit entry, domain event and the change's other rows: one
   * statement (CaseRepository.update), in the caller's transaction.
   */
  async apply(trx: Kysely<DB>, row: CaseRow, actor: CaseActor, t: Transition): Promise<CaseRow> {
    return (await this.#update(trx, row, actor, t, false)).row;
  }

  /**
   * `apply` as a statement of its own, without a transaction, for a change whose checks were all made on
   * `row` as just read and that writes nothing else (a submission whose first step is not a decision): one
   * round trip where `unlocked` takes four (begin, update, history, commit). A stale version writes nothing
   * and gets the same 409. Being the change's only statement, it also answers the case's children after it:
   * the detail the caller answers with needs no further read.
   */
  async applyAlone(row: CaseRow, actor: CaseActor, t: Transition): Promise<{ row: CaseRow; children: CaseChildren }> {
    try {
      const { row: updated, children } = await this.#update(this.deps.db, row, actor, t, true);
      return { row: updated, children: children as CaseChildren };
    } catch (err) {
      if (err instanceof StaleCaseError && err.row.id === row.id) throw await this.conflict(row);
      throw err;
    }
  }

  #update(db: Kysely<DB>, row: CaseRow, actor: CaseActor, t: Transition, children: boolean) {
    // What the row will be, for the entries written beside the update (number, status and version).
    const next = { ...row, ...t.set, version: row.version + 1 } as CaseRow;
    const other = [...(t.writes ?? [])];
    if (t.event) other.push(...this.deps.events.publishCtes(this.event(next, t.event, t.action.payload ?? {})).writes);
    const history = this.history(next, actor, t.action);
    return this.deps.repo.update(row, t.set, history, { tasks: t.tasks, other }, db, { children });
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
    const { values, audit } = this.history(row, actor, action);
    await this.deps.repo.appendAction(values, audit, trx, writes);
  }

  /** The history entry of a change to `row` (as it is after the change) and its audit entry. */
  private history(row: CaseRow, actor: CaseActor, action: Transition["action"]) {
    const at = this.deps.clock.now();
    const payload = action.payload ?? {};
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
    const values = {
      case_id: row.id,
      type: action.type,
      actor_kind: actor.kind,
      actor_id: actor.id,
      actor_name: actor.name,
      acting_for: actor.actingFor,
      at,
      comment: action.comment ?? null,
      payload: JSON.stringify(payload),
    };
    return { values, audit };
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
