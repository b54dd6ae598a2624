/**
 * Matching (匹配): every active enterprise in the business registry against every live benefit. A run reads
 * the registry page by page and tests each benefit's compiled rules (the boolean form; explanations are
 * computed only for what is stored or shown). New matches are pushed to the enterprise's accounts once per
 * benefit (a match that lapses and comes back is not pushed again) — in-app, and by SMS or email when the person
 * chose those channels for `policies.matched` (the notify module's channel rules); for a
 * 免申即享 benefit they become pending entitlements that record the rule version and the facts used (their
 * hash also goes into the audit log). Matches that no longer hold lapse, and their pending entitlements
 * are withdrawn — a changed fact in the registry changes the match on the next run.
 */
import { createHash } from "node:crypto";
import type { Calculator, Explanation, FactValues, MatchRunResult, RuleEdit } from "@yiwang/contracts";
import { type Kysely, sql } from "kysely";
import { localDate } from "../../platform/clock/clock.js";
import type { DB } from "../../platform/db/schema.js";
import type { AuditEvent } from "../../platform/ports.js";
import type { BusinessFacts } from "../registry/index.js";
import { FACT_PAGE, type PoliciesDeps } from "./context.js";
import { PolicyErrors } from "./errors.js";
import type { BenefitRow } from "./repository.js";
import { type CompiledBenefit, compileBenefit } from "./rules/compile.js";
import { enterpriseFacts, pick } from "./rules/facts.js";
import { AmountError } from "./rules/formula.js";

/** The rules and the amount for one enterprise's facts, with every condition's result. */
export function evaluate(compiled: CompiledBenefit, facts: FactValues): Explanation {
  const { eligible, conditions } = compiled.rules.explain(facts);
  let amount: number | null = null;
  let amountError: string | null = null;
  if (eligible) {
    try {
      amount = compiled.formula.amount(facts);
    } catch (err) {
      if (!(err instanceof AmountError)) throw err;
      amountError = err.message;
    }
  }
  return { eligible, conditions, amount, amountError };
}

/** SHA-256 over the canonical (sorted-key) JSON of what an entitlement was computed from. */
export function factsHash(input: { benefitId: string; uscc: string; ruleVersion: number; facts: FactValues }): string {
  const facts = Object.fromEntries(Object.entries(input.facts).sort(([a], [b]) => (a < b ? -1 : 1)));
  return createHash("sha256")
    .update(JSON.stringify({ benefitId: input.benefitId, uscc: input.uscc, ruleVersion: input.ruleVersion, facts }))
    .digest("hex");
}

interface Live {
  row: BenefitRow;
  compiled: CompiledBenefit;
  previous: Set<string>;
  current: Set<string>;
  fresh: { business: BusinessFacts; facts: FactValues; amount: number | null; error: string | null }[];
}

const compiledOf = (b: BenefitRow) =>
  compileBenefit({ rules: b.rules as RuleEdit["rules"], amountFormula: b.amount_formula });

export class MatchingService {
  constructor(private readonly deps: PoliciesDeps) {}

