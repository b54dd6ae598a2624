/**
 * Payments 缴费 (issue 15): the payment order (缴款通知书) raised when an item's fees fall due, the payment
 * system's notification (支付结果通知) and the receipt (电子缴款凭证). Amounts are integers in fen (分).
 */
import { z } from "zod";
import { isoDate, isoInstant, uuid } from "./common.js";

export const PAYMENT_STATUSES = ["unpaid", "paid"] as const;
export const PaymentStatus = z.enum(PAYMENT_STATUSES);
export type PaymentStatus = z.infer<typeof PaymentStatus>;

/** 缴款码: 20 digits as China's non-tax payment system issues them (region, year, serial, check digit). */
export const PaymentCode = z.string().regex(/^\d{20}$/, { message: "缴款码为20位数字 / 20 digits" });

export const PaymentOrderLine = z.object({
  name: z.string(),
  amountFen: z.number().int(),
  basis: z.string(),
  exemption: z.string().nullable(),
});
export type PaymentOrderLine = z.infer<typeof PaymentOrderLine>;

export const PaymentOrder = z
  .object({
    id: uuid,
    caseId: uuid,
    caseNumber: z.string().nullable(),
    /** 缴款码 */
    code: z.string(),
    itemCode: z.string(),
    itemName: z.string(),
    departmentName: z.string(),
    payerName: z.string(),
    lines: z.array(PaymentOrderLine),
    amountFen: z.number().int(),
    /** 缴款期限: the last day to pay (working days on the work calendar). */
    dueDate: isoDate,
    status: PaymentStatus,
    /** Unpaid after its due date: the clerk follows it up. */
    overdue: z.boolean(),
    createdAt: isoInstant,
    paidAt: isoInstant.nullable(),
    transactionId: z.string().nullable(),
    channel: z.string().nullable(),
    /** 电子缴款凭证 number, once paid. */
    receiptNumber: z.string().nullable(),
  })
  .meta({ id: "PaymentOrder" });
export type PaymentOrder = z.infer<typeof PaymentOrder>;

export const CasePaymentResponse = z.object({ order: PaymentOrder.nullable() });
export type CasePaymentResponse = z.infer<typeof CasePaymentResponse>;

/**
 * The payment system's notification that an order was paid. `signature` is the hex HMAC-SHA256, under the
 * shared callback secret, of `code|amountFen|transactionId|paidAt|channel`.
 */
export const PaymentNotice = z.object({
  code: PaymentCode,
  amountFen: z.number().int().min(0),
  transactionId: z.string().trim().min(1).max(64),
  paidAt: isoInstant,
  channel: z.string().trim().min(1).max(32),
  signature: z.string().regex(/^[0-9a-f]{64}$/, { message: "签名为64位十六进制 / 64 hex digits" }),
});
export type PaymentNotice = z.infer<typeof PaymentNotice>;

export const PaymentNoticeResult = z.object({
  result: z.literal("SUCCESS"),
  status: PaymentStatus,
  /** True when this notice repeated one already recorded: nothing was written again. */
  duplicate: z.boolean(),
});
export type PaymentNoticeResult = z.infer<typeof PaymentNoticeResult>;
