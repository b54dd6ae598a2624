import type { ErrorCodeDefinition } from "./definition.js";

/** Error codes of exchange 数据共享交换. Codes are part of the API contract: never rename one. */
export const ExchangeErrorCodes = {
  EXCHANGE_RESOURCE_NOT_FOUND: { status: 404, message: "信息资源不存在", messageEn: "Resource not found" },
  EXCHANGE_RESOURCE_CODE_TAKEN: {
    status: 409,
    message: "该资源代码已被使用",
    messageEn: "This resource code is already taken",
  },
  EXCHANGE_FIELD_NOT_IN_SOURCE: {
    status: 400,
    message: "字段不在数据来源中",
    messageEn: "The field is not in the resource's source",
  },
  EXCHANGE_KEY_FIELD_MISSING: {
    status: 400,
    message: "资源须包含数据来源的查询主键字段",
    messageEn: "The resource must include its source's key field",
  },
  EXCHANGE_RESOURCE_NOT_SHARED: {
    status: 409,
    message: "该资源不予共享",
    messageEn: "This resource is not shared",
  },
  EXCHANGE_FIELDS_UNKNOWN: {
    status: 400,
    message: "申请的字段不在资源目录中",
    messageEn: "The requested fields are not in the resource",
  },
  EXCHANGE_CLEAR_FIELD_NOT_SENSITIVE: {
    status: 400,
    message: "只有敏感字段需要申请明文",
    messageEn: "Only sensitive fields can be granted in clear",
  },
  EXCHANGE_OWN_RESOURCE: {
    status: 409,
    message: "不能申请本部门提供的资源",
    messageEn: "A department does not apply for its own resource",
  },
  EXCHANGE_APPLICATION_NOT_FOUND: { status: 404, message: "共享申请不存在", messageEn: "Application not found" },
  EXCHANGE_APPLICATION_NOT_PENDING: {
    status: 409,
    message: "该申请已处理",
    messageEn: "The application has already been decided",
  },
  EXCHANGE_APPLICATION_NOT_APPROVED: {
    status: 409,
    message: "只能撤销已批准的申请",
    messageEn: "Only an approved application can be revoked",
  },
  EXCHANGE_NOT_APPROVED: {
    status: 403,
    message: "本部门没有该资源的有效共享授权",
    messageEn: "Your department has no current approval for this resource",
  },
  EXCHANGE_PATTERN_NOT_GRANTED: {
    status: 403,
    message: "共享授权不包括这种查询方式",
    messageEn: "The approval does not grant this query pattern",
  },
  EXCHANGE_CLIENT_WITHOUT_DEPARTMENT: {
    status: 403,
    message: "调用方未归属任何部门",
    messageEn: "The calling client belongs to no department",
  },
  EXCHANGE_ENDPOINT_MISMATCH: {
    status: 400,
    message: "只有代理提供方接口的资源才有接口地址和超时设置",
    messageEn: "Only a provider.http resource has an endpoint and a timeout",
  },
  EXCHANGE_PROVIDER_TIMEOUT: {
    status: 504,
    message: "数据提供方接口超时未响应",
    messageEn: "The provider's system did not answer in time",
  },
  EXCHANGE_PROVIDER_FAILED: {
    status: 502,
    message: "数据提供方接口调用失败",
    messageEn: "The provider's system failed",
  },
  EXCHANGE_PROVIDER_BAD_RESPONSE: {
    status: 502,
    message: "数据提供方接口返回的内容无法识别",
    messageEn: "The provider's system returned an unreadable answer",
  },
  EXCHANGE_CIRCUIT_OPEN: {
    status: 503,
    message: "数据提供方接口连续失败，已暂停调用，请稍后再试",
    messageEn: "The provider's system failed repeatedly; calls are paused, try again later",
  },
  EXCHANGE_CALL_NOT_FOUND: {
    status: 404,
    message: "没有本部门的这次调用记录",
    messageEn: "Your department made no such call",
  },
  EXCHANGE_CALL_WITHOUT_RECORDS: {
    status: 409,
    message: "这次调用没有返回数据，无法提出异议",
    messageEn: "That call returned no records to object to",
  },
  EXCHANGE_OBJECTION_NOT_FOUND: { status: 404, message: "数据异议不存在", messageEn: "Objection not found" },
  EXCHANGE_OBJECTION_ANSWERED: {
    status: 409,
    message: "该数据异议已答复",
    messageEn: "The objection has already been answered",
  },
} as const satisfies Record<string, ErrorCodeDefinition>;
