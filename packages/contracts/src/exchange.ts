import { z } from "zod";
import { isoDate, isoInstant, uuid } from "./common.js";

/**
 * Data sharing and exchange (数据共享交换): the resource catalog (政务信息资源目录), access applications
 * between departments, and the gateway that serves approved consumers (modelled on X-Road).
 */

export const ExchangeSensitivity = z.enum(["public", "internal", "sensitive"]);
export type ExchangeSensitivity = z.infer<typeof ExchangeSensitivity>;
/** 无条件共享 / 有条件共享 / 不予共享. */
export const ExchangeSharingType = z.enum(["unconditional", "conditional", "not_shared"]);
export type ExchangeSharingType = z.infer<typeof ExchangeSharingType>;
export const ExchangeUpdateCycle = z.enum([
  "realtime",
  "daily",
  "weekly",
  "monthly",
  "quarterly",
  "yearly",
  "irregular",
]);
/**
 * Where a resource's data comes from: a platform-hosted dataset (the demo registries), or the provider's own
 * HTTP API that the gateway proxies (`provider.http`, with a timeout and a circuit breaker).
 */
export const EXCHANGE_SOURCES = ["registry.population", "registry.business", "provider.http"] as const;
export const ExchangeSource = z.enum(EXCHANGE_SOURCES);
export type ExchangeSource = z.infer<typeof ExchangeSource>;
/** How a consumer may query: one record by its key, or pages of records. */
export const ExchangeQueryPattern = z.enum(["lookup_by_key", "list"]);
export type ExchangeQueryPattern = z.infer<typeof ExchangeQueryPattern>;

const fieldName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/);
const resourceCode = z.string().regex(/^[a-z][a-z0-9.-]{1,63}$/, {
  message: "资源代码只能含小写字母、数字、点和连字符 / Lower-case letters, digits, dots and hyphens only",
});

export const ExchangeField = z.object({
  name: fieldName,
  type: z.enum(["string", "date", "code"]),
  description: z.string().trim().max(200).default(""),
  sensitivity: ExchangeSensitivity,
});
export type ExchangeField = z.infer<typeof ExchangeField>;

export const ExchangeResource = z
  .object({
    id: uuid,
    code: z.string(),
    name: z.string(),
    description: z.string(),
    providerDepartmentId: uuid,
    fields: z.array(ExchangeField),
    sharingType: ExchangeSharingType,
    updateCycle: ExchangeUpdateCycle,
    source: ExchangeSource,
    /** The field a lookup goes by (ID number, USCC). */
    keyField: z.string(),
    /** provider.http: the provider's endpoint the gateway calls (`?key=` or `?limit=&offset=`). */
    endpointUrl: z.string().nullable(),
    /** provider.http: the timeout of one proxied call (null = the platform default). */
    timeoutMs: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "ExchangeResource" });
export type ExchangeResource = z.infer<typeof ExchangeResource>;

export const ExchangeResourceList = z.object({ items: z.array(ExchangeResource), total: z.number().int() });

const endpointUrl = z.url({ protocol: /^https?$/ }).max(500);
const ResourceFields = z.object({
  code: resourceCode,
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(2000).default(""),
  providerDepartmentId: uuid,
  fields: z.array(ExchangeField).min(1).max(50),
  sharingType: ExchangeSharingType,
  updateCycle: ExchangeUpdateCycle,
  source: ExchangeSource,
  /** provider.http only (a hosted source has its own key field). */
  keyField: fieldName.optional(),
  endpointUrl: endpointUrl.optional(),
  timeoutMs: z.number().int().min(50).max(60_000).optional(),
});
export const ExchangeResourceCreate = ResourceFields.refine(
  (v) => (v.source === "provider.http") === (v.endpointUrl !== undefined && v.keyField !== undefined),
  {
    message:
      "代理提供方接口的资源须填写接口地址和查询主键，平台托管的资源不填 / provider.http needs endpointUrl and keyField, hosted sources take neither",
    path: ["endpointUrl"],
  },
);
export type ExchangeResourceCreate = z.infer<typeof ExchangeResourceCreate>;

export const ExchangeResourceUpdate = ResourceFields.omit({
  code: true,
  providerDepartmentId: true,
  source: true,
  keyField: true,
})
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: "没有要修改的内容 / Nothing to change" });
export type ExchangeResourceUpdate = z.infer<typeof ExchangeResourceUpdate>;

export const ExchangeApplicationStatus = z.enum(["pending", "approved", "rejected", "revoked"]);

export const ExchangeApplication = z
  .object({
    id: uuid,
    resourceId: uuid,
    resourceCode: z.string(),
    providerDepartmentId: uuid,
    consumerDepartmentId: uuid,
    purpose: z.string(),
    fields: z.array(z.string()),
    /** Sensitive fields granted in clear (the others are masked). */
    clearFields: z.array(z.string()),
    queryPattern: ExchangeQueryPattern,
    validFrom: z.string(),
    validTo: z.string(),
    status: ExchangeApplicationStatus,
    /** Approved and within its validity now. */
    current: z.boolean(),
    appliedBy: z.string(),
    decidedBy: z.string().nullable(),
    decisionReason: z.string().nullable(),
    decidedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "ExchangeApplication" });
