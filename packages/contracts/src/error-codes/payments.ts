import type { ErrorCodeDefinition } from "./definition.js";

/** Error codes of payments 缴费 (payment orders, the payment system's notifications, receipts). */
export const PaymentErrorCodes = {
  PAYMENT_ORDER_NOT_FOUND: { status: 404, message: "缴款通知书不存在", messageEn: "Payment order not found" },
  PAYMENT_SIGNATURE_INVALID: {
    status: 401,
    message: "支付通知签名校验失败",
    messageEn: "The payment notification's signature does not verify",
  },
  PAYMENT_AMOUNT_MISMATCH: {
    status: 422,
    message: "支付金额与缴款通知书金额不符",
    messageEn: "The amount paid differs from the payment order's amount",
  },
  PAYMENT_AMOUNT_TOO_LARGE: {
    status: 422,
    message: "应缴金额超出单笔缴款上限",
    messageEn: "The amount due exceeds the limit of one payment order",
  },
  PAYMENT_ADAPTER_UNSUPPORTED: {
    status: 409,
    message: "当前支付渠道不支持演示支付",
    messageEn: "The configured payment channel has no demo payment",
  },
  PAYMENT_RECEIPT_NOT_READY: {
    status: 409,
    message: "尚未缴费，暂无缴款凭证",
    messageEn: "Not paid yet: there is no receipt",
  },
} as const satisfies Record<string, ErrorCodeDefinition>;
