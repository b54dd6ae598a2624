/**
 * 惠企政策 vocabulary without zod (the web imports it through `@yiwang/contracts/vocabularies`): the benefit
 * channels, the fact catalogue rules may name, and the condition operators.
 */

/** 兑现方式: 免申即享 (paid without applying), 快申快享 (a short pre-filled application), 依申请. */
export const BENEFIT_CHANNELS = ["no_application", "quick_application", "on_application"] as const;
export type BenefitChannelCode = (typeof BENEFIT_CHANNELS)[number];

export const FACT_TYPES = ["number", "string", "date"] as const;
export type FactType = (typeof FACT_TYPES)[number];

/** A fact a rule may name: where it comes from and its type (the catalogue the editor offers). */
export interface FactDefinition {
  name: string;
  type: FactType;
  label: { zh: string; en: string };
  unit?: { zh: string; en: string };
  /** The registry (and department) it is read from. */
  source: string;
}

/** The fact catalogue (一企一档). Facts come from the business registry (法人库) and its demo columns. */
export const FACT_CATALOGUE: readonly FactDefinition[] = [
  {
    name: "registeredCapital",
    type: "number",
    label: { zh: "注册资本", en: "Registered capital" },
    unit: { zh: "万元", en: "10k CNY" },
    source: "法人库（市场监管）",
  },
  {
    name: "industryCode",
    type: "string",
    label: { zh: "行业代码", en: "Industry code" },
    source: "法人库（市场监管）",
  },
  { name: "district", type: "string", label: { zh: "所在区县", en: "District" }, source: "法人库（市场监管）" },
  {
    name: "establishedOn",
    type: "date",
    label: { zh: "成立日期", en: "Establishment date" },
    source: "法人库（市场监管）",
  },
  {
    name: "yearsEstablished",
    type: "number",
    label: { zh: "成立年限", en: "Years since establishment" },
    unit: { zh: "年", en: "years" },
    source: "法人库（由成立日期计算）",
  },
  {
    name: "employeesInsured",
    type: "number",
    label: { zh: "参保职工人数", en: "Employees insured" },
    unit: { zh: "人", en: "people" },
    source: "社保",
  },
  {
    name: "taxPaid",
    type: "number",
    label: { zh: "上年纳税额", en: "Tax paid last year" },
    unit: { zh: "万元", en: "10k CNY" },
    source: "税务",
  },
  { name: "creditGrade", type: "string", label: { zh: "信用等级", en: "Credit grade" }, source: "信用（演示值）" },
  {
    name: "status",
    type: "string",
    label: { zh: "登记状态", en: "Registration status" },
    source: "法人库（市场监管）",
  },
];

export const CONDITION_OPERATORS = ["eq", "ne", "gt", "gte", "lt", "lte", "in", "notIn"] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];
