/**
 * Batch review of 免申即享 entitlements by the department (confirm / exclude with a reason), the payment
 * instruction on confirmation, and the enterprise's side: its entitlements, payment notices, objections.
 * A batch is one transaction; each confirmation first commits its amount against the budget with a
 * conditional UPDATE (see repository.commitBudget), so parallel batches never overspend — a confirmation
 * the budget cannot cover stays pending and is reported as over budget.
 */
import type { DecideEntitlementsResult, Entitlement } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { Principal } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import { assertOwn, departmentFilter } from "./access.js";
import { openBankAccount } from "./bank-account.js";
import type { PoliciesDeps } from "./context.js";
import { PolicyErrors } from "./errors.js";
import { toEntitlement } from "./mapping.js";
import type { EntitlementRow } from "./repository.js";

const actor = (p: Principal) => `${p.kind}:${p.id}`;

export class ReviewService {
  constructor(private readonly deps: PoliciesDeps) {}

  async entitlements(principal: Principal, benefitId: string): Promise<{ items: Entitlement[] }> {
    await this.#own(principal, benefitId);
    return {
      items: (await this.deps.repo.entitlementsOfBenefit(benefitId)).map((r) => toEntitlement(r, this.deps.pii)),
    };
  }

  async decide(
    principal: Principal,
    benefitId: string,
    input: { confirm: string[]; exclude: { id: string; reason: string }[] },
  ): Promise<DecideEntitlementsResult> {
    const benefit = await this.#own(principal, benefitId);
    const now = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (trx) => {
      const result: DecideEntitlementsResult = { paid: [], excluded: [], overBudget: [], budgetCommitted: 0 };
      const ids = [...new Set([...input.confirm, ...input.exclude.map((e) => e.id)])];
      // Lock the batch's rows (in id order: two batches over the same rows never deadlock).
      const rows =
        ids.length === 0
          ? []
          : await trx
              .selectFrom("policies_entitlements")
              .select(["id", "uscc", "amount", "status", "benefit_id", "case_id", "bank_account", "bank_account_enc"])
              .where("id", "in", ids)
              .orderBy("id")
              .forUpdate()
              .execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const id of ids) {
        const r = byId.get(id);
        if (!r || r.benefit_id !== benefitId) throw PolicyErrors.POLICIES_ENTITLEMENT_NOT_FOUND({ id });
        if (r.status !== "pending") throw PolicyErrors.POLICIES_NOT_PENDING({ id });
        if (r.case_id !== null) throw PolicyErrors.POLICIES_DECIDED_BY_CASE({ id });
      }
      for (const e of input.exclude) {
        await trx
          .updateTable("policies_entitlements")
          .set({ status: "excluded", reason: e.reason, decided_by: principal.id, decided_at: now })
          .where("id", "=", e.id)
          .execute();
        await this.deps.audit.append(
          {
            type: "policies.entitlement.excluded",
            actor: actor(principal),
            subject: `policy-entitlement:${e.id}`,
            payload: { reason: e.reason },
            time: now,
          },
          trx,
        );
        result.excluded.push(e.id);
      }
      const accounts = await this.deps.enterpriseAccounts(
        input.confirm.map((id) => byId.get(id)?.uscc as string),
        trx,
      );
      for (const id of input.confirm) {
        const r = byId.get(id);
        if (!r) continue;
        const paid = await this.pay(
          trx,
          benefit,
          { ...r, id },
          actor(principal),
          principal.id,
          accounts.get(r.uscc) ?? [],
        );
        if (paid) result.paid.push(id);
        else result.overBudget.push(id);
      }
      const b = await trx
        .selectFrom("policies_benefits")
        .select("budget_committed")
        .where("id", "=", benefitId)
        .executeTakeFirstOrThrow();
      result.budgetCommitted = b.budget_committed;
      return result;
    });
  }

  /**
   * Pays one pending entitlement in the caller's transaction: commits its amount against the budget (false,
   * and nothing written, when the budget is short), instructs the payment, marks it paid, audits and tells
   * the enterprise. The batch review and a 快申快享 case's approval both come here.
   */
  async pay(
    trx: Kysely<DB>,
    benefit: { id: string; title: string; channel: string },
    r: Pick<EntitlementRow, "id" | "uscc" | "amount" | "bank_account" | "bank_account_enc">,
    by: string,
    decidedBy: string | null,
    recipients: string[],
  ): Promise<boolean> {
    const now = this.deps.clock.now();
    const id = r.id;
    const committed = await this.deps.repo.commitBudget(trx, benefit.id, r.amount);
    if (committed === undefined) return false;
    // The instruction carries the confirmed account (快申快享) in clear: the one read that needs it, recorded
    // with the payment. 免申即享 pays the account of record the treasury holds (null here).
    const bankAccount = openBankAccount(this.deps.pii, r);
    if (bankAccount !== null)
      await this.deps.personalData.record(
        {
          actor: by,
          account: null,
          subject: `policy-entitlement:${id}`,
          fields: ["bank_account"],
          reason: "policies.payment-instruction",
        },
        trx,
      );
    const reference = await this.deps.payments.instruct(trx, {
      entitlementId: id,
      uscc: r.uscc,
      amount: r.amount,
      bankAccount,
    });
    await trx
      .updateTable("policies_entitlements")
      .set({ status: "paid", decided_by: decidedBy, decided_at: now, payment_ref: reference, paid_at: now })
      .where("id", "=", id)
      .execute();
    await this.deps.audit.append(
      {
        type: "policies.entitlement.paid",
        actor: by,
        subject: `policy-entitlement:${id}`,
        payload: { amount: r.amount, reference, budgetCommitted: committed },
        time: now,
      },
      trx,
    );
    const unasked = benefit.channel === "no_application";
    if (recipients.length > 0)
      await this.deps.notify.send(trx, {
        recipients,
        kind: "policies.paid",
        title: { zh: `兑现通知：${benefit.title}`, en: `Payment notice: ${benefit.title}` },
        body: {
          zh: `「${benefit.title}」${r.amount} 元已拨付至企业账户（指令号 ${reference}）${unasked ? "，无需申请" : ""}。如有异议可在“惠企政策”中提出。`,
          en: `CNY ${r.amount} of "${benefit.title}" has been paid to the enterprise's account (reference ${reference})${unasked ? "; no application was needed" : ""}. You may object under Business support.`,
        },
        link: "/policies",
        subject: `policy-entitlement:${id}`,
      });
    return true;
  }

  /** The enterprise's own entitlements (payment notices included), never another's. */
  async mine(uscc: string): Promise<{ items: Entitlement[] }> {
    return { items: (await this.deps.repo.entitlementsOf(uscc)).map((r) => toEntitlement(r, this.deps.pii)) };
  }

  /**
   * 异议: the enterprise objects once to a decided entitlement — paid (the amount), excluded by the department
   * or its case, or withdrawn by a later run. The department's reviewers are told (in-app), in the same
   * transaction as the objection and its audit entry.
   */
  async object(principal: Principal, uscc: string, id: string, text: string): Promise<Entitlement> {
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const r = await trx
        .selectFrom("policies_entitlements as e")
        .innerJoin("policies_benefits as b", "b.id", "e.benefit_id")
        .select(["e.uscc", "e.objection", "e.status", "e.enterprise_name", "b.department_id", "b.title"])
        .where("e.id", "=", id)
        .forUpdate()
        .executeTakeFirst();
      if (!r || r.uscc !== uscc) throw PolicyErrors.POLICIES_ENTITLEMENT_NOT_FOUND();
      if (r.objection !== null) throw PolicyErrors.POLICIES_OBJECTION_CLOSED();
      if (r.status === "pending") throw PolicyErrors.POLICIES_OBJECTION_NOT_ALLOWED({ status: r.status });
      await trx
        .updateTable("policies_entitlements")
        .set({ objection: text, objected_at: now })
        .where("id", "=", id)
        .execute();
      await this.deps.audit.append(
        {
          type: "policies.entitlement.objected",
          actor: actor(principal),
          actingFor: `enterprise:${uscc}`,
          subject: `policy-entitlement:${id}`,
          payload: { text },
          time: now,
        },
        trx,
      );
      const reviewers = await this.deps.reviewers(r.department_id, trx);
      if (reviewers.length > 0)
        await this.deps.notify.send(trx, {
          recipients: reviewers,
          kind: "policies.objection",
          title: { zh: `政策兑现异议：${r.title}`, en: `Objection: ${r.title}` },
          body: {
            zh: `${r.enterprise_name}对「${r.title}」的兑现结果提出异议，请在“惠企政策”中答复。`,
            en: `${r.enterprise_name} objects to the outcome of "${r.title}"; answer it under Business support.`,
          },
          link: "/workbench/policies",
          subject: `policy-entitlement:${id}`,
        });
    });
    const row = await this.deps.repo.entitlement(id);
    if (!row) throw PolicyErrors.POLICIES_ENTITLEMENT_NOT_FOUND();
    return toEntitlement(row, this.deps.pii);
  }

  /** The department's objections not answered yet, oldest first (the partial index on open objections). */
  async objections(principal: Principal): Promise<{ items: Entitlement[] }> {
    const departmentId = departmentFilter(principal, "policies.review");
    const rows = await this.deps.repo.openObjections(departmentId);
    return { items: rows.map((r) => toEntitlement(r, this.deps.pii)) };
  }

  /**
   * The department answers an objection once. Upheld: an exclusion (by the department, its case or a later
   * run) goes back to the batch review as pending, outside its case; a paid one keeps its payment (a
   * correction is paid outside the platform) and the answer records it. The enterprise is told.
   */
  async answer(principal: Principal, id: string, input: { upheld: boolean; answer: string }): Promise<Entitlement> {
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const r = await trx
        .selectFrom("policies_entitlements as e")
        .innerJoin("policies_benefits as b", "b.id", "e.benefit_id")
        .select(["e.uscc", "e.status", "e.objection", "e.objection_answered_at", "b.department_id", "b.title"])
        .where("e.id", "=", id)
        .forUpdate()
        .executeTakeFirst();
      if (!r || r.objection === null) throw PolicyErrors.POLICIES_OBJECTION_NOT_FOUND();
      assertOwn(principal, "policies.review", r.department_id);
      if (r.objection_answered_at !== null) throw PolicyErrors.POLICIES_OBJECTION_ANSWERED();
      const reopen = input.upheld && (r.status === "excluded" || r.status === "withdrawn");
      await trx
        .updateTable("policies_entitlements")
        .set({
          objection_answer: input.answer,
          objection_upheld: input.upheld,
          objection_answered_by: principal.id,
          objection_answered_at: now,
          ...(reopen
            ? { status: "pending" as const, reason: null, decided_at: null, decided_by: null, case_id: null }
            : {}),
        })
        .where("id", "=", id)
        .execute();
      await this.deps.audit.append(
        {
          type: "policies.objection.answered",
          actor: actor(principal),
          subject: `policy-entitlement:${id}`,
          payload: { upheld: input.upheld, answer: input.answer, reopened: reopen },
          time: now,
        },
        trx,
      );
      const recipients = (await this.deps.enterpriseAccounts([r.uscc], trx)).get(r.uscc) ?? [];
      if (recipients.length > 0)
        await this.deps.notify.send(trx, {
          recipients,
          kind: "policies.objection.answered",
          title: {
            zh: `异议答复：${r.title}（${input.upheld ? "异议成立" : "异议不成立"}）`,
            en: `Objection answered: ${r.title} (${input.upheld ? "upheld" : "not upheld"})`,
          },
          body: {
            zh: `${input.answer}${reopen ? "（已重新提交部门审核）" : ""}`,
            en: `${input.answer}${reopen ? " (back in the department's review)" : ""}`,
          },
          link: "/policies",
          subject: `policy-entitlement:${id}`,
        });
    });
    const row = await this.deps.repo.entitlement(id);
    if (!row) throw PolicyErrors.POLICIES_ENTITLEMENT_NOT_FOUND();
    return toEntitlement(row, this.deps.pii);
  }

  async #own(principal: Principal, benefitId: string) {
    const b = await this.deps.repo.benefit(benefitId);
    if (!b) throw PolicyErrors.POLICIES_BENEFIT_NOT_FOUND();
    assertOwn(principal, "policies.review", b.department_id);
    return b;
  }
}