  #today() {
    return localDate(this.deps.clock.now(), this.deps.timeZone);
  }

  /** One run over the whole registry, in `trx` (the nightly job's, or the on-demand request's). */
  async run(trx: Kysely<DB>, actor: string): Promise<MatchRunResult> {
    // One run at a time across nodes (the nightly job beside an on-demand run): the second waits and then
    // sees the first's matches, so nothing is matched, pushed or entitled twice.
    await sql`select pg_advisory_xact_lock(hashtext('policies.match'))`.execute(trx);
    const today = this.#today();
    const now = this.deps.clock.now();
    const rows = await this.deps.repo.liveBenefits(today, trx);
    const previous = await this.deps.repo.matches(
      rows.map((r) => r.id),
      trx,
    );
    const live: Live[] = rows.map((row) => ({
      row,
      compiled: compiledOf(row),
      previous: previous.get(row.id) ?? new Set(),
      current: new Set(),
      fresh: [],
    }));
    let enterprises = 0;
    let errors = 0;
    let after: string | undefined;
    for (;;) {
      const page = await this.deps.registry.businessFacts(FACT_PAGE, after, trx);
      if (page.length === 0) break;
      after = page[page.length - 1].uscc;
      for (const business of page) {
        // Only enterprises in business: a revoked or cancelled one is paid nothing, whatever the rules say.
        if (business.status !== "active") continue;
        enterprises++;
        const facts = enterpriseFacts(business, today);
        for (const b of live) {
          if (!b.compiled.rules.test(facts)) continue;
          b.current.add(business.uscc);
          if (b.previous.has(business.uscc)) continue;
          let amount: number | null = null;
          let error: string | null = null;
          try {
            amount = b.compiled.formula.amount(facts);
          } catch (err) {
            if (!(err instanceof AmountError)) throw err;
            error = err.message;
            errors++;
          }
          b.fresh.push({ business, facts, amount, error });
        }
      }
      if (page.length < FACT_PAGE) break;
    }

    const result: MatchRunResult = {
      benefits: live.length,
      enterprises,
      matched: 0,
      newMatches: 0,
      lapsed: 0,
      entitlementsCreated: 0,
      errors,
    };
    const audits: AuditEvent[] = [];
    for (const b of live) {
      result.matched += b.current.size;
      result.newMatches += b.fresh.length;
      const lapsed = [...b.previous].filter((u) => !b.current.has(u));
      result.lapsed += lapsed.length;
      if (lapsed.length > 0) {
        await trx
          .deleteFrom("policies_matches")
          .where("benefit_id", "=", b.row.id)
          .where("uscc", "in", lapsed)
          .execute();
        await trx
          .updateTable("policies_entitlements")
          .set({ status: "withdrawn", reason: "不再符合条件 / no longer eligible", decided_at: now })
          .where("benefit_id", "=", b.row.id)
          .where("uscc", "in", lapsed)
          .where("status", "=", "pending")
          // A 快申快享 application is a case now: the department decides it, a later run does not.
          .where("case_id", "is", null)
          .execute();
      }
      if (b.fresh.length === 0) continue;
      for (let i = 0; i < b.fresh.length; i += 1000) {
        await trx
          .insertInto("policies_matches")
          .values(
            b.fresh.slice(i, i + 1000).map((m) => ({
              benefit_id: b.row.id,
              uscc: m.business.uscc,
              rule_version: b.row.current_version,
              amount: m.amount,
              error: m.error,
              matched_at: now,
            })),
          )
          .execute();
      }
      const budgetLeft = b.row.budget_total - b.row.budget_committed;
      const untold = await this.#firstNotices(
        trx,
        b.row.id,
        b.fresh.map((m) => m.business.uscc),
        now,
      );
      const accounts = await this.deps.enterpriseAccounts([...untold], trx);
      for (const m of b.fresh) {
        const entitle = b.row.channel === "no_application" && m.amount !== null && m.amount > 0 && budgetLeft > 0;
        if (entitle) {
          const created = await this.#entitle(trx, b, m, actor);
          if (created) {
            result.entitlementsCreated++;
            audits.push(created);
          }
        }
        const recipients = untold.has(m.business.uscc) ? (accounts.get(m.business.uscc) ?? []) : [];
        if (recipients.length > 0) {
          await this.deps.notify.send(trx, {
            recipients,
            kind: "policies.matched",
            title: entitle
              ? { zh: `免申即享：${b.row.title}`, en: `Paid without applying: ${b.row.title}` }
              : { zh: `您可能符合：${b.row.title}`, en: `You may qualify: ${b.row.title}` },
            body: {
              zh: `${m.business.name}符合「${b.row.title}」的条件${m.amount !== null ? `，预计金额 ${m.amount} 元` : ""}。`,
              en: `${m.business.name} meets the conditions of "${b.row.title}"${m.amount !== null ? `; expected amount CNY ${m.amount}` : ""}.`,
            },
            link: "/policies",
            subject: `policy-benefit:${b.row.id}`,
            // For the channels the person chose beyond in-app (SMS, email): the event type's template values.
            variables: {
              enterpriseName: m.business.name,
              benefitTitle: b.row.title,
              amount: m.amount !== null ? String(m.amount) : "",
            },
          });
        }
      }
    }
    audits.push({ type: "policies.match.run", actor, payload: result, time: now });
    await this.deps.audit.append(audits, trx);
    return result;
  }

  /** The enterprises of `usccs` not yet told of this benefit, marked as told now (in the run's transaction). */
  async #firstNotices(trx: Kysely<DB>, benefitId: string, usccs: string[], now: Date): Promise<Set<string>> {
    const told = new Set<string>();
    for (let i = 0; i < usccs.length; i += 1000) {
      const rows = await trx
        .insertInto("policies_match_notices")
        .values(usccs.slice(i, i + 1000).map((uscc) => ({ benefit_id: benefitId, uscc, notified_at: now })))
        .onConflict((oc) => oc.columns(["benefit_id", "uscc"]).doNothing())
        .returning("uscc")
        .execute();
      for (const r of rows) told.add(r.uscc);
    }
    return told;
  }

  async #entitle(trx: Kysely<DB>, b: Live, m: Live["fresh"][number], actor: string): Promise<AuditEvent | undefined> {
    const facts = pick(m.facts, b.compiled.facts);
    const version = b.row.current_version;
    const hash = factsHash({ benefitId: b.row.id, uscc: m.business.uscc, ruleVersion: version, facts });
    const explanation = evaluate(b.compiled, m.facts);
    const values = {
      rule_version: version,
      amount: m.amount as number,
      facts: JSON.stringify(facts),
      facts_hash: hash,
      explanation: JSON.stringify(explanation),
      enterprise_name: m.business.name,
      status: "pending" as const,
      reason: null,
      decided_at: null,
      created_at: this.deps.clock.now(),
    };
    // A withdrawn entitlement (the enterprise lapsed, then matched again) starts over; a paid or excluded one stays.
    const row = await trx
      .insertInto("policies_entitlements")
      .values({ benefit_id: b.row.id, uscc: m.business.uscc, ...values })
      .onConflict((oc) =>
        oc.columns(["benefit_id", "uscc"]).doUpdateSet(values).where("policies_entitlements.status", "=", "withdrawn"),
      )
      .returning("id")
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      type: "policies.entitlement.created",
      actor,
      subject: `policy-entitlement:${row.id}`,
      payload: { benefitId: b.row.id, uscc: m.business.uscc, ruleVersion: version, amount: m.amount, factsHash: hash },
    };
  }

  /** Why (not): one benefit's current rules against one enterprise's facts as the registry holds them now. */
  async explain(benefitId: string, uscc: string): Promise<Explanation & { facts: FactValues }> {
    const b = await this.deps.repo.benefit(benefitId);
    if (!b) throw PolicyErrors.POLICIES_BENEFIT_NOT_FOUND();
    const facts = await this.factsOf(uscc);
    return { ...evaluate(compiledOf(b), facts), facts };
  }

  async factsOf(uscc: string): Promise<FactValues> {
    const business = await this.deps.registry.businessFactsOf(uscc);
    if (!business) throw PolicyErrors.POLICIES_ENTERPRISE_NOT_FOUND();
    return enterpriseFacts(business, this.#today());
  }

  /** 政策计算器: every live benefit, what this enterprise may get and why. */
  async calculator(uscc: string): Promise<Calculator> {
    const business = await this.deps.registry.businessFactsOf(uscc);
    if (!business) throw PolicyErrors.POLICIES_ENTERPRISE_NOT_FOUND();
    const facts = enterpriseFacts(business, this.#today());
    const rows = await this.deps.repo.liveBenefits(this.#today());
    return {
      uscc,
      name: business.name,
      items: rows.map((b) => ({
        benefitId: b.id,
        title: b.title,
        target: b.target,
        channel: b.channel,
        documentTitle: b.document_title,
        periodEnd: b.period_end,
        explanation: evaluate(compiledOf(b), facts),
      })),
    };
  }
}
