import type { ErrorCodeDefinition } from "./definition.js";

/** Error codes of the platform itself: transport, validation, auth and generic fallbacks. Codes are part of the API contract: never rename one. */
export const PlatformErrorCodes = {
  VALIDATION_FAILED: { status: 400, message: "请求参数不合法", messageEn: "The request is invalid" },
  INVALID_JSON: { status: 400, message: "请求体不是合法的 JSON", messageEn: "The request body is not valid JSON" },
  BAD_REQUEST: { status: 400, message: "请求格式错误", messageEn: "The request is malformed" },
  AUTH_REQUIRED: { status: 401, message: "请先登录", messageEn: "Authentication is required" },
  AUTH_INVALID: { status: 401, message: "登录凭证无效或已过期", messageEn: "The credentials are invalid or expired" },
  FORBIDDEN: { status: 403, message: "无权执行此操作", messageEn: "You are not allowed to do this" },
  REALNAME_LEVEL_REQUIRED: {
    status: 403,
    message: "实名认证等级不足，请先完成实名认证",
    messageEn: "A higher real-name verification level is required",
  },
  NOT_FOUND: { status: 404, message: "请求的资源不存在", messageEn: "The resource does not exist" },
  ROUTE_NOT_FOUND: { status: 404, message: "接口不存在", messageEn: "No such endpoint" },
  METHOD_NOT_ALLOWED: {
    status: 405,
    message: "该接口不支持此请求方法",
    messageEn: "This method is not allowed on this endpoint",
  },
  NOT_ACCEPTABLE: {
    status: 406,
    message: "无法提供所请求的格式",
    messageEn: "The requested representation is not available",
  },
  CONFLICT: { status: 409, message: "数据冲突，该记录已存在", messageEn: "Conflict: the record already exists" },
  REFERENCE_CONFLICT: {
    status: 409,
    message: "数据引用冲突，关联的记录不存在或仍被使用",
    messageEn: "Conflict: a referenced record is missing or still in use",
  },
  BODY_TOO_LARGE: { status: 413, message: "请求体过大", messageEn: "The request body is too large" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: "不支持的请求内容类型", messageEn: "Unsupported content type" },
  RATE_LIMITED: {
    status: 429,
    message: "请求过于频繁，请稍后再试",
    messageEn: "Too many requests, please retry later",
  },
  INTERNAL_ERROR: { status: 500, message: "服务器内部错误", messageEn: "Internal server error" },
  SERVICE_UNAVAILABLE: { status: 503, message: "服务暂不可用", messageEn: "Service unavailable" },
} as const satisfies Record<string, ErrorCodeDefinition>;
