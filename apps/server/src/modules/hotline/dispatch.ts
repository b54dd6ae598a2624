/**
 * 派单: putting a request in a department's inbox, with its deadline computed on the work calendar and the
 * deadline timer (督办 job) armed in the same transaction; and taking it out again (退单, merge, answer).
 */
import type { Kysely } from "kysely";
import type { WorkCalendar } from "../../platform/calendar/work-calendar.js";
import type { DB } from "../../platform/db/schema.js";
import { type Actor, type DepartmentRef, HOTLINE_DEADLINE_JOB, type HotlineDeps } from "./context.js";
import { deadlineFor } from "./deadline.js";
import type { RequestRow } from "./repository.js";
import type { HotlineWriter } from "./writer.js";

export class Dispatcher {
  constructor(
    private readonly deps: HotlineDeps,
    private readonly writer: HotlineWriter,
  ) {}

  /** Assigns (or re-assigns, 改派) to a department; the time limit starts now. */
  async assign(
    trx: Kysely<DB>,
    row: RequestRow,
    department: DepartmentRef,
    actor: Actor,
    routedBy: "rule" | "operator",
    comment: string | null = null,
    /** The calendar read (cached) before the transaction; read inside it (uncached) otherwise. */
    calendar?: WorkCalendar,
  ): Promise<RequestRow> {
    const now = this.deps.clock.now();
    const cal = calendar ?? (await this.deps.calendar.calendar(trx));
    const deadline = deadlineFor(cal, now, { unit: row.limit_unit as "hours" | "days", value: row.limit_value });
    const reassigned = row.status === "assigned";
    const updated = await this.writer.apply(trx, row, actor, {
      set: {
        status: "assigned",
        department_id: department.id,
        assigned_at: now,
        deadline_at: deadline,
        escalation_level: 0,
      },
      type: reassigned ? "reassigned" : "dispatched",
      comment,
      payload: { departmentId: department.id, departmentName: department.name, routedBy, deadlineAt: deadline },
    });
    await this.deps.jobs.schedule(trx, {
      kind: HOTLINE_DEADLINE_JOB,
      key: row.id,
      runAt: new Date(deadline.getTime() + 1),
      payload: { requestId: row.id },
    });
    const staff = await this.inbox(department.id, trx);
    if (staff.length > 0)
      await this.deps.notify.send(trx, {
        recipients: staff,
        kind: "hotline.assigned",
        title: { zh: `12345 新派单：${updated.number}`, en: `New 12345 request: ${updated.number}` },
        body: {
          zh: `请在时限内办理并答复（截止 ${deadline.toISOString()}）。`,
          en: `Handle and answer it by ${deadline.toISOString()}.`,
        },
        link: `/workbench/hotline/${row.id}`,
        subject: `hotline-request:${row.id}`,
      });
    return updated;
  }

  /** Stops the deadline timer (the request left the department's hands). */
  stopTimer(trx: Kysely<DB>, id: string): Promise<void> {
    return this.deps.jobs.cancel(trx, HOTLINE_DEADLINE_JOB, id);
  }

  private async inbox(departmentId: string, trx: Kysely<DB>): Promise<string[]> {
    const lists = await Promise.all(
      ["window_clerk", "dept_admin"].map((r) => this.deps.staffWithRole(r, departmentId, trx)),
    );
    return [...new Set(lists.flat())];
  }
}
