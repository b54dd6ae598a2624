/**
 * The policy library: documents, benefits and their dated rule versions. Every rule change is validated
 * (compiled) before anything is written, so a refused rule leaves nothing behind; an edit appends a version
 * and moves the benefit's current version; entitlements keep the version they were computed with.
 */
import type {
  Benefit,
  BenefitDetail,
  CreateBenefitRequest,
  CreateDocumentRequest,
  Explanation,
  FactValues,
  PolicyDocument,
  PolicyStats,
  RuleEdit,
} from "@yiwang/contracts";
import type { z } from "zod";
import type { Principal } from "../../platform/auth/permissions.js";
import { localDate } from "../../platform/clock/clock.js";
import { assertOwn, departmentFilter } from "./access.js";
import type { PoliciesDeps } from "./context.js";
import { PolicyErrors } from "./errors.js";
import { toBenefit, toVersion } from "./mapping.js";
import { evaluate } from "./matching.service.js";
import type { NightlyMatch } from "./nightly.js";
import { publishQuickItem } from "./quick.service.js";
import { compileBenefit } from "./rules/compile.js";
import { enterpriseFacts } from "./rules/facts.js";
import { policyStats } from "./stats.js";

const actor = (p: Principal) => `${p.kind}:${p.id}`;

export class LibraryService {
  constructor(
    private readonly deps: PoliciesDeps,
    private readonly nightly: NightlyMatch,
  ) {}

  async createDocument(principal: Principal, input: z.infer<typeof CreateDocumentRequest>): Promise<PolicyDocument> {
    const departmentId = principal.departmentId;
    if (!departmentId) throw PolicyErrors.POLICIES_DOCUMENT_NOT_FOUND();
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto("policies_documents")
        .values({
          department_id: departmentId,
          title: input.title,
          issuer: input.issuer,
          issued_on: input.issuedOn,
          full_text: input.fullText,
          legal_basis: input.legalBasis,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.deps.audit.append(
        {
          type: "policies.document.created",
          actor: actor(principal),
          subject: `policy-document:${row.id}`,
          payload: input,
        },
        trx,
      );
      return {
        id: row.id,
        title: row.title,
        issuer: row.issuer,
        issuedOn: row.issued_on,
        fullText: row.full_text,
        legalBasis: row.legal_basis,
        createdAt: row.created_at.toISOString(),
      };
    });
  }

