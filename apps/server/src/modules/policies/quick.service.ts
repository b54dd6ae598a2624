/**
 * 快申快享 as a 办件: a benefit with channel quick_application gets a generated catalog item when it is
 * published (quick-item.ts). The enterprise applies from /policies: the rule is evaluated on the registry's
 * current facts, and a short case is filed through the cases module's port with the form pre-filled (免填
 * for name, USCC and representative; the facts the rule read and the amount from here; the account the
 * enterprise confirmed). The case, its history and the pending entitlement that mirrors it (case id, due
 * date = the case's promised working days) are written in one transaction. The department decides the case
 * on its desk; `case.decided` comes back through the outbox (onDecided): approved → the budget check and
 * the payment instruction; denied → excluded with the case's reason.
 */
import type { Entitlement, QuickApplicationRequest, RuleEdit } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { Principal } from "../../platform/auth/permissions.js";
import { localDate } from "../../platform/clock/clock.js";
import type { DB } from "../../platform/db/schema.js";
import type { DomainEvent } from "../../platform/events/index.js";
import type { PoliciesDeps } from "./context.js";
import { PolicyErrors } from "./errors.js";
import { toEntitlement } from "./mapping.js";
import { evaluate, factsHash, type MatchingService } from "./matching.service.js";
import { quickFormValues, quickItem } from "./quick-item.js";
import type { BenefitRow } from "./repository.js";
import type { ReviewService } from "./review.service.js";
import { compileBenefit } from "./rules/compile.js";
import { pick } from "./rules/facts.js";

/** Publishes (or refreshes) a 快申快享 benefit's catalog item in the caller's transaction; returns its code. */
export async function publishQuickItem(deps: PoliciesDeps, trx: Kysely<DB>, b: BenefitRow, by: string) {
  const compiled = compileBenefit({ rules: b.rules as RuleEdit["rules"], amountFormula: b.amount_formula });
  const dept = await deps.departments.get(b.department_id, trx);
  const doc = await trx
    .selectFrom("policies_documents")
    .select("legal_basis")
    .where("id", "=", b.document_id)
    .executeTakeFirstOrThrow();
  const item = quickItem(b, dept.key, compiled.facts, doc.legal_basis);
  await deps.catalog.publishGenerated(item, by, trx);
  await trx.updateTable("policies_benefits").set({ item_code: item.code }).where("id", "=", b.id).execute();
  return item.code;
}

export class QuickApplyService {
  constructor(
    private readonly deps: PoliciesDeps,
    private readonly matching: MatchingService,
    private readonly review: ReviewService,
  ) {}

  async apply(
    principal: Principal,
    uscc: string,
    benefitId: string,
    input: QuickApplicationRequest,
  ): Promise<Entitlement> {
    let b = await this.deps.repo.benefit(benefitId);
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
    const amount = explanation.amount;
    // Checked before a case is filed (and again by the insert's conflict rule, under a race).
    const prior = await this.deps.db
      .selectFrom("policies_entitlements")
      .select("status")
      .where("benefit_id", "=", benefitId)
      .where("uscc", "=", uscc)
      .executeTakeFirst();
    if (prior && prior.status !== "withdrawn") throw PolicyErrors.POLICIES_ALREADY_APPLIED();
    // A benefit published before items were generated (or by the demo seed) gets its item now.
    if (b.item_code === null) {
      const current = b;
      await this.deps.db
        .transaction()
        .execute((trx) => publishQuickItem(this.deps, trx, current, `${principal.kind}:${principal.id}`));
      b = { ...b, item_code: (await this.deps.repo.benefit(benefitId))?.item_code ?? null };
    }
    const itemCode = b.item_code as string;
    const facts = pick(all, compiled.facts);
    const hash = factsHash({ benefitId, uscc, ruleVersion: b.current_version, facts });
    const business = await this.deps.registry.businessFactsOf(uscc);
    const ruleVersion = b.current_version;
    const id = await this.deps.cases.file(
      principal,
      itemCode,
      quickFormValues(facts, amount, input.bankAccount),
      async (trx, filed) => {
        const values = {
          rule_version: ruleVersion,
          amount,
          facts: JSON.stringify(facts),
          facts_hash: hash,
          explanation: JSON.stringify(explanation),
          enterprise_name: business?.name ?? uscc,
          status: "pending" as const,
          reason: null,
          decided_at: null,
          decided_by: null,
          applied_at: now,
          due_on: filed.deadlineDate,
          case_id: filed.id,
          case_number: filed.number,
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
              amount,
              ruleVersion,
              factsHash: hash,
              caseId: filed.id,
              caseNumber: filed.number,
              dueOn: filed.deadlineDate,
            },
            time: now,
          },
          trx,
        );
        return row.id;
      },
    );
    const saved = await this.deps.repo.entitlement(id);
    if (!saved) throw PolicyErrors.POLICIES_ENTITLEMENT_NOT_FOUND();
    return toEntitlement(saved, this.deps.pii);
  }

  /**
   * `case.decided` from the outbox, in the delivery's transaction (at least once: a row no longer pending
   * is left alone). Approved → paid within the budget; a budget already spent leaves it pending with the
   * reason, for the department. Denied → excluded with the case's reason.
   */
  async onDecided(event: DomainEvent, trx: Kysely<DB>): Promise<void> {
    const { caseId } = event.payload as { caseId: string };
    const r = await trx
      .selectFrom("policies_entitlements as e")
      .innerJoin("policies_benefits as b", "b.id", "e.benefit_id")
      .select(["e.id", "e.uscc", "e.amount", "e.status", "e.bank_account", "e.bank_account_enc"])
      .select(["b.id as benefit_id", "b.title", "b.channel"])
      .where("e.case_id", "=", caseId)
      .forUpdate()
      .executeTakeFirst();
    if (r?.status !== "pending") return;
    const decision = await this.deps.cases.decision(caseId, trx);
    if (!decision) return;
    const by = `case:${caseId}`;
    const now = this.deps.clock.now();
    if (decision.outcome === "approved") {
      const accounts = await this.deps.enterpriseAccounts([r.uscc], trx);
      const benefit = { id: r.benefit_id, title: r.title, channel: r.channel };
      if (await this.review.pay(trx, benefit, r, by, null, accounts.get(r.uscc) ?? [])) return;
      await trx
        .updateTable("policies_entitlements")
        .set({ reason: "办件已准予，预算额度不足，待部门处理 / approved, but the budget is exhausted" })
        .where("id", "=", r.id)
        .execute();
      await this.deps.audit.append(
        { type: "policies.entitlement.over-budget", actor: by, subject: `policy-entitlement:${r.id}`, time: now },
        trx,
      );
      return;
    }
    const reason = decision.reason ?? "不予兑现 / denied";
    await trx
      .updateTable("policies_entitlements")
      .set({ status: "excluded", reason, decided_at: decision.decidedAt ?? now })
      .where("id", "=", r.id)
      .execute();
    await this.deps.audit.append(
      {
        type: "policies.entitlement.excluded",
        actor: by,
        subject: `policy-entitlement:${r.id}`,
        payload: { reason, caseId },
        time: now,
      },
      trx,
    );
  }
}
