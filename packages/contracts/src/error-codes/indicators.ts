import type { ErrorCodeDefinition } from "./definition.js";

/** Error codes of indicators 一网统管. Codes are part of the API contract: never rename one. */
export const IndicatorErrorCodes = {
  INDICATOR_DEFINITION_INVALID: {
    status: 400,
    message: "指标定义不正确",
    messageEn: "The indicator definition is invalid",
  },
  INDICATOR_NOT_FOUND: { status: 404, message: "指标不存在", messageEn: "Indicator not found" },
  INDICATOR_MEASURE_UNKNOWN: { status: 400, message: "度量不存在", messageEn: "Unknown measure" },
  INDICATOR_DIMENSION_UNSUPPORTED: {
    status: 400,
    message: "该指标不支持此维度",
    messageEn: "The indicator does not support this dimension",
  },
  INDICATOR_ALERT_NOT_FOUND: { status: 404, message: "告警规则不存在", messageEn: "Alert rule not found" },
  INDICATOR_ALERT_NOT_FIRING: {
    status: 409,
    message: "告警未处于触发状态，无需认领",
    messageEn: "The alert is not firing: there is nothing to acknowledge",
  },
  INDICATOR_EMBED_INVALID: {
    status: 401,
    message: "嵌入链接无效或已过期",
    messageEn: "The embed link is invalid or has expired",
  },
  INDICATOR_RANGE_INVALID: {
    status: 400,
    message: "统计区间不正确（起止日期颠倒或超过一年）",
    messageEn: "Invalid date range (reversed or longer than a year)",
  },
} as const satisfies Record<string, ErrorCodeDefinition>;
