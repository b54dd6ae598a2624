/**
 * The rectification deadline timer (督办), like a case's: one job per ticket (key = ticket id), armed when
 * the 差评 opens it and cancelled by the reply. When it fires it re-reads the ticket under lock: answered or
 * void ends the timer; before the deadline it re-arms; past it the department's heads are told (level 1),
 * and EVALUATION_ESCALATION_WORKING_DAYS working days later the supervisors (level 2). The job runner
 * deletes the job in the same transaction as these writes, so each level happens exactly once.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { Job } from "../../platform/jobs/index.js";
import { type EvaluationDeps, SYSTEM } from "./context.js";
import type { RectificationRow } from "./rectifications.repository.js";
import type { EvaluationWriter } from "./writer.js";

const OPEN = new Set(["verifying", "rectifying"]);

export class RectificationEscalation {
  constructor(
    private readonly deps: EvaluationDeps,
    private readonly writer: EvaluationWriter,
  ) {}

  async fire(job: Job, trx: Kysely<DB>): Promise<{ reschedule: Date } | undefined> {
    const row = await this.deps.rectifications.lock(String(job.payload.rectificationId ?? job.key), trx);
    if (!row || !OPEN.has(row.status)) return;
    const cal = await this.deps.calendar.calendar(trx);
    const now = this.deps.clock.now();
    const due = cal.endOfDay(row.deadline_date);
    if (now.getTime() <= due.getTime()) return { reschedule: new Date(due.getTime() + 1) };
    const second = cal.endOfDay(cal.nthWorkingDayAfter(row.deadline_date, this.deps.config.escalationWorkingDays));
    if (row.escalation_level === 0) {
      await this.escalate(trx, row, 1, now);
      return { reschedule: new Date(Math.max(second.getTime() + 1, now.getTime() + 1)) };
    }
    if (row.escalation_level === 1) {
      if (now.getTime() <= second.getTime()) return { reschedule: new Date(second.getTime() + 1) };
      await this.escalate(trx, row, 2, now);
    }
  }

  private async escalate(trx: Kysely<DB>, row: RectificationRow, level: 1 | 2, now: Date) {
    const e = await this.deps.repo.evaluation(row.evaluation_id, trx);
    const inv = e ? await this.deps.repo.invitation(e.invitation_id, trx) : undefined;
    if (!inv) throw new Error(`rectification ${row.id} without its invitation`);
    await this.deps.rectifications.update(trx, row, { escalation_level: level }, now);
    const recipients =
      level === 1
        ? await this.deps.staffWithRole("dept_admin", row.department_id, trx)
        : await this.deps.staffWithRole("supervisor", undefined, trx);
    await this.writer.record(trx, SYSTEM, {
      invitationId: inv.id,
      evaluationId: row.evaluation_id,
      type: "rectification_escalated",
      payload: { rectificationId: row.id, level, deadlineDate: row.deadline_date, recipients: recipients.length },
      publish: true,
    });
    if (recipients.length > 0)
      await this.deps.notify.send(trx, {
        recipients: [...new Set(recipients)],
        kind: level === 1 ? "evaluation.overdue" : "evaluation.overdue.supervision",
        title: {
          zh: `差评整改超期${level === 1 ? "督办" : "（上报效能督查）"}：${inv.item_name}`,
          en: `Overdue bad-review rectification${level === 1 ? "" : " (escalated to supervision)"}: ${inv.item_name}`,
        },
        body: {
          zh: `${inv.department_name} 对 ${inv.subject_label} 的差评未在 ${row.deadline_date} 前答复，请督促整改。`,
          en: `${inv.department_name} did not answer the bad review of ${inv.subject_label} by ${row.deadline_date}.`,
        },
        link: "/workbench/evaluation",
        subject: `evaluation:${row.evaluation_id}`,
      });
  }
}
