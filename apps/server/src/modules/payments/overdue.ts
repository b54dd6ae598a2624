/**
 * An order still unpaid at the end of its due date is flagged to the clerk: the order carries the flag
 * (the case page shows 已逾期), the case history records it, and the implementing department's window
 * clerks get a notification to follow it up. Runs as the OVERDUE_JOB scheduled when the order was raised.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { Job } from "../../platform/jobs/index.js";
import type { PaymentDeps } from "./context.js";

export async function flagOverdue(deps: PaymentDeps, job: Job, trx: Kysely<DB>): Promise<void> {
  const order = await deps.repo.lockById(job.key, trx);
  if (!order || order.status === "paid" || order.overdue_flagged_at) return;
  await deps.repo.update(order.id, { overdue_flagged_at: deps.clock.now() }, trx);
  await deps.cases().record(trx, order.case_id, "fee_overdue", { code: order.code, dueDate: order.due_date });
  const clerks = await deps.clerks(order.department_id, trx);
  if (clerks.length > 0)
    await deps.notify.send(trx, {
      recipients: clerks,
      kind: "payment.overdue",
      title: {
        zh: `缴费逾期：${order.case_number ?? order.code}`,
        en: `Fee overdue: ${order.case_number ?? order.code}`,
      },
      body: {
        zh: `${order.item_name}（${order.case_number ?? ""}）的缴款通知书已过缴款期限 ${order.due_date}，申请人尚未缴费，请跟进。`,
        en: `The payment order of ${order.case_number ?? order.code} passed its due date ${order.due_date} unpaid: please follow up.`,
      },
      link: `/workbench/cases/${order.case_id}`,
      subject: `case:${order.case_id}`,
    });
}
