import type { ExchangeStats, ExchangeStatsQuery } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import { type Principal, permissionScope } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import { PlatformErrors } from "../../platform/errors.js";
import { ExchangeStatsRepository } from "./stats.repository.js";

const TOP = 10;
const rate = (errors: number, calls: number) => (calls === 0 ? 0 : Math.round((errors / calls) * 10_000) / 10_000);

/**
 * Call statistics (调用统计): per day, resource and consumer; top resources; error rates. A provider's
 * department admin sees the calls of its own resources; a platform admin sees all of them.
 */
export class ExchangeStatsService {
  readonly repo: ExchangeStatsRepository;
  constructor(
    db: Kysely<DB>,
    private readonly timeZone: string,
  ) {
    this.repo = new ExchangeStatsRepository(db);
  }

  async stats(p: Principal, q: ExchangeStatsQuery): Promise<ExchangeStats> {
    const scope = permissionScope(p, "exchange.resource.manage");
    if (!scope) throw PlatformErrors.FORBIDDEN({ permission: "exchange.resource.manage" });
    const filter = {
      ...q,
      timeZone: this.timeZone,
      ...(scope.all ? {} : { providerDepartmentId: scope.departmentId }),
    };
    const [daily, resources, outcomes] = await Promise.all([
      this.repo.daily(filter),
      this.repo.byResource(filter, TOP),
      this.repo.byOutcome(filter),
    ]);
    const calls = daily.reduce((n, d) => n + d.calls, 0);
    const errors = daily.reduce((n, d) => n + d.errors, 0);
    return {
      from: q.from,
      to: q.to,
      daily: daily.map((d) => ({
        day: d.day,
        resourceCode: d.resource_code,
        consumerDepartmentId: d.consumer_department_id,
        calls: d.calls,
        errors: d.errors,
        errorRate: rate(d.errors, d.calls),
      })),
      topResources: resources.map((r) => ({
        resourceCode: r.resource_code,
        calls: r.calls,
        errors: r.errors,
        errorRate: rate(r.errors, r.calls),
        p50LatencyMs: r.p50 ?? 0,
      })),
      errorsByOutcome: outcomes,
      total: { calls, errors, errorRate: rate(errors, calls) },
    };
  }
}
