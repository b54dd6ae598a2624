import type { Generated } from "kysely";

export interface PoliciesDocumentsTable {
  id: Generated<string>;
  department_id: string;
  title: string;
  issuer: string;
  issued_on: string;
  full_text: string;
  legal_basis: string;
  created_at: Generated<Date>;
}

export interface PoliciesBenefitsTable {
  id: Generated<string>;
  document_id: string;
  department_id: string;
  title: string;
  target: string;
  channel: "no_application" | "quick_application" | "on_application";
  budget_total: number;
  budget_committed: Generated<number>;
  period_start: string;
  period_end: string;
  status: Generated<"draft" | "published" | "withdrawn">;
  current_version: Generated<number>;
  published_at: Date | null;
  /** 快申快享: working days the department has to decide an application. */
  decision_days: Generated<number>;
  /** 快申快享: the catalog item generated on publication (POLICY-<id>); null for the other channels. */
  item_code: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PoliciesRuleVersionsTable {
  benefit_id: string;
  version: number;
  rules: unknown;
  amount_formula: string;
  valid_from: Date;
  created_by: string;
  created_at: Generated<Date>;
}

export interface PoliciesMatchesTable {
  benefit_id: string;
  uscc: string;
  rule_version: number;
  amount: number | null;
  error: string | null;
  matched_at: Date;
}

/** One row per benefit and enterprise told of a match: the notice is pushed once, not again on a later night. */
export interface PoliciesMatchNoticesTable {
  benefit_id: string;
  uscc: string;
  notified_at: Date;
}

export interface PoliciesEntitlementsTable {
  id: Generated<string>;
  benefit_id: string;
  uscc: string;
  enterprise_name: string;
  rule_version: number;
  amount: number;
  facts: unknown;
  facts_hash: string;
  explanation: unknown;
  status: Generated<"pending" | "paid" | "excluded" | "withdrawn">;
  reason: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  payment_ref: string | null;
  paid_at: Date | null;
  objection: string | null;
  objected_at: Date | null;
  /** The department's answer to the objection: upheld (the decision is reopened) or not. */
  objection_answer: string | null;
  objection_upheld: boolean | null;
  objection_answered_by: string | null;
  objection_answered_at: Date | null;
  /** 快申快享: the case (办件) in the cases module this entitlement mirrors. */
  case_id: string | null;
  case_number: string | null;
  applied_at: Date | null;
  due_on: string | null;
  /** Written before the account was sealed; `yiwang pii reencrypt` seals it into bank_account_enc. */
  bank_account: string | null;
  /** 快申快享: the account the enterprise confirmed, sealed (PiiField "bank_account"). */
  bank_account_enc: Buffer | null;
  created_at: Generated<Date>;
}

export interface PoliciesPaymentsTable {
  reference: string;
  entitlement_id: string;
  uscc: string;
  amount: number;
  recorded_at: Generated<Date>;
}

declare module "../../platform/db/schema.js" {
  interface DB {
    policies_documents: PoliciesDocumentsTable;
    policies_benefits: PoliciesBenefitsTable;
    policies_rule_versions: PoliciesRuleVersionsTable;
    policies_matches: PoliciesMatchesTable;
    policies_match_notices: PoliciesMatchNoticesTable;
    policies_entitlements: PoliciesEntitlementsTable;
    policies_payments: PoliciesPaymentsTable;
  }
}
