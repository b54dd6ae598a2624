/**
 * 一网统管 (indicators) contracts: the indicator registry (defined once, versioned), indicator values by a
 * dimension from the rollups, drill-down to the cases behind a figure, alert rules, signed public embeds and
 * the live counters of the operations screen (大屏).
 */
import { z } from "zod";
import { isoDate, isoInstant, uuid } from "./common.js";

/** What a figure can be broken down by. Each measure declares the ones it has. */
export const INDICATOR_DIMENSIONS = ["day", "department", "region", "item", "channel"] as const;
export const IndicatorDimension = z.enum(INDICATOR_DIMENSIONS);
export type IndicatorDimension = z.infer<typeof IndicatorDimension>;

export const IndicatorDirection = z.enum(["higher", "lower"]);
export type IndicatorDirection = z.infer<typeof IndicatorDirection>;

const Code = z.string().regex(/^[a-z][a-z0-9_]{1,49}$/, {
  message: "指标编码只能含小写字母、数字和 _ / Lower-case letters, digits and _",
});

export const IndicatorInput = z.object({
  code: Code,
  name: z.string().min(1).max(100),
  nameEn: z.string().min(1).max(100),
  definition: z.string().max(2000).default(""),
  unit: z.string().max(20).default(""),
  /** + - * / and parentheses over measures (`cases.volume`), other indicators' codes and numbers. */
  formula: z.string().min(1).max(500),
  dimensions: z.array(IndicatorDimension).max(5).default([]),
  direction: IndicatorDirection.default("higher"),
  target: z.number().finite().nullable().default(null),
  thresholds: z
    .object({
      warning: z.number().finite().nullable().default(null),
      critical: z.number().finite().nullable().default(null),
    })
    .default({ warning: null, critical: null }),
  sourceModule: z.string().min(1).max(40).default("cases"),
  ownerDepartmentId: uuid.nullable().default(null),
});
export type IndicatorInput = z.input<typeof IndicatorInput>;

export const Indicator = IndicatorInput.extend({
  version: z.number().int(),
  updatedAt: isoInstant,
  updatedBy: z.string(),
});
export type Indicator = z.infer<typeof Indicator>;

export const MeasureInfo = z.object({
  name: z.string(),
  label: z.string(),
  labelEn: z.string(),
  dimensions: z.array(IndicatorDimension),
});
export type MeasureInfo = z.infer<typeof MeasureInfo>;

export const IndicatorList = z.object({ indicators: z.array(Indicator), measures: z.array(MeasureInfo) });
export type IndicatorList = z.infer<typeof IndicatorList>;

export const SaveIndicatorsRequest = z.object({ indicators: z.array(IndicatorInput).min(1).max(100) });
export type SaveIndicatorsRequest = z.input<typeof SaveIndicatorsRequest>;

export const IndicatorVersions = z.object({ versions: z.array(Indicator) });

export const IndicatorValuesQuery = z.object({
  from: isoDate,
  to: isoDate,
  by: IndicatorDimension.optional(),
  /** Comma-separated indicator codes; all when absent. */
  codes: z.string().max(1000).optional(),
});
export type IndicatorValuesQuery = z.infer<typeof IndicatorValuesQuery>;

const Values = z.record(z.string(), z.number().nullable());

export const IndicatorValues = z.object({
  from: isoDate,
  to: isoDate,
  by: IndicatorDimension.nullable(),
  indicators: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string(), unit: z.string() })),
  groups: z.array(z.object({ key: z.string(), label: z.string(), values: Values, measures: Values })),
  totals: Values,
  /** Data quality: when the rollups behind these figures last changed, and how many cases they count. */
  freshness: z.object({ updatedAt: isoInstant.nullable(), rows: z.number().int() }),
});
export type IndicatorValues = z.infer<typeof IndicatorValues>;

