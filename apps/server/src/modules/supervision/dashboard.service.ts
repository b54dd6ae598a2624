/**
 * Supervision dashboards for a department (or the whole platform for a platform-wide scope): coverage
 * (inspected / planned visits), problem rate (责令整改 or 立案 among inspected), both by industry and district of
 * the target roster, rectification completion and publication (一公开) on time. One grouped query per figure:
 * the counts come from the database, not from rows carried into Node.
 */
import type { SupervisionDashboard } from "@yiwang/contracts";
import { sql } from "kysely";
import { type Principal, permissionScope } from "../../platform/auth/permissions.js";
import type { SupervisionDeps } from "./context.js";
import { SupervisionErrors } from "./errors.js";

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);

export class DashboardService {
  constructor(private readonly deps: SupervisionDeps) {}

  async dashboard(p: Principal, q: { planId?: string }): Promise<SupervisionDashboard> {
    const scope = permissionScope(p, "supervision.manage");
    const dept = scope && !scope.all ? scope.departmentId : null;
    if (q.planId) {
      const plan = await this.deps.db
        .selectFrom("supervision_plans")
        .select("department_ids")
        .where("id", "=", q.planId)
        .executeTakeFirst();
      if (!plan || (dept && !plan.department_ids.includes(dept)))
        throw SupervisionErrors.SUPERVISION_PLAN_NOT_FOUND({ id: q.planId });
    }
    // Visits of the plans this department takes part in (joint plans count for every department).
    const visits = this.deps.db
      .selectFrom("supervision_visits as v")
      .innerJoin("supervision_plans as p", "p.id", "v.plan_id")
      .leftJoin("supervision_targets as t", "t.uscc", "v.target_uscc")
      .$if(dept !== null, (qb) => qb.where(({ eb, val }) => eb(val(dept), "=", eb.fn.any("p.department_ids"))))
      .$if(q.planId !== undefined, (qb) => qb.where("v.plan_id", "=", q.planId as string));
    const counts = {
      planned: sql<number>`count(*)::int`,
      inspected: sql<number>`(count(*) filter (where v.status = 'finished'))::int`,
      problems: sql<number>`(count(*) filter (where v.status = 'finished' and v.result <> 'qualified'))::int`,
    };
    const group = async (column: "t.industry" | "t.district") =>
      (
        await visits
          .select([
            sql<string>`coalesce(${sql.ref(column)}, '—')`.as("key"),
            counts.planned.as("planned"),
            counts.inspected.as("inspected"),
            counts.problems.as("problems"),
          ])
          .groupBy(column)
          .orderBy("planned", "desc")
          .orderBy("key")
          .execute()
      ).map((r) => ({
        key: r.key,
        planned: Number(r.planned),
        inspected: Number(r.inspected),
        problems: Number(r.problems),
      }));
    const today = (await this.deps.calendar.calendar()).localDate(this.deps.clock.now());
    const total = await visits
      .select([
        counts.planned.as("planned"),
        counts.inspected.as("inspected"),
        counts.problems.as("problems"),
        sql<number>`(count(*) filter (where v.published_at is not null))::int`.as("published"),
        sql<number>`(count(*) filter (where v.status = 'finished' and v.published_at is null and v.publish_by < ${today}))::int`.as(
          "publishOverdue",
        ),
      ])
      .executeTakeFirstOrThrow();
    const rect = await visits
      .innerJoin("supervision_rectifications as r", "r.visit_id", "v.id")
      .select([
        sql<number>`count(*)::int`.as("total"),
        sql<number>`(count(*) filter (where r.status = 'open'))::int`.as("open"),
        sql<number>`(count(*) filter (where r.status = 'reported'))::int`.as("reported"),
        sql<number>`(count(*) filter (where r.status = 'passed'))::int`.as("passed"),
        sql<number>`(count(*) filter (where r.status = 'case'))::int`.as("case"),
        sql<number>`(count(*) filter (where r.overdue))::int`.as("overdue"),
      ])
      .executeTakeFirstOrThrow();
    const n = (v: unknown) => Number(v ?? 0);
    const planned = n(total.planned);
    const inspected = n(total.inspected);
    const problems = n(total.problems);
    return {
      planned,
      inspected,
      problems,
      coverage: ratio(inspected, planned),
      problemRate: ratio(problems, inspected),
      byIndustry: await group("t.industry"),
      byDistrict: await group("t.district"),
      rectification: {
        total: n(rect.total),
        open: n(rect.open),
        reported: n(rect.reported),
        passed: n(rect.passed),
        case: n(rect.case),
        overdue: n(rect.overdue),
        completionRate: ratio(n(rect.passed), n(rect.total)),
      },
      publication: { finished: inspected, published: n(total.published), overdue: n(total.publishOverdue) },
    };
  }
}
