/**
 * The payment system's notification that an order was paid (支付结果通知). Checked in this order: the
 * signature (401, nothing read), the order (404), the amount (422, nothing written); then, with the order
 * row locked, a notification for an order already paid changes nothing (a repeated or a parallel one pays
 * once). The payment, the sealed receipt (电子缴款凭证), the case history entry, the audit entry and the
 * `payment.paid` event are written in one transaction.
 */
import { createHash } from "node:crypto";
import type { PaymentNotice, PaymentNoticeResult } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { PaymentDeps } from "./context.js";
import { PaymentErrors } from "./errors.js";
import { OVERDUE_JOB } from "./orders.js";
import { receiptPdf } from "./receipt.js";
import type { PaymentOrderRow } from "./repository.js";

export async function acceptNotice(deps: PaymentDeps, notice: PaymentNotice): Promise<PaymentNoticeResult> {
  if (!deps.adapter.verifyNotice(notice)) throw PaymentErrors.PAYMENT_SIGNATURE_INVALID();
  return deps.db.transaction().execute(async (trx) => {
    const order = await deps.repo.lockByCode(notice.code, trx);
    if (!order) throw PaymentErrors.PAYMENT_ORDER_NOT_FOUND({ code: notice.code });
    if (notice.amountFen !== order.amount_fen)
      throw PaymentErrors.PAYMENT_AMOUNT_MISMATCH({ expectedFen: order.amount_fen, paidFen: notice.amountFen });
    if (order.status === "paid") return { result: "SUCCESS" as const, status: "paid" as const, duplicate: true };
    await markPaid(deps, trx, order, notice);
    return { result: "SUCCESS" as const, status: "paid" as const, duplicate: false };
  });
}

async function markPaid(deps: PaymentDeps, trx: Kysely<DB>, order: PaymentOrderRow, notice: PaymentNotice) {
  const paidAt = new Date(notice.paidAt);
  // 凭证号码: the 缴款码 with a receipt prefix; one receipt per order.
  const receiptNumber = `PZ${order.code}`;
  const lines = order.lines as { name: string; amountFen: number; basis: string }[];
  const pdf = await receiptPdf({
    receiptNumber,
    code: order.code,
    caseNumber: order.case_number,
    payerName: order.payer_name,
    itemName: order.item_name,
    lines,
    amountFen: order.amount_fen,
    transactionId: notice.transactionId,
    channel: notice.channel,
    paidAt: notice.paidAt,
    departmentName: order.department_name,
  });
  const seal = await deps.seals.issuingSeal(order.department_id, trx);
  const sealed = await deps.seals.sealDocument(trx, seal, pdf, `电子缴款凭证 ${receiptNumber}`, null);
  const stored = await deps.files.put(
    sealed,
    { name: `${receiptNumber}.pdf`, contentType: "application/pdf", createdBy: "system:payments" },
    trx,
  );
  await deps.repo.update(
    order.id,
    {
      status: "paid",
      paid_at: paidAt,
      transaction_id: notice.transactionId,
      channel: notice.channel,
      receipt_number: receiptNumber,
      receipt_file_id: stored.id,
      receipt_sha256: createHash("sha256").update(sealed).digest("hex"),
    },
    trx,
  );
  await deps.jobs.cancel(trx, OVERDUE_JOB, order.id);
  const payload = {
    code: order.code,
    amountFen: order.amount_fen,
    transactionId: notice.transactionId,
    receiptNumber,
  };
  await deps.cases().record(trx, order.case_id, "fee_paid", payload);
  await deps.audit.append(
    { type: "payment.paid", actor: "system", subject: `payment:${order.id}`, payload, time: deps.clock.now() },
    trx,
  );
  await deps.events.publish(trx, {
    type: "payment.paid",
    subject: `payment:${order.id}`,
    payload: { ...payload, orderId: order.id, caseId: order.case_id },
  });
}
