import type { ErrorCodeDefinition } from "./definition.js";

/**
 * Error codes of policies 惠企政策 / 免申即享. Rule and formula refusals name the rule and the path in the
 * message and in `details` ({ rule, path }), so the editor can point at the field.
 */
export const PolicyErrorCodes = {
  POLICIES_RULE_INVALID: { status: 400, message: "规则不正确", messageEn: "The rule is not valid" },
  POLICIES_RULE_UNKNOWN_FACT: {
    status: 400,
    message: "规则引用了未知的数据项",
    messageEn: "The rule references an unknown fact",
  },
  POLICIES_RULE_CYCLE: { status: 400, message: "规则存在循环引用", messageEn: "The rule references itself (cycle)" },
  POLICIES_FORMULA_INVALID: { status: 400, message: "金额公式不正确", messageEn: "The amount formula is not valid" },
  POLICIES_FORMULA_DIVISION_BY_ZERO: {
    status: 400,
    message: "金额公式除数为零",
    messageEn: "The amount formula divides by zero",
  },
  POLICIES_PERIOD_INVALID: {
    status: 400,
    message: "兑现期限不正确（结束早于开始）",
    messageEn: "The period ends before it starts",
  },
  POLICIES_DOCUMENT_NOT_FOUND: { status: 404, message: "政策文件不存在", messageEn: "Policy document not found" },
  POLICIES_BENEFIT_NOT_FOUND: { status: 404, message: "兑现事项不存在", messageEn: "Benefit not found" },
  POLICIES_ENTITLEMENT_NOT_FOUND: { status: 404, message: "兑现记录不存在", messageEn: "Entitlement not found" },
  POLICIES_ENTERPRISE_NOT_FOUND: { status: 404, message: "企业不在法人库中", messageEn: "Enterprise not registered" },
  POLICIES_ALREADY_PUBLISHED: { status: 409, message: "兑现事项已发布", messageEn: "The benefit is already published" },
  POLICIES_NOT_PENDING: {
    status: 409,
    message: "该兑现记录已处理",
    messageEn: "The entitlement has already been decided",
  },
  POLICIES_BUDGET_EXHAUSTED: {
    status: 409,
    message: "预算额度不足",
    messageEn: "The benefit's budget is exhausted",
  },
  POLICIES_OBJECTION_CLOSED: {
    status: 409,
    message: "已提出过异议",
    messageEn: "An objection has already been raised",
  },
  POLICIES_NOT_QUICK_APPLICATION: {
    status: 409,
    message: "该事项不是快申快享事项",
    messageEn: "This benefit is not one of the quick online applications (kuai shen kuai xiang)",
  },
  POLICIES_NOT_ELIGIBLE: {
    status: 409,
    message: "本企业不符合该事项的条件",
    messageEn: "The enterprise does not meet the benefit's conditions",
  },
  POLICIES_DECIDED_BY_CASE: {
    status: 409,
    message: "快申快享申请在办件中决定，不在批量审核中处理",
    messageEn: "A quick application is decided in its case, not in the batch review",
  },
  POLICIES_OBJECTION_NOT_FOUND: { status: 404, message: "异议不存在", messageEn: "Objection not found" },
  POLICIES_OBJECTION_ANSWERED: {
    status: 409,
    message: "该异议已答复",
    messageEn: "The objection has already been answered",
  },
  POLICIES_OBJECTION_NOT_ALLOWED: {
    status: 409,
    message: "只能对已兑现或被排除的记录提出异议",
    messageEn: "Only a paid or excluded entitlement can be objected to",
  },
  POLICIES_ALREADY_APPLIED: { status: 409, message: "已申请过该事项", messageEn: "Already applied for this benefit" },
  POLICIES_PERIOD_ENDED: {
    status: 409,
    message: "该事项不在兑现期内",
    messageEn: "The benefit is outside its period",
  },
  POLICIES_ENTERPRISE_REQUIRED: {
    status: 403,
    message: "请先切换到企业身份",
    messageEn: "Switch to acting for an enterprise first",
  },
} as const satisfies Record<string, ErrorCodeDefinition>;
