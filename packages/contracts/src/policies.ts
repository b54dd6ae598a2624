/**
 * 惠企政策 / 免申即享 (policies) contracts: the policy library (documents, benefits with dated rule versions),
 * the fact catalogue rules may use, matches with their explanation, entitlements and their batch review.
 * Rules are JSON (all / any / not / a named rule / a fact compared with a value); the server validates their
 * structure itself so that a refusal names the rule and the path (`details.rule`, `details.path`).
 */
import { z } from "zod";
import { isoDate, isoInstant, uuid } from "./common.js";

import { BENEFIT_CHANNELS } from "./policies-vocabulary.js";

export {
  BENEFIT_CHANNELS,
  CONDITION_OPERATORS,
  type ConditionOperator,
  FACT_CATALOGUE,
  FACT_TYPES,
  type FactDefinition,
  type FactType,
} from "./policies-vocabulary.js";

export const BenefitChannel = z.enum(BENEFIT_CHANNELS);
export type BenefitChannel = z.infer<typeof BenefitChannel>;

export const FactValue = z.union([z.number(), z.string(), z.null()]);
export type FactValue = z.infer<typeof FactValue>;
export const FactValues = z.record(z.string(), FactValue);
export type FactValues = z.infer<typeof FactValues>;

/** A rule set: the root condition and named sub-rules it may reference (`{ "rule": "name" }`). */
export const RuleSet = z.object({
  conditions: z.unknown(),
  rules: z.record(z.string(), z.unknown()).optional(),
});
export type RuleSet = z.infer<typeof RuleSet>;

/** One leaf condition's result: which condition, the fact's value, whether it held. */
export const ConditionResult = z.object({
  path: z.string(),
  label: z.string().nullable(),
  fact: z.string(),
  operator: z.string(),
  value: z.unknown(),
  actual: FactValue,
  passed: z.boolean(),
  /** Under a `not`: the benefit needs this condition to fail. */
  negated: z.boolean(),
});
export type ConditionResult = z.infer<typeof ConditionResult>;

export const Explanation = z.object({
  eligible: z.boolean(),
  conditions: z.array(ConditionResult),
  amount: z.number().int().nullable(),
  /** A per-enterprise error of the amount formula (e.g. division by a fact that is zero). */
  amountError: z.string().nullable(),
});
export type Explanation = z.infer<typeof Explanation>;

export const CreateDocumentRequest = z.object({
  title: z.string().trim().min(1).max(200),
  issuer: z.string().trim().min(1).max(200),
  issuedOn: isoDate,
  fullText: z.string().max(100_000),
  legalBasis: z.string().max(2000),
});
export const PolicyDocument = z.object({
  id: uuid,
  title: z.string(),
  issuer: z.string(),
  issuedOn: isoDate,
  fullText: z.string(),
  legalBasis: z.string(),
  createdAt: isoInstant,
});
export type PolicyDocument = z.infer<typeof PolicyDocument>;

export const RuleEdit = z.object({
  rules: RuleSet,
  amountFormula: z.string().trim().min(1).max(2000),
});
export type RuleEdit = z.infer<typeof RuleEdit>;

export const CreateBenefitRequest = RuleEdit.extend({
  documentId: uuid,
  title: z.string().trim().min(1).max(200),
  target: z.string().trim().min(1).max(500),
  channel: BenefitChannel,
  /** 元. */
  budget: z.number().int().min(0).max(2_000_000_000),
  periodStart: isoDate,
  periodEnd: isoDate,
  /** 快申快享: working days the department has to decide an application (the generated item's promise). */
  decisionDays: z.number().int().min(1).max(60).optional(),
});
export type CreateBenefitRequest = z.infer<typeof CreateBenefitRequest>;

export const RuleVersion = z.object({
  version: z.number().int(),
  rules: RuleSet,
  amountFormula: z.string(),
  validFrom: isoInstant,
  createdAt: isoInstant,
});
export type RuleVersion = z.infer<typeof RuleVersion>;

export const BenefitStatus = z.enum(["draft", "published", "withdrawn"]);
export const Benefit = z.object({
  id: uuid,
  documentId: uuid,
  documentTitle: z.string(),
  departmentId: uuid,
  title: z.string(),
  target: z.string(),
  channel: BenefitChannel,
  budget: z.number().int(),
  budgetCommitted: z.number().int(),
  periodStart: isoDate,
  periodEnd: isoDate,
  status: BenefitStatus,
  currentVersion: z.number().int(),
  publishedAt: isoInstant.nullable(),
  rules: RuleSet,
  amountFormula: z.string(),
  decisionDays: z.number().int(),
  /** 快申快享: the catalog item generated on publication, against which applications are filed as cases. */
  itemCode: z.string().nullable(),
});
export type Benefit = z.infer<typeof Benefit>;
/** Statistics of a benefit: matched, entitled, paid (count and amount), excluded, objections, days to payment. */
export const BenefitStats = z.object({
  matched: z.number().int(),
  entitlements: z.number().int(),
  pending: z.number().int(),
  paid: z.number().int(),
  paidAmount: z.number().int(),
  excluded: z.number().int(),
  objections: z.number().int(),
  /** Mean days from publication to payment over the paid entitlements (null before the first). */
  meanDaysToPayment: z.number().nullable(),
});
export type BenefitStats = z.infer<typeof BenefitStats>;
export const BenefitDetail = Benefit.extend({
  versions: z.array(RuleVersion),
  matched: z.number().int(),
  stats: BenefitStats,
});
export type BenefitDetail = z.infer<typeof BenefitDetail>;
export const BenefitList = z.object({ items: z.array(Benefit) });

