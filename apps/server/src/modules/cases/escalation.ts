/**
 * The deadline timer (督办). One job per case (kind case.deadline, key = case id) is armed in the same
 * transaction as acceptance, a resume or a supplement answer, for just after the end of the deadline day.
 * When it fires, it re-reads the case under lock: a case decided, withdrawn or paused in the meantime
 * ends the timer; a deadline that moved re-arms it; an overdue case escalates — first to the head of the
 * departments holding its open tasks, then, `escalationWorkingDays` later, to the supervisors. The job
 * runner deletes the job in the same transaction as these writes, so a crash before commit runs it again
 * and a commit runs it exactly once, whichever process picks it up.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { Job } from "../../platform/jobs/index.js";
import { type CaseDeps, SYSTEM } from "./context.js";
import type { CaseRow } from "./repository.js";
import { IN_PROGRESS } from "./state.js";
import { CaseWriter } from "./writer.js";

export class Escalation {
  private readonly writer: CaseWriter;

  constructor(private readonly deps: CaseDeps) {
    this.writer = new CaseWriter(deps);
  }

  /** The job handler: returns a new run time, or nothing when the timer is done. */
  async fire(job: Job, trx: Kysely<DB>): Promise<{ reschedule: Date } | undefined> {
    const row = await this.deps.repo.lock(String(job.payload.caseId ?? job.key), trx);
    if (!row || !IN_PROGRESS.has(row.status as never) || !row.deadline_date) return;
    const cal = await this.deps.calendar.calendar(trx);
    const now = this.deps.clock.now();
    const due = cal.endOfDay(row.deadline_date);
    if (now.getTime() <= due.getTime()) return { reschedule: new Date(due.getTime() + 1) };
    // The second level comes escalationWorkingDays working days after the deadline.
    const second = cal.endOfDay(cal.nthWorkingDayAfter(row.deadline_date, this.deps.config.escalationWorkingDays));
    if (row.escalation_level === 0) {
      await this.escalate(trx, row, 1);
      return { reschedule: new Date(Math.max(second.getTime() + 1, now.getTime() + 1)) };
    }
    if (row.escalation_level === 1) {
      if (now.getTime() <= second.getTime()) return { reschedule: new Date(second.getTime() + 1) };
      await this.escalate(trx, row, 2);
    }
  }

  private async escalate(trx: Kysely<DB>, row: CaseRow, level: 1 | 2) {
    const open = await this.deps.repo.openTasks(row.id, trx);
    const deptIds = [...new Set(open.map((t) => t.dept_id))];
    const recipients =
      level === 1
        ? (await Promise.all(deptIds.map((d) => this.deps.staffWithRole("dept_admin", d, trx)))).flat()
        : await this.deps.staffWithRole("supervisor", undefined, trx);
    const updated = await this.writer.apply(trx, row, SYSTEM, {
      set: { escalation_level: level },
      action: {
        type: "escalated",
        payload: {
          level,
          deadlineDate: row.deadline_date,
          departments: open.map((t) => t.dept_name),
          recipients: recipients.length,
        },
      },
      event: "escalated",
    });
    if (recipients.length > 0)
      await this.deps.notify.send(trx, {
        recipients: [...new Set(recipients)],
        kind: level === 1 ? "case.overdue" : "case.overdue.supervision",
        title: {
          zh: `办件超期${level === 1 ? "督办" : "（上报效能督查）"}：${updated.number}`,
          en: `Overdue case${level === 1 ? "" : " (escalated to supervision)"}: ${updated.number}`,
        },
        body: {
          zh: `${updated.item_name}（${updated.number}）已超过承诺时限 ${row.deadline_date}，请督促办理。`,
          en: `${updated.item_name} (${updated.number}) is past its deadline of ${row.deadline_date}.`,
        },
        link: `/workbench/cases/${row.id}`,
        subject: `case:${row.id}`,
      });
  }
}
