/**
 * The payment adapter port (支付渠道): how the platform speaks to whoever collects the money. A real adapter
 * speaks to the province's non-tax payment system (非税收入收缴系统); the demo adapter below records the
 * payment itself when the citizen presses 支付 on the demo pay page. Either way the payment system tells the
 * platform with a notification (支付结果通知) signed with HMAC-SHA256 under the shared callback secret.
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import type { PaymentNotice } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";

export interface PaymentOrderRef {
  code: string;
  amountFen: number;
  payerName: string;
  itemName: string;
  dueDate: string;
}

export interface PaymentAdapter {
  readonly name: string;
  /** Registers the order with the payment system, in the transaction that raises it. */
  createOrder(trx: Kysely<DB>, order: PaymentOrderRef): Promise<void>;
  /** What the payment system knows of an order (for reconciliation when a notification was lost). */
  queryStatus(
    code: string,
  ): Promise<{ status: "unpaid" | "paid"; amountFen: number | null; transactionId: string | null }>;
  /** True when the notification's signature is the payment system's. */
  verifyNotice(notice: PaymentNotice): boolean;
}

/** The signed fields, in a fixed order (the notification's JSON key order is not part of the signature). */
export function noticeSigningInput(n: Omit<PaymentNotice, "signature">): string {
  return [n.code, n.amountFen, n.transactionId, n.paidAt, n.channel].join("|");
}

export function signNotice(secret: string, n: Omit<PaymentNotice, "signature">): string {
  return createHmac("sha256", secret).update(noticeSigningInput(n)).digest("hex");
}

export function verifyNoticeSignature(secret: string, n: PaymentNotice): boolean {
  const expected = Buffer.from(signNotice(secret, n), "hex");
  const given = Buffer.from(n.signature, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The demo payment system: it keeps its own ledger (payment_demo_ledger) and, when the payer pays, produces
 * the notification a real system would POST to /api/payments/notices. Paying twice records one payment.
 */
export class DemoPaymentAdapter implements PaymentAdapter {
  readonly name = "demo";

  constructor(
    private readonly db: Kysely<DB>,
    private readonly secret: string,
    private readonly now: () => Date,
  ) {}

  async createOrder(): Promise<void> {
    // The demo system learns of an order when it is paid; a real one is told here.
  }

  async queryStatus(code: string) {
    const row = await this.db.selectFrom("payment_demo_ledger").selectAll().where("code", "=", code).executeTakeFirst();
    return row
      ? { status: "paid" as const, amountFen: row.amount_fen, transactionId: row.transaction_id }
      : { status: "unpaid" as const, amountFen: null, transactionId: null };
  }

  verifyNotice(notice: PaymentNotice): boolean {
    return verifyNoticeSignature(this.secret, notice);
  }

  /** The payer pays `amountFen` for `code`: recorded once, then the signed notification of that payment. */
  async pay(code: string, amountFen: number): Promise<PaymentNotice> {
    await this.db
      .insertInto("payment_demo_ledger")
      .values({
        code,
        transaction_id: `DEMO${randomUUID().replaceAll("-", "").slice(0, 24)}`,
        amount_fen: amountFen,
        paid_at: this.now(),
      })
      .onConflict((oc) => oc.column("code").doNothing())
      .execute();
    const row = await this.db
      .selectFrom("payment_demo_ledger")
      .selectAll()
      .where("code", "=", code)
      .executeTakeFirstOrThrow();
    const notice = {
      code,
      amountFen: row.amount_fen,
      transactionId: row.transaction_id,
      paidAt: row.paid_at.toISOString(),
      channel: "demo",
    };
    return { ...notice, signature: signNotice(this.secret, notice) };
  }
}