export type ExchangeApplication = z.infer<typeof ExchangeApplication>;

export const ExchangeApplicationList = z.object({ items: z.array(ExchangeApplication), total: z.number().int() });

export const ExchangeApplicationCreate = z
  .object({
    resourceCode: z.string().min(1).max(64),
    purpose: z.string().trim().min(4).max(1000),
    fields: z.array(fieldName).min(1).max(50),
    clearFields: z.array(fieldName).max(50).default([]),
    queryPattern: ExchangeQueryPattern,
    validFrom: isoInstant,
    validTo: isoInstant,
  })
  .refine((v) => new Date(v.validFrom) < new Date(v.validTo), {
    message: "有效期结束须晚于开始 / validTo must be after validFrom",
    path: ["validTo"],
  })
  .refine((v) => v.clearFields.every((f) => v.fields.includes(f)), {
    message: "明文字段须在申请字段之内 / clearFields must be among fields",
    path: ["clearFields"],
  });
export type ExchangeApplicationCreate = z.infer<typeof ExchangeApplicationCreate>;

export const ExchangeDecision = z.object({ reason: z.string().trim().min(1).max(1000) });
export const ExchangeApproval = z.object({ reason: z.string().trim().max(1000).optional() });

export const ExchangeApplicationListQuery = z.object({
  status: ExchangeApplicationStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

export const ExchangeLookupQuery = z.object({ key: z.string().trim().min(1).max(64) });
export const ExchangeListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

/** A gateway answer: granted fields only, sensitive ones masked unless granted in clear. */
export const ExchangeGatewayResponse = z
  .object({
    resource: z.string(),
    /** The call-log record (its audit subject is `exchange-call:<callId>`). */
    callId: uuid,
    records: z.array(z.record(z.string(), z.string().nullable())),
  })
  .meta({ id: "ExchangeGatewayResponse" });
export type ExchangeGatewayResponse = z.infer<typeof ExchangeGatewayResponse>;

/** Call statistics (调用统计) over whole days `from`–`to` (inclusive, platform time zone), at most 92 days. */
export const ExchangeStatsQuery = z
  .object({ from: isoDate, to: isoDate })
  .refine((v) => v.from <= v.to, { message: "结束日期须不早于开始日期 / to must not be before from", path: ["to"] })
  .refine((v) => (Date.parse(v.to) - Date.parse(v.from)) / 86_400_000 <= 92, {
    message: "统计区间最长 92 天 / At most 92 days",
    path: ["to"],
  });
export type ExchangeStatsQuery = z.infer<typeof ExchangeStatsQuery>;

const Counts = { calls: z.number().int(), errors: z.number().int(), errorRate: z.number() };
export const ExchangeStats = z
  .object({
    from: z.string(),
    to: z.string(),
    /** Calls per day, resource and consumer department (null: refused before a consumer was known). */
    daily: z.array(
      z.object({ day: z.string(), resourceCode: z.string(), consumerDepartmentId: uuid.nullable(), ...Counts }),
    ),
    /** Resources by calls, most called first. */
    topResources: z.array(z.object({ resourceCode: z.string(), ...Counts, p50LatencyMs: z.number() })),
    /** Outcomes other than ok, most frequent first. */
    errorsByOutcome: z.array(z.object({ outcome: z.string(), calls: z.number().int() })),
    total: z.object(Counts),
  })
  .meta({ id: "ExchangeStats" });
export type ExchangeStats = z.infer<typeof ExchangeStats>;

/** Data quality objection (数据异议): the consumer says a record it received is wrong. */
export const ExchangeObjectionCreate = z.object({
  /** The call that returned the record (its `callId`). */
  callId: uuid,
  fields: z.array(fieldName).min(1).max(50),
  description: z.string().trim().min(4).max(2000),
});
export type ExchangeObjectionCreate = z.infer<typeof ExchangeObjectionCreate>;

export const ExchangeObjectionAnswer = z.object({
  /** corrected: the provider fixed the record; confirmed: the record stands. */
  result: z.enum(["corrected", "confirmed"]),
  answer: z.string().trim().min(1).max(2000),
});
export type ExchangeObjectionAnswer = z.infer<typeof ExchangeObjectionAnswer>;

export const ExchangeObjection = z
  .object({
    id: uuid,
    callId: uuid,
    resourceCode: z.string(),
    consumerDepartmentId: uuid,
    providerDepartmentId: uuid,
    fields: z.array(z.string()),
    description: z.string(),
    status: z.enum(["open", "answered"]),
    raisedBy: z.string(),
    raisedAt: z.string(),
    /** The last working day the provider has to answer (work calendar). */
    dueDate: z.string(),
    overdue: z.boolean(),
    escalatedAt: z.string().nullable(),
    result: z.enum(["corrected", "confirmed"]).nullable(),
    answer: z.string().nullable(),
    answeredAt: z.string().nullable(),
  })
  .meta({ id: "ExchangeObjection" });
export type ExchangeObjection = z.infer<typeof ExchangeObjection>;

export const ExchangeObjectionList = z.object({ items: z.array(ExchangeObjection), total: z.number().int() });
export const ExchangeObjectionListQuery = z.object({
  status: z.enum(["open", "answered"]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
