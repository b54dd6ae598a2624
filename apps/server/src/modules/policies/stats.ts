/**
 * 兑现统计 (issue 24): per benefit and overall — matched, pushed, applied, entitled, paid and amounts, open
 * objections, and the days from publication to payment (median, p90). Four grouped reads over the given
 * benefits, each by the leading column of an index: policies_matches and policies_match_notices by their
 * primary keys (benefit_id, uscc), the entitlements by (benefit_id, uscc) and the percentiles by the partial
 * index policies_entitlements_paid (benefit_id, paid_at) where status = 'paid'.
 */
import type { PolicyStats, PolicyStatsRow } from "@yiwang/contracts";
import { type Kysely, sql } from "kysely";
import type { DB } from "../../platform/db/schema.js";

const DAY = 86_400;
const days = (seconds: string | number | null) =>
  seconds === null ? null : Math.round((Number(seconds) / DAY) * 10) / 10;

interface BenefitRef {
  id: string;
  title: string;
  channel: PolicyStats["benefits"][number]["channel"];
  budget_total: number;
}

export async function policyStats(db: Kysely<DB>, benefits: BenefitRef[]): Promise<PolicyStats> {
  const ids = benefits.map((b) => b.id);
  const empty = (): PolicyStatsRow => ({
    matched: 0,
    pushed: 0,
    applied: 0,
    entitlements: 0,
    pending: 0,
    paid: 0,
    paidAmount: 0,
    excluded: 0,
    objections: 0,
    openObjections: 0,
    medianDaysToPayment: null,
    p90DaysToPayment: null,
  });
  if (ids.length === 0) return { overall: empty(), benefits: [] };

  const counted = async (table: "policies_matches" | "policies_match_notices") =>
    new Map(
      (
        await db
          .selectFrom(table)
          .select(["benefit_id", (eb) => eb.fn.countAll<string>().as("n")])
          .where("benefit_id", "in", ids)
          .groupBy("benefit_id")
          .execute()
      ).map((r) => [r.benefit_id, Number(r.n)]),
    );
  const matched = await counted("policies_matches");
  const pushed = await counted("policies_match_notices");

  // Days to payment: paid_at minus the benefit's publication, per benefit and over all of them (grouping sets).
  const rows = await db
    .selectFrom("policies_entitlements as e")
    .innerJoin("policies_benefits as b", "b.id", "e.benefit_id")
    .select([
      "e.benefit_id",
      sql<number>`grouping(e.benefit_id)`.as("total"),
      sql<string>`count(*)`.as("entitlements"),
      sql<string>`count(*) filter (where e.applied_at is not null)`.as("applied"),
      sql<string>`count(*) filter (where e.status = 'pending')`.as("pending"),
      sql<string>`count(*) filter (where e.status = 'paid')`.as("paid"),
      sql<string>`coalesce(sum(e.amount) filter (where e.status = 'paid'), 0)`.as("paid_amount"),
      sql<string>`count(*) filter (where e.status = 'excluded')`.as("excluded"),
      sql<string>`count(*) filter (where e.objection is not null)`.as("objections"),
      sql<string>`count(*) filter (where e.objection is not null and e.objection_answered_at is null)`.as("open"),
      sql<
        string | null
      >`percentile_cont(0.5) within group (order by extract(epoch from e.paid_at - b.published_at)) filter (where e.status = 'paid')`.as(
        "median",
      ),
      sql<
        string | null
      >`percentile_cont(0.9) within group (order by extract(epoch from e.paid_at - b.published_at)) filter (where e.status = 'paid')`.as(
        "p90",
      ),
    ])
    .where("e.benefit_id", "in", ids)
    .where("e.status", "!=", "withdrawn")
    .groupBy(sql`grouping sets ((e.benefit_id), ())`)
    .execute();

  const fromRow = (r: (typeof rows)[number] | undefined, m: number, p: number): PolicyStatsRow =>
    r
      ? {
          matched: m,
          pushed: p,
          applied: Number(r.applied),
          entitlements: Number(r.entitlements),
          pending: Number(r.pending),
          paid: Number(r.paid),
          paidAmount: Number(r.paid_amount),
          excluded: Number(r.excluded),
          objections: Number(r.objections),
          openObjections: Number(r.open),
          medianDaysToPayment: days(r.median),
          p90DaysToPayment: days(r.p90),
        }
      : { ...empty(), matched: m, pushed: p };
  const byBenefit = new Map(rows.filter((r) => Number(r.total) === 0).map((r) => [r.benefit_id, r]));
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  return {
    overall: fromRow(
      rows.find((r) => Number(r.total) === 1),
      sum(matched),
      sum(pushed),
    ),
    benefits: benefits.map((b) => ({
      benefitId: b.id,
      title: b.title,
      channel: b.channel,
      budget: b.budget_total,
      ...fromRow(byBenefit.get(b.id), matched.get(b.id) ?? 0, pushed.get(b.id) ?? 0),
    })),
  };
}