  async createBenefit(principal: Principal, input: CreateBenefitRequest): Promise<Benefit> {
    compileBenefit(input);
    if (input.periodEnd < input.periodStart) throw PolicyErrors.POLICIES_PERIOD_INVALID();
    const doc = await this.deps.db
      .selectFrom("policies_documents")
      .select(["id", "department_id"])
      .where("id", "=", input.documentId)
      .executeTakeFirst();
    if (!doc) throw PolicyErrors.POLICIES_DOCUMENT_NOT_FOUND();
    assertOwn(principal, "policies.manage", doc.department_id);
    const now = this.deps.clock.now();
    const id = await this.deps.db.transaction().execute(async (trx) => {
      const b = await trx
        .insertInto("policies_benefits")
        .values({
          document_id: doc.id,
          department_id: doc.department_id,
          title: input.title,
          target: input.target,
          channel: input.channel,
          budget_total: input.budget,
          period_start: input.periodStart,
          period_end: input.periodEnd,
          ...(input.decisionDays === undefined ? {} : { decision_days: input.decisionDays }),
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await this.deps.repo.insertVersion(trx, {
        benefit_id: b.id,
        version: 1,
        rules: JSON.stringify(input.rules),
        amount_formula: input.amountFormula,
        valid_from: now,
        created_by: principal.id,
      });
      await this.deps.audit.append(
        {
          type: "policies.benefit.created",
          actor: actor(principal),
          subject: `policy-benefit:${b.id}`,
          payload: input,
        },
        trx,
      );
      return b.id;
    });
    return toBenefit(await this.#benefit(id));
  }

  /** A rule edit: a new version, current from now on; earlier entitlements keep theirs. */
  async editRules(principal: Principal, id: string, edit: RuleEdit): Promise<BenefitDetail> {
    compileBenefit(edit);
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const b = await trx
        .selectFrom("policies_benefits")
        .select(["department_id", "current_version"])
        .where("id", "=", id)
        .forUpdate()
        .executeTakeFirst();
      if (!b) throw PolicyErrors.POLICIES_BENEFIT_NOT_FOUND();
      assertOwn(principal, "policies.manage", b.department_id);
      const version = b.current_version + 1;
      await this.deps.repo.insertVersion(trx, {
        benefit_id: id,
        version,
        rules: JSON.stringify(edit.rules),
        amount_formula: edit.amountFormula,
        valid_from: now,
        created_by: principal.id,
      });
      await trx
        .updateTable("policies_benefits")
        .set({ current_version: version, updated_at: now })
        .where("id", "=", id)
        .execute();
      await this.deps.audit.append(
        {
          type: "policies.rules.versioned",
          actor: actor(principal),
          subject: `policy-benefit:${id}`,
          payload: { version, ...edit },
        },
        trx,
      );
    });
    return this.detail(principal, id);
  }

  /** Publishing re-validates the current version (nothing is published that would not compile) and arms the nightly match. */
  async publish(principal: Principal, id: string): Promise<Benefit> {
    const b = await this.#benefit(id);
    assertOwn(principal, "policies.manage", b.department_id);
    if (b.status === "published") throw PolicyErrors.POLICIES_ALREADY_PUBLISHED();
    compileBenefit({ rules: b.rules as RuleEdit["rules"], amountFormula: b.amount_formula });
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable("policies_benefits")
        .set({ status: "published", published_at: now, updated_at: now })
        .where("id", "=", id)
        .where("status", "=", "draft")
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw PolicyErrors.POLICIES_ALREADY_PUBLISHED();
      // 快申快享: its catalog item is published with it, so applications are filed as cases.
      if (b.channel === "quick_application") await publishQuickItem(this.deps, trx, b, actor(principal));
      await this.nightly.arm(trx);
      await this.deps.audit.append(
        { type: "policies.benefit.published", actor: actor(principal), subject: `policy-benefit:${id}`, time: now },
        trx,
      );
    });
    return toBenefit(await this.#benefit(id));
  }

  async list(principal: Principal): Promise<{ items: Benefit[] }> {
    const rows = await this.deps.repo.benefits(departmentFilter(principal, "policies.manage"));
    return { items: rows.map(toBenefit) };
  }

  /** 兑现统计 over the department's benefits (all for a platform role), per benefit and overall. */
  async stats(principal: Principal): Promise<PolicyStats> {
    const rows = await this.deps.repo.benefits(departmentFilter(principal, "policies.manage"));
    return policyStats(this.deps.db, rows);
  }

  async detail(principal: Principal, id: string): Promise<BenefitDetail> {
    const b = await this.#benefit(id);
    assertOwn(principal, "policies.manage", b.department_id);
    const versions = await this.deps.repo.versions(id);
    const matched = await this.deps.repo.matchCount(id);
    const stats = await this.deps.repo.stats(id, b.published_at);
    return { ...toBenefit(b), versions: versions.map(toVersion), matched, stats: { matched, ...stats } };
  }

  /** The editor's test panel: an unsaved rule against sample facts or a registered enterprise's facts. */
  async test(edit: RuleEdit & { facts?: FactValues; uscc?: string }): Promise<Explanation & { facts: FactValues }> {
    const compiled = compileBenefit(edit);
    let facts: FactValues = edit.facts ?? {};
    if (edit.uscc) {
      const b = await this.deps.registry.businessFactsOf(edit.uscc);
      if (!b) throw PolicyErrors.POLICIES_ENTERPRISE_NOT_FOUND();
      facts = enterpriseFacts(b, localDate(this.deps.clock.now(), this.deps.timeZone));
    }
    return { ...evaluate(compiled, facts), facts };
  }

  async #benefit(id: string) {
    const b = await this.deps.repo.benefit(id);
    if (!b) throw PolicyErrors.POLICIES_BENEFIT_NOT_FOUND();
    return b;
  }
}
