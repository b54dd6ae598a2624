/**
 * The payments read side and the demo pay button: a case's payment order for whoever may read the case
 * (the overdue flag computed on the work calendar's local date), the demo payment by the applicant, the
 * payment system's notification, and the sealed receipt's download.
 */
import type { PaymentNotice, PaymentOrder, PaymentOrderLine } from "@yiwang/contracts";
import type { Principal } from "../../platform/auth/permissions.js";
import { localDate } from "../../platform/clock/clock.js";
import { DemoPaymentAdapter } from "./adapter.js";
import type { PaymentDeps } from "./context.js";
import { PaymentErrors } from "./errors.js";
import { acceptNotice } from "./notices.js";
import type { PaymentOrderRow } from "./repository.js";

export class PaymentService {
  constructor(private readonly deps: PaymentDeps) {}

  async forCase(p: Principal, caseId: string): Promise<PaymentOrder | null> {
    await this.deps.cases().assertAccess(p, caseId, "read");
    const row = await this.deps.repo.byCase(caseId);
    return row ? this.view(row) : null;
  }

  async get(p: Principal, id: string): Promise<PaymentOrder> {
    const row = await this.readable(p, id, "read");
    return this.view(row);
  }

  /** 支付 on the demo pay page: the demo payment system records it and notifies as a real one would. */
  async demoPay(p: Principal, id: string): Promise<PaymentOrder> {
    const row = await this.readable(p, id, "pay");
    const adapter = this.deps.adapter;
    if (!(adapter instanceof DemoPaymentAdapter)) throw PaymentErrors.PAYMENT_ADAPTER_UNSUPPORTED();
    if (row.status !== "paid") await acceptNotice(this.deps, await adapter.pay(row.code, row.amount_fen));
    return this.view((await this.deps.repo.byId(id)) ?? row);
  }

  notice(notice: PaymentNotice) {
    return acceptNotice(this.deps, notice);
  }

  async receipt(p: Principal, id: string): Promise<{ receiptNumber: string; bytes: Buffer }> {
    const row = await this.readable(p, id, "read");
    if (row.status !== "paid" || !row.receipt_file_id || !row.receipt_number)
      throw PaymentErrors.PAYMENT_RECEIPT_NOT_READY({ id });
    const { bytes } = await this.deps.files.get(row.receipt_file_id);
    return { receiptNumber: row.receipt_number, bytes };
  }

  /** The order, after the case's own access check (404 hides other people's orders). */
  private async readable(p: Principal, id: string, need: "read" | "pay"): Promise<PaymentOrderRow> {
    const row = await this.deps.repo.byId(id);
    if (!row) throw PaymentErrors.PAYMENT_ORDER_NOT_FOUND({ id });
    await this.deps.cases().assertAccess(p, row.case_id, need);
    return row;
  }

  private view(r: PaymentOrderRow): PaymentOrder {
    const today = localDate(this.deps.clock.now(), this.deps.config.timeZone);
    return {
      id: r.id,
      caseId: r.case_id,
      caseNumber: r.case_number,
      code: r.code,
      itemCode: r.item_code,
      itemName: r.item_name,
      departmentName: r.department_name,
      payerName: r.payer_name,
      lines: r.lines as PaymentOrderLine[],
      amountFen: r.amount_fen,
      dueDate: r.due_date,
      status: r.status as PaymentOrder["status"],
      overdue: r.status === "unpaid" && today > r.due_date,
      createdAt: r.created_at.toISOString(),
      paidAt: r.paid_at?.toISOString() ?? null,
      transactionId: r.transaction_id,
      channel: r.channel,
      receiptNumber: r.receipt_number,
    };
  }
}
