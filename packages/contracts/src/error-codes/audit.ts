import type { ErrorCodeDefinition } from "./definition.js";

/** Error codes of audit 可信审计. Codes are part of the API contract: never rename one. */
export const AuditErrorCodes = {
  AUDIT_TREE_SIZE_INVALID: {
    status: 400,
    message: "树大小超出日志当前范围",
    messageEn: "The tree size is outside the log's current range",
  },
  AUDIT_RANGE_INVALID: { status: 400, message: "条目范围无效", messageEn: "The entry range is invalid" },
  AUDIT_LEAF_NOT_FOUND: {
    status: 404,
    message: "在该树大小内找不到此叶子哈希",
    messageEn: "No leaf with this hash within the given tree size",
  },
} as const satisfies Record<string, ErrorCodeDefinition>;
