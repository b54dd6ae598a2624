import type { ErrorCodeDefinition } from "./definition.js";

/** Error codes of 电子档案 (archives). Codes are part of the API contract: never rename one. */
export const ArchiveErrorCodes = {
  ARCHIVE_NOT_FOUND: { status: 404, message: "档案不存在", messageEn: "No such archive package" },
  ARCHIVE_RETENTION_UNKNOWN: {
    status: 400,
    message: "保管期限不在允许范围内（永久、30年、10年）",
    messageEn: "Unknown retention class (permanent, 30y, 10y)",
  },
  ARCHIVE_DESTROYED: { status: 410, message: "档案已销毁", messageEn: "This archive package has been destroyed" },
  ARCHIVE_TRANSFER_INVALID: {
    status: 422,
    message: "移交档案包未通过接收检测，未接收",
    messageEn: "The transferred package failed the receipt checks and was not accepted",
  },
  ARCHIVE_TRANSFER_UNREADABLE: {
    status: 400,
    message: "移交档案包不是有效的 tar 文件",
    messageEn: "The transferred package is not a readable tar file",
  },
  ARCHIVE_TRANSFER_DUPLICATE: {
    status: 409,
    message: "该档案包已接收过",
    messageEn: "This package has already been received",
  },
  ARCHIVE_EXPORT_NOT_FOUND: { status: 404, message: "移交记录不存在", messageEn: "No such transfer export" },
  ARCHIVE_EXPORT_UNAVAILABLE: {
    status: 400,
    message: "所选档案不存在或已销毁，无法移交",
    messageEn: "A selected package does not exist or was destroyed and cannot be transferred",
  },
  ARCHIVE_EXPORT_RECEIVED: {
    status: 409,
    message: "该移交已确认接收",
    messageEn: "This transfer was already received",
  },
  ARCHIVE_RECEIPT_MISMATCH: {
    status: 422,
    message: "回执中的清单摘要与移交清单不符",
    messageEn: "The receipt's manifest digest does not match the transfer manifest",
  },
  ARCHIVE_DISPOSAL_NOT_FOUND: { status: 404, message: "销毁申请不存在", messageEn: "No such disposal" },
  ARCHIVE_DISPOSAL_OPEN: {
    status: 409,
    message: "该档案已有待审批的销毁申请",
    messageEn: "This package already has a disposal awaiting approval",
  },
  ARCHIVE_DISPOSAL_PERMANENT: {
    status: 409,
    message: "永久保管的档案不能销毁",
    messageEn: "A permanently kept package cannot be destroyed",
  },
  ARCHIVE_DISPOSAL_NOT_DUE: {
    status: 409,
    message: "保管期限未满，不能销毁",
    messageEn: "The retention period has not ended",
  },
  ARCHIVE_DISPOSAL_CLOSED: {
    status: 409,
    message: "该销毁申请已办结",
    messageEn: "This disposal has already been decided",
  },
  ARCHIVE_DISPOSAL_SAME_PERSON: {
    status: 409,
    message: "两级审批须由不同人员完成",
    messageEn: "The two approvals must be given by different people",
  },
  ARCHIVE_DISPOSAL_ALREADY_APPROVED: {
    status: 409,
    message: "该级审批已完成",
    messageEn: "This approval has already been given",
  },
  ARCHIVE_LOAN_TOO_LONG: {
    status: 400,
    message: "借阅期限超过上限（30天）",
    messageEn: "The loan period is longer than the limit (30 days)",
  },
  ARCHIVE_LOAN_LIMIT: {
    status: 409,
    message: "在借档案数已达上限",
    messageEn: "You have reached the limit of open loans",
  },
  ARCHIVE_LOAN_NOT_FOUND: { status: 404, message: "借阅申请不存在", messageEn: "No such loan" },
  ARCHIVE_LOAN_CLOSED: { status: 409, message: "该借阅申请已办结", messageEn: "This loan has already been decided" },
  ARCHIVE_ACCESS_DENIED: {
    status: 403,
    message: "无权查阅该档案内容（需借阅批准）",
    messageEn: "No access to this package's contents (an approved loan is needed)",
  },
  ARCHIVE_FILE_NOT_FOUND: { status: 404, message: "档案包内无此文件", messageEn: "No such file in the package" },
} as const satisfies Record<string, ErrorCodeDefinition>;