/** The editor's test panel: a rule (not yet saved) against sample facts or a registered enterprise. */
export const RuleTestRequest = RuleEdit.extend({
  facts: FactValues.optional(),
  uscc: z.string().max(18).optional(),
});

export const MatchRunResult = z.object({
  benefits: z.number().int(),
  enterprises: z.number().int(),
  matched: z.number().int(),
  newMatches: z.number().int(),
  lapsed: z.number().int(),
  entitlementsCreated: z.number().int(),
  errors: z.number().int(),
});
export type MatchRunResult = z.infer<typeof MatchRunResult>;

export const EntitlementStatus = z.enum(["pending", "paid", "excluded", "withdrawn"]);
export type EntitlementStatus = z.infer<typeof EntitlementStatus>;
export const Entitlement = z.object({
  id: uuid,
  benefitId: uuid,
  benefitTitle: z.string(),
  uscc: z.string(),
  enterpriseName: z.string(),
  ruleVersion: z.number().int(),
  amount: z.number().int(),
  facts: FactValues,
  factsHash: z.string(),
  explanation: Explanation,
  status: EntitlementStatus,
  reason: z.string().nullable(),
  decidedAt: isoInstant.nullable(),
  paymentRef: z.string().nullable(),
  paidAt: isoInstant.nullable(),
  objection: z.string().nullable(),
  objectedAt: isoInstant.nullable(),
  /** The department's answer: upheld (the entitlement goes back to review) or not, with its reasons. */
  objectionAnswer: z.string().nullable(),
  objectionUpheld: z.boolean().nullable(),
  objectionAnsweredAt: isoInstant.nullable(),
  /** 快申快享: the case (办件) the application was filed as, and its number. */
  caseId: uuid.nullable(),
  caseNumber: z.string().nullable(),
  /** 快申快享: when the enterprise applied, and the date the department must decide by (working days). */
  appliedAt: isoInstant.nullable(),
  dueOn: z.string().nullable(),
  /** 快申快享: the confirmed account, always masked (6222 **** **** 3445). */
  bankAccount: z.string().nullable(),
  createdAt: isoInstant,
});
export type Entitlement = z.infer<typeof Entitlement>;

/** 快申快享: the facts are the registry's (read-only); the enterprise confirms the account to be paid. */
export const QuickApplicationRequest = z.object({
  bankAccount: z.string().regex(/^\d{8,30}$/, "8–30 digits"),
  confirmed: z.literal(true),
});
export type QuickApplicationRequest = z.infer<typeof QuickApplicationRequest>;
export const EntitlementList = z.object({ items: z.array(Entitlement) });

/** Batch review: confirm some (paid out, within the budget), exclude others with a reason. */
export const DecideEntitlementsRequest = z.object({
  confirm: z.array(uuid).max(1000).default([]),
  exclude: z
    .array(z.object({ id: uuid, reason: z.string().trim().min(1).max(500) }))
    .max(1000)
    .default([]),
});
export const DecideEntitlementsResult = z.object({
  paid: z.array(uuid),
  excluded: z.array(uuid),
  /** Not confirmed: the budget left was less than the amount (they stay pending). */
  overBudget: z.array(uuid),
  budgetCommitted: z.number().int(),
});
export type DecideEntitlementsResult = z.infer<typeof DecideEntitlementsResult>;

export const ObjectionRequest = z.object({ text: z.string().trim().min(1).max(2000) });
/** The department's answer to an objection: upheld (an exclusion goes back to review) or not, with reasons. */
export const ObjectionAnswerRequest = z.object({
  upheld: z.boolean(),
  answer: z.string().trim().min(1).max(2000),
});
export type ObjectionAnswerRequest = z.infer<typeof ObjectionAnswerRequest>;

/**
 * 兑现统计: matched now, pushed (told of a match), applied (快申快享), entitled, paid and amounts, and the
 * days from the benefit's publication to payment (median and 90th percentile over the paid ones).
 */
export const PolicyStatsRow = z.object({
  matched: z.number().int(),
  pushed: z.number().int(),
  applied: z.number().int(),
  entitlements: z.number().int(),
  pending: z.number().int(),
  paid: z.number().int(),
  paidAmount: z.number().int(),
  excluded: z.number().int(),
  objections: z.number().int(),
  openObjections: z.number().int(),
  medianDaysToPayment: z.number().nullable(),
  p90DaysToPayment: z.number().nullable(),
});
export type PolicyStatsRow = z.infer<typeof PolicyStatsRow>;
export const PolicyStats = z.object({
  overall: PolicyStatsRow,
  benefits: z.array(
    PolicyStatsRow.extend({ benefitId: uuid, title: z.string(), channel: BenefitChannel, budget: z.number().int() }),
  ),
});
export type PolicyStats = z.infer<typeof PolicyStats>;

/** 政策计算器: each live benefit with what the enterprise may get and why. */
export const CalculatorItem = z.object({
  benefitId: uuid,
  title: z.string(),
  target: z.string(),
  channel: BenefitChannel,
  documentTitle: z.string(),
  periodEnd: isoDate,
  explanation: Explanation,
});
export const Calculator = z.object({
  uscc: z.string(),
  name: z.string(),
  items: z.array(CalculatorItem),
});
export type Calculator = z.infer<typeof Calculator>;
