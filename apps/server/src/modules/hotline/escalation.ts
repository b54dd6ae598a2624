/**
 * The deadline timer (督办), as in cases: one job per assigned request (kind hotline.deadline, key = request id),
 * armed with the assignment for just after the deadline. When it fires it re-reads the request under lock: one
 * answered, returned or merged meanwhile ends the timer, a deadline that moved re-arms it, an overdue one is
 * escalated — the department head and the supervisors are told, and the request's light is red. The job
 * runner deletes the job in the same transaction, so it runs exactly once per commit.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { Job } from "../../platform/jobs/index.js";
import { type HotlineDeps, SYSTEM } from "./context.js";
import type { HotlineWriter } from "./writer.js";

export class HotlineEscalation {
  constructor(
    private readonly deps: HotlineDeps,
    private readonly writer: HotlineWriter,
  ) {}

  async fire(job: Job, trx: Kysely<DB>): Promise<{ reschedule: Date } | undefined> {
    const row = await this.deps.repo.lock(String(job.payload.requestId ?? job.key), trx);
    if (row?.status !== "assigned" || !row.deadline_at || row.escalation_level > 0) return;
    const now = this.deps.clock.now();
    if (now.getTime() <= row.deadline_at.getTime()) return { reschedule: new Date(row.deadline_at.getTime() + 1) };
    const heads = row.department_id ? await this.deps.staffWithRole("dept_admin", row.department_id, trx) : [];
    const supervisors = await this.deps.staffWithRole("supervisor", undefined, trx);
    const updated = await this.writer.apply(trx, row, SYSTEM, {
      set: { escalation_level: 1 },
      type: "escalated",
      payload: { deadlineAt: row.deadline_at, departmentId: row.department_id },
      publish: true,
    });
    const recipients = [...new Set([...heads, ...supervisors])];
    if (recipients.length > 0)
      await this.deps.notify.send(trx, {
        recipients,
        kind: "hotline.overdue",
        title: { zh: `12345 诉求超时督办：${updated.number}`, en: `Overdue 12345 request: ${updated.number}` },
        body: {
          zh: `诉求 ${updated.number} 已超过办理时限，请督促办理。`,
          en: `Request ${updated.number} is past its time limit.`,
        },
        link: `/workbench/hotline/${row.id}`,
        subject: `hotline-request:${row.id}`,
      });
  }
}