export const DrillQuery = z.object({
  measure: z.string().max(60),
  from: isoDate,
  to: isoDate,
  department: uuid.optional(),
  region: z.string().max(12).optional(),
  item: z.string().max(60).optional(),
  channel: z.string().max(20).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type DrillQuery = z.input<typeof DrillQuery>;

export const DrillRow = z.object({
  caseId: uuid,
  number: z.string().nullable(),
  itemCode: z.string(),
  itemName: z.string(),
  departmentId: z.string(),
  regionCode: z.string(),
  channel: z.string(),
  status: z.string(),
  day: isoDate,
  submittedAt: isoInstant,
  decidedAt: isoInstant.nullable(),
  deadlineDate: isoDate.nullable(),
});
export type DrillRow = z.infer<typeof DrillRow>;
export const DrillPage = z.object({ items: z.array(DrillRow), total: z.number().int() });
export type DrillPage = z.infer<typeof DrillPage>;

/** The 大屏 district map: the demo city's district outlines (from the hotline module) and 12345 per district. */
export const DistrictMapQuery = z.object({ from: isoDate, to: isoDate });
export const DistrictMap = z.object({
  districts: z.array(
    z.object({
      /** The region code (the cases' region dimension uses the same codes). */
      code: z.string(),
      name: z.string(),
      nameEn: z.string(),
      /** The outline: a ring of [longitude, latitude] (WGS 84). */
      ring: z.array(z.tuple([z.number(), z.number()])),
      /** 12345 requests received in the district over the range (the viewer's department's for a department role); null without the hotline module. */
      hotlineReceived: z.number().int().nullable(),
    }),
  ),
});
export type DistrictMap = z.infer<typeof DistrictMap>;

export const AlertState = z.enum(["ok", "pending", "firing"]);
export type AlertState = z.infer<typeof AlertState>;

export const CreateAlertRuleRequest = z.object({
  indicatorCode: Code,
  /** The department whose figure is watched; the whole city when null. */
  departmentId: uuid.nullable().default(null),
  comparison: z.enum(["above", "below"]),
  threshold: z.number().finite(),
  /** The figure is computed over the last N days (today included). */
  windowDays: z.number().int().min(1).max(366).default(1),
  intervalSeconds: z.number().int().min(10).max(86_400).default(60),
  /** How long the condition must hold before the rule fires (Grafana's pending period). */
  pendingSeconds: z.number().int().min(0).max(604_800).default(600),
});
export type CreateAlertRuleRequest = z.input<typeof CreateAlertRuleRequest>;

export const AlertRule = z.object({
  id: uuid,
  indicatorCode: z.string(),
  departmentId: uuid.nullable(),
  comparison: z.enum(["above", "below"]),
  threshold: z.number(),
  windowDays: z.number().int(),
  intervalSeconds: z.number().int(),
  pendingSeconds: z.number().int(),
  state: AlertState,
  stateSince: isoInstant,
  lastValue: z.number().nullable(),
  lastEvaluatedAt: isoInstant.nullable(),
  silencedUntil: isoInstant.nullable(),
  createdAt: isoInstant,
  /** Each edit (PATCH) makes a new version; the earlier ones: GET /alerts/:id/versions. */
  version: z.number().int(),
  updatedAt: isoInstant.nullable(),
  /** A firing alert acknowledged (认领) with a note; cleared when the state next changes. */
  acknowledgement: z.object({ by: z.string(), at: isoInstant, note: z.string() }).nullable(),
});
export type AlertRule = z.infer<typeof AlertRule>;

/** An edit of a rule (the indicator stays: another indicator is another rule); at least one field. */
export const UpdateAlertRuleRequest = z
  .strictObject({
    departmentId: uuid.nullable(),
    comparison: z.enum(["above", "below"]),
    threshold: z.number().finite(),
    windowDays: z.number().int().min(1).max(366),
    intervalSeconds: z.number().int().min(10).max(86_400),
    pendingSeconds: z.number().int().min(0).max(604_800),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: "nothing to change / 没有要修改的字段" });
export type UpdateAlertRuleRequest = z.input<typeof UpdateAlertRuleRequest>;

export const AcknowledgeAlertRequest = z.strictObject({ note: z.string().trim().min(1).max(500) });

export const AlertRuleVersion = z.object({
  version: z.number().int(),
  departmentId: uuid.nullable(),
  comparison: z.enum(["above", "below"]),
  threshold: z.number(),
  windowDays: z.number().int(),
  intervalSeconds: z.number().int(),
  pendingSeconds: z.number().int(),
  savedBy: z.string(),
  savedAt: isoInstant,
});
export const AlertRuleVersions = z.object({ items: z.array(AlertRuleVersion) });
export const AlertRuleList = z.object({ items: z.array(AlertRule) });

export const SilenceAlertRequest = z.object({ until: isoInstant });

export const AlertHistoryEntry = z.object({
  at: isoInstant,
  from: AlertState,
  to: AlertState,
  value: z.number().nullable(),
  /** An acknowledgement (from = to = firing): who and why; null for an evaluation's change. */
  actor: z.string().nullable(),
  note: z.string().nullable(),
});
export const AlertHistory = z.object({ items: z.array(AlertHistoryEntry) });

export const CreateEmbedRequest = z.object({
  codes: z.array(Code).min(1).max(20),
  by: IndicatorDimension.optional(),
  /** The embed shows the last N days, counted on each view. */
  days: z.number().int().min(1).max(366).default(30),
  expiresInMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 90)
    .default(60 * 24),
});
export type CreateEmbedRequest = z.input<typeof CreateEmbedRequest>;
export const IndicatorEmbed = z.object({ token: z.string(), path: z.string(), expiresAt: isoInstant });
export type IndicatorEmbed = z.infer<typeof IndicatorEmbed>;

export const LiveCountersQuery = z.object({ day: isoDate });
export const LiveCounters = z.object({
  day: isoDate,
  volume: z.number().int(),
  online: z.number().int(),
  decided: z.number().int(),
  overdue: z.number().int(),
  open: z.number().int(),
});
export type LiveCounters = z.infer<typeof LiveCounters>;

export const RecomputeReport = z.object({
  at: isoInstant,
  rollupRows: z.number().int(),
  rawRows: z.number().int(),
  drift: z.array(z.object({ key: z.string(), measure: z.string(), rollup: z.number(), raw: z.number() })),
});
export type RecomputeReport = z.infer<typeof RecomputeReport>;

/** An indicator's values per department and period as an Excel workbook (导出). */
export const IndicatorExportQuery = z.object({
  code: Code,
  from: isoDate,
  to: isoDate,
  /** One column per day or per calendar month of the range (and a column for the whole range). */
  period: z.enum(["day", "month"]).default("day"),
  lang: z.enum(["zh-CN", "en"]).default("zh-CN"),
});
export type IndicatorExportQuery = z.input<typeof IndicatorExportQuery>;
