/**
 * Raising the payment order (缴款通知书), the cases module's FeeGate. The rule, one for every item: an item
 * whose catalog fees add up to more than zero is paid after approval and before delivery (先审后缴); the
 * order is raised in the approval's transaction and delivery waits until it is paid. The lines are the
 * fees of the item version the case was filed under; the due date is `dueWorkingDays` working days after
 * the approval on the work calendar; a job at the end of that day flags an order still unpaid (overdue.ts).
 */
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { FeeGate } from "../cases/index.js";
import { paymentCode, toFen } from "./code.js";
import type { PaymentDeps } from "./context.js";
import { PaymentErrors } from "./errors.js";

export const OVERDUE_JOB = "payments.overdue";
const MAX_FEN = 2_147_483_647;

export function feeGate(deps: PaymentDeps): FeeGate {
  return {
    async onApproved(trx, c) {
      const item = await deps.items.getVersion(c.itemCode, c.itemVersion, true, trx);
      const lines = item.fees
        .map((f) => ({ name: f.name, amountFen: toFen(f.amount), basis: f.basis, exemption: f.exemption ?? null }))
        .filter((l) => l.amountFen > 0);
      const amountFen = lines.reduce((sum, l) => sum + l.amountFen, 0);
      if (amountFen === 0) return null;
      if (amountFen > MAX_FEN) throw PaymentErrors.PAYMENT_AMOUNT_TOO_LARGE({ amountFen });
      const department = await deps.departments.get(c.departmentId, trx);
      const { deadline, deadlineDate } = await deps.calendar.addWorkingDays(c.approvedAt, deps.config.dueWorkingDays);
      const code = await nextCode(deps, trx, department.regionCode, c.approvedAt);
      const order = await deps.repo.insert(
        {
          case_id: c.caseId,
          case_number: c.number,
          code,
          item_code: c.itemCode,
          item_name: item.name,
          department_id: department.id,
          department_name: department.name,
          payer_account_id: c.payerAccountId,
          payer_name: c.payerName,
          lines: JSON.stringify(lines),
          amount_fen: amountFen,
          due_date: deadlineDate,
          created_at: c.approvedAt,
        },
        trx,
      );
      await deps.adapter.createOrder(trx, {
        code,
        amountFen,
        payerName: c.payerName,
        itemName: item.name,
        dueDate: deadlineDate,
      });
      await deps.jobs.schedule(trx, { kind: OVERDUE_JOB, key: order.id, runAt: deadline });
      await deps.audit.append(
        {
          type: "payment.ordered",
          actor: "system",
          subject: `payment:${order.id}`,
          payload: { caseId: c.caseId, code, amountFen, dueDate: deadlineDate },
          time: c.approvedAt,
        },
        trx,
      );
      await deps.events.publish(trx, {
        type: "payment.ordered",
        subject: `payment:${order.id}`,
        payload: { orderId: order.id, caseId: c.caseId, code, amountFen, dueDate: deadlineDate },
      });
      return { code, amountFen, dueDate: deadlineDate };
    },

    async unpaid(trx, caseId) {
      const order = await deps.repo.byCase(caseId, trx);
      if (!order || order.status === "paid") return null;
      return { code: order.code, amountFen: order.amount_fen, dueDate: order.due_date };
    },
  };
}

async function nextCode(deps: PaymentDeps, trx: Kysely<DB>, regionCode: string, at: Date): Promise<string> {
  const year = Number(new Intl.DateTimeFormat("en", { timeZone: deps.config.timeZone, year: "numeric" }).format(at));
  const prefix = `${regionCode}${String(year % 100).padStart(2, "0")}`;
  return paymentCode(regionCode, year, await deps.repo.nextSerial(prefix, trx));
}
