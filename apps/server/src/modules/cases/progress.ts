/**
 * Moving a case along its plan: opening a step's tasks, starting and stopping the clock, and keeping the
 * deadline timer (a job in PostgreSQL, written in the same transaction as the transition) in step.
 */
import type { Insertable, Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { CaseDeps } from "./context.js";
import type { CaseTasksTable } from "./db.js";
import { initialDeadline, movedDeadline } from "./deadline.js";
import { planOf } from "./mapping.js";
import type { CaseRow, PauseRow } from "./repository.js";

export const DEADLINE_JOB = "case.deadline";

export class CaseProgress {
  constructor(private readonly deps: CaseDeps) {}

  /** The open tasks of step `index` (one per parallel branch): the transition's statement inserts them. */
  stepTasks(row: CaseRow, index: number): Insertable<CaseTasksTable>[] {
    const step = planOf(row).steps[index];
    if (!step) throw new Error(`case ${row.id} has no step ${index}`);
    const tasks = step.branches.map((b, branch) => ({
      case_id: row.id,
      step: index,
      branch,
      stage: b.stage,
      dept: b.dept,
      dept_id: b.deptId,
      dept_name: b.deptName,
    }));
    return tasks;
  }

  /**
   * Opens the 送达 task once the case is decided: the lead (implementing) department's window hands over
   * the result or the denial, so the case sits in that window's queue (待办) until it is delivered. It
   * comes after the plan's last step (step = number of steps), one branch.
   */
  async openDelivery(trx: Kysely<DB>, row: CaseRow): Promise<void> {
    const plan = planOf(row);
    await this.deps.repo.insertTasks(
      [
        {
          case_id: row.id,
          step: plan.steps.length,
          branch: 0,
          stage: "deliver",
          dept: plan.lead.key,
          dept_id: plan.lead.id,
          dept_name: plan.lead.name,
        },
      ],
      trx,
    );
  }

  /** The deadline date when the clock starts at `acceptedAt`. */
  async startClock(trx: Kysely<DB>, row: CaseRow, acceptedAt: Date): Promise<string> {
    const cal = await this.deps.calendar.calendar(trx);
    return initialDeadline(cal, acceptedAt, row.promise_days);
  }

  /** The deadline after a stop (only moves once the clock has started, i.e. after acceptance). */
  async restartClock(
    trx: Kysely<DB>,
    row: CaseRow,
    pause: PauseRow,
    now: Date,
  ): Promise<{ deadlineDate: string | null; waited: number }> {
    if (!row.deadline_date || !row.paused_at) return { deadlineDate: row.deadline_date, waited: 0 };
    const cal = await this.deps.calendar.calendar(trx);
    return movedDeadline(cal, row.deadline_date, pause.started_at, now);
  }

  /** (Re)arms the deadline timer: it fires at the end of the deadline day (see escalation.ts). */
  async armTimer(trx: Kysely<DB>, row: CaseRow): Promise<void> {
    if (!row.deadline_date) return;
    const cal = await this.deps.calendar.calendar(trx);
    await this.deps.jobs.schedule(trx, {
      kind: DEADLINE_JOB,
      key: row.id,
      runAt: new Date(cal.endOfDay(row.deadline_date).getTime() + 1),
      payload: { caseId: row.id },
    });
  }

  async disarmTimer(trx: Kysely<DB>, row: CaseRow): Promise<void> {
    await this.deps.jobs.cancel(trx, DEADLINE_JOB, row.id);
  }
}
