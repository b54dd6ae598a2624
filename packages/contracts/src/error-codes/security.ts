import type { ErrorCodeDefinition } from "./definition.js";

/** Error codes of security 安全管理中心 (security alerts). Codes are part of the API contract: never rename one. */
export const SecurityErrorCodes = {
  SECURITY_ALERT_NOT_FOUND: { status: 404, message: "安全告警不存在", messageEn: "No such security alert" },
  SECURITY_ALERT_ACKNOWLEDGED: {
    status: 409,
    message: "该告警已被确认",
    messageEn: "The alert has already been acknowledged",
  },
} as const satisfies Record<string, ErrorCodeDefinition>;
