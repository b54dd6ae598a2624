/** The policies tables (SQL only, no rules). */
import { type Insertable, type Kysely, type Selectable, sql } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { PoliciesBenefitsTable, PoliciesEntitlementsTable, PoliciesRuleVersionsTable } from "./db.js";

export type BenefitRow = Selectable<PoliciesBenefitsTable> & {
  document_title: string;
  rules: unknown;
  amount_formula: string;
};
export type VersionRow = Selectable<PoliciesRuleVersionsTable>;
export type EntitlementRow = Selectable<PoliciesEntitlementsTable> & { benefit_title: string };

export class PoliciesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Benefits with their current rule version (and their document's title). */
  #benefits(db: Kysely<DB>) {
    return db
      .selectFrom("policies_benefits as b")
      .innerJoin("policies_documents as d", "d.id", "b.document_id")
      .innerJoin("policies_rule_versions as v", (j) =>
        j.onRef("v.benefit_id", "=", "b.id").onRef("v.version", "=", "b.current_version"),
      )
      .selectAll("b")
      .select(["d.title as document_title", "v.rules", "v.amount_formula"]);
  }

  benefit(id: string, db: Kysely<DB> = this.db): Promise<BenefitRow | undefined> {
    return this.#benefits(db).where("b.id", "=", id).executeTakeFirst();
  }

  benefits(departmentId: string | null, db: Kysely<DB> = this.db): Promise<BenefitRow[]> {
    let q = this.#benefits(db).orderBy("b.created_at", "desc");
    if (departmentId) q = q.where("b.department_id", "=", departmentId);
    return q.execute();
  }

  /** Published benefits whose period includes `today`. */
  liveBenefits(today: string, db: Kysely<DB> = this.db): Promise<BenefitRow[]> {
    return this.#benefits(db)
      .where("b.status", "=", "published")
      .where("b.period_start", "<=", today)
      .where("b.period_end", ">=", today)
      .orderBy("b.created_at")
      .execute();
  }

  versions(benefitId: string, db: Kysely<DB> = this.db): Promise<VersionRow[]> {
    return db
      .selectFrom("policies_rule_versions")
      .selectAll()
      .where("benefit_id", "=", benefitId)
      .orderBy("version")
      .execute();
  }

  insertVersion(trx: Kysely<DB>, row: Insertable<PoliciesRuleVersionsTable>) {
    return trx.insertInto("policies_rule_versions").values(row).execute();
  }

  matchCount(benefitId: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom("policies_matches")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("benefit_id", "=", benefitId)
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  }

  /** Counts and sums over a benefit's entitlements (one grouped query). */
  async stats(benefitId: string, publishedAt: Date | null, db: Kysely<DB> = this.db) {
    const r = await db
      .selectFrom("policies_entitlements")
      .select((eb) => [
        eb.fn.countAll<string>().as("entitlements"),
        sql<string>`count(*) filter (where status = 'pending')`.as("pending"),
        sql<string>`count(*) filter (where status = 'paid')`.as("paid"),
        sql<string>`coalesce(sum(amount) filter (where status = 'paid'), 0)`.as("paid_amount"),
        sql<string>`count(*) filter (where status = 'excluded')`.as("excluded"),
        sql<string>`count(*) filter (where objection is not null)`.as("objections"),
        sql<
          string | null
        >`avg(extract(epoch from paid_at - ${publishedAt ?? new Date(0)}::timestamptz)) filter (where status = 'paid')`.as(
          "mean_seconds",
        ),
      ])
      .where("benefit_id", "=", benefitId)
      .executeTakeFirstOrThrow();
    return {
      entitlements: Number(r.entitlements),
      pending: Number(r.pending),
      paid: Number(r.paid),
      paidAmount: Number(r.paid_amount),
      excluded: Number(r.excluded),
      objections: Number(r.objections),
      meanDaysToPayment:
        r.mean_seconds === null || publishedAt === null
          ? null
          : Math.round((Number(r.mean_seconds) / 86_400) * 10) / 10,
    };
  }

  /** The current matches of some benefits: benefit id → USCCs. */
  async matches(benefitIds: string[], trx: Kysely<DB>): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>(benefitIds.map((id) => [id, new Set<string>()]));
    if (benefitIds.length === 0) return out;
    const rows = await trx
      .selectFrom("policies_matches")
      .select(["benefit_id", "uscc"])
      .where("benefit_id", "in", benefitIds)
      .execute();
    for (const r of rows) out.get(r.benefit_id)?.add(r.uscc);
    return out;
  }

  #entitlements(db: Kysely<DB>) {
    return db
      .selectFrom("policies_entitlements as e")
      .innerJoin("policies_benefits as b", "b.id", "e.benefit_id")
      .selectAll("e")
      .select("b.title as benefit_title");
  }

  entitlementsOfBenefit(benefitId: string, db: Kysely<DB> = this.db): Promise<EntitlementRow[]> {
    return this.#entitlements(db)
      .where("e.benefit_id", "=", benefitId)
      .orderBy("e.created_at")
      .orderBy("e.uscc")
      .execute();
  }

  entitlementsOf(uscc: string, db: Kysely<DB> = this.db): Promise<EntitlementRow[]> {
    return this.#entitlements(db)
      .where("e.uscc", "=", uscc)
      .where("e.status", "!=", "withdrawn")
      .orderBy("e.created_at", "desc")
      .execute();
  }

  /** Objections not answered yet, of one department (or all), oldest first. */
  openObjections(departmentId: string | null, db: Kysely<DB> = this.db): Promise<EntitlementRow[]> {
    let q = this.#entitlements(db)
      .where("e.objection", "is not", null)
      .where("e.objection_answered_at", "is", null)
      .orderBy("e.objected_at")
      .limit(500);
    if (departmentId) q = q.where("b.department_id", "=", departmentId);
    return q.execute();
  }

  entitlement(id: string, db: Kysely<DB> = this.db): Promise<EntitlementRow | undefined> {
    return this.#entitlements(db).where("e.id", "=", id).executeTakeFirst();
  }

  /**
   * Adds `amount` to the benefit's committed budget only if it stays within the total: the row lock of the
   * UPDATE serialises concurrent confirmations and the condition is re-read after the lock, so they never
   * overspend. Returns the new committed total, or undefined when the budget is short.
   */
  async commitBudget(trx: Kysely<DB>, benefitId: string, amount: number): Promise<number | undefined> {
    const r = await trx
      .updateTable("policies_benefits")
      .set((eb) => ({ budget_committed: eb("budget_committed", "+", amount) }))
      .where("id", "=", benefitId)
      .where((eb) => eb(eb("budget_committed", "+", amount), "<=", eb.ref("budget_total")))
      .returning("budget_committed")
      .executeTakeFirst();
    return r?.budget_committed;
  }
}
