/** Rows to contract shapes. */
import type { Benefit, Entitlement, Explanation, FactValues, RuleSet, RuleVersion } from "@yiwang/contracts";
import type { PiiCipher } from "../../platform/crypto/pii.js";
import { maskedBankAccount } from "./bank-account.js";
import type { BenefitRow, EntitlementRow, VersionRow } from "./repository.js";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toBenefit(r: BenefitRow): Benefit {
  return {
    id: r.id,
    documentId: r.document_id,
    documentTitle: r.document_title,
    departmentId: r.department_id,
    title: r.title,
    target: r.target,
    channel: r.channel,
    budget: r.budget_total,
    budgetCommitted: r.budget_committed,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    status: r.status,
    currentVersion: r.current_version,
    publishedAt: iso(r.published_at),
    rules: r.rules as RuleSet,
    amountFormula: r.amount_formula,
    decisionDays: r.decision_days,
    itemCode: r.item_code,
  };
}

export function toVersion(r: VersionRow): RuleVersion {
  return {
    version: r.version,
    rules: r.rules as RuleSet,
    amountFormula: r.amount_formula,
    validFrom: r.valid_from.toISOString(),
    createdAt: r.created_at.toISOString(),
  };
}

/** The bank account masked (bank-account.ts): the payment instruction is the only place it is in clear. */
export function toEntitlement(r: EntitlementRow, pii: PiiCipher): Entitlement {
  return {
    id: r.id,
    benefitId: r.benefit_id,
    benefitTitle: r.benefit_title,
    uscc: r.uscc,
    enterpriseName: r.enterprise_name,
    ruleVersion: r.rule_version,
    amount: r.amount,
    facts: r.facts as FactValues,
    factsHash: r.facts_hash,
    explanation: r.explanation as Explanation,
    status: r.status,
    reason: r.reason,
    decidedAt: iso(r.decided_at),
    paymentRef: r.payment_ref,
    paidAt: iso(r.paid_at),
    objection: r.objection,
    objectedAt: iso(r.objected_at),
    objectionAnswer: r.objection_answer,
    objectionUpheld: r.objection_upheld,
    objectionAnsweredAt: iso(r.objection_answered_at),
    caseId: r.case_id,
    caseNumber: r.case_number,
    appliedAt: iso(r.applied_at),
    dueOn: r.due_on,
    bankAccount: maskedBankAccount(pii, r),
    createdAt: r.created_at.toISOString(),
  };
}
