/**
 * 快申快享: for a benefit with channel quick_application the enterprise applies from /policies. The form is
 * its registry facts (read-only, the ones the rule uses) and a bank-account confirmation; the application is
 * a pending entitlement with applied_at and due_on (decision_days working days on the work calendar), so the
 * department decides it in the same batch review as 免申即享 (confirm → the same payment instruction; exclude
 * with a reason → refused). It stays in this module (no 办件 in the cases module yet): the entitlement row,
 * its audit entry and the notice are written in one transaction.
 */
import type { Entitlement, QuickApplicationRequest, RuleEdit } from "@yiwang/contracts";
import type { Principal } from "../../platform/auth/permissions.js";
import { localDate } from "../../platform/clock/clock.js";
import type { PoliciesDeps } from "./context.js";
import { PolicyErrors } from "./errors.js";
import { toEntitlement } from "./mapping.js";
import { evaluate, factsHash, type MatchingService } from "./matching.service.js";
import { compileBenefit } from "./rules/compile.js";
import { pick } from "./rules/facts.js";

export class QuickApplyService {
  constructor(
    private readonly deps: PoliciesDeps,
    private readonly matching: MatchingService,
  ) {}

  async apply(
    principal: Principal,
    uscc: string,
    benefitId: string,
    input: QuickApplicationRequest,
  ): Promise<Entitlement> {
    const b = await this.deps.repo.benefit(benefitId);
    if (b?.status !== "published") throw PolicyErrors.POLICIES_BENEFIT_NOT_FOUND();
    if (b.channel !== "quick_application") throw PolicyErrors.POLICIES_NOT_QUICK_APPLICATION();
    const now = this.deps.clock.now();
    const today = localDate(now, this.deps.timeZone);
    if (today < b.period_start || today > b.period_end) throw PolicyErrors.POLICIES_PERIOD_ENDED();
    const compiled = compileBenefit({ rules: b.rules as RuleEdit["rules"], amountFormula: b.amount_formula });
    const all = await this.matching.factsOf(uscc);
    const explanation = evaluate(compiled, all);
    if (!explanation.eligible || explanation.amount === null || explanation.amount <= 0)
      throw PolicyErrors.POLICIES_NOT_ELIGIBLE();
    const facts = pick(all, compiled.facts);
    const hash = factsHash({ benefitId, uscc, ruleVersion: b.current_version, facts });
    const { deadlineDate } = await this.deps.calendar.addWorkingDays(now, b.decision_days);
    const business = await this.deps.registry.businessFactsOf(uscc);
    const id = await this.deps.db.transaction().execute(async (trx) => {
      const values = {
        rule_version: b.current_version,
        amount: explanation.amount as number,
        facts: JSON.stringify(facts),
        facts_hash: hash,
        explanation: JSON.stringify(explanation),
        enterprise_name: business?.name ?? uscc,
        status: "pending" as const,
        reason: null,
        decided_at: null,
        applied_at: now,
        due_on: deadlineDate,
        // Sealed at rest; the clear column is only for rows written before sealing (bank-account.ts).
        bank_account: null,
        bank_account_enc: this.deps.pii.encrypt("bank_account", input.bankAccount),
        created_at: now,
      };
      // One application per enterprise and benefit; one withdrawn (no longer eligible) may be made again.
      const row = await trx
        .insertInto("policies_entitlements")
        .values({ benefit_id: benefitId, uscc, ...values })
        .onConflict((oc) =>
          oc
            .columns(["benefit_id", "uscc"])
            .doUpdateSet(values)
            .where("policies_entitlements.status", "=", "withdrawn"),
        )
        .returning("id")
        .executeTakeFirst();
      if (!row) throw PolicyErrors.POLICIES_ALREADY_APPLIED();
      await this.deps.audit.append(
        {
          type: "policies.application.submitted",
          actor: `${principal.kind}:${principal.id}`,
          actingFor: `enterprise:${uscc}`,
          subject: `policy-entitlement:${row.id}`,
          payload: {
            benefitId,
            amount: explanation.amount,
            ruleVersion: b.current_version,
            factsHash: hash,
            dueOn: deadlineDate,
          },
          time: now,
        },
        trx,
      );
      return row.id;
    });
    const saved = await this.deps.repo.entitlement(id);
    if (!saved) throw PolicyErrors.POLICIES_ENTITLEMENT_NOT_FOUND();
    return toEntitlement(saved, this.deps.pii);
  }
}
