/**
 * Statistics (统计): staff read their department's (supervisors every department's) by department, item,
 * channel, staff member or month; the public page reads per-department figures with no personal data.
 */
import {
  EVALUATION_CHANNEL_TERMS,
  type EvaluationStats,
  type EvaluationStatsQuery,
  type PublicEvaluationStats,
} from "@yiwang/contracts";
import type { Principal } from "../../platform/auth/permissions.js";
import type { EvaluationDeps } from "./context.js";
import { scopeOf } from "./rectification.service.js";
import { figures, sum } from "./stats.js";
import type { StatsRepository } from "./stats.repository.js";

const CHANNEL_LABELS = new Map<string, string>(EVALUATION_CHANNEL_TERMS.map((t) => [t.code, t.zh]));

export class StatsService {
  constructor(
    private readonly deps: EvaluationDeps,
    private readonly repo: StatsRepository,
  ) {}

  async stats(p: Principal, q: EvaluationStatsQuery): Promise<EvaluationStats> {
    const scope = scopeOf(p, "evaluation.read");
    const rows = await this.repo.counts(q.by, { scope, from: q.from, to: q.to });
    return {
      by: q.by,
      rows: rows.map((r) => ({
        ...figures(r),
        key: r.key,
        label: q.by === "channel" ? (CHANNEL_LABELS.get(r.key) ?? r.key) : r.label,
      })),
      totals: figures(sum(rows)),
      defaultGood: this.deps.config.defaultGood
        ? await this.repo.unevaluatedExpired(scope, this.deps.clock.now())
        : null,
    };
  }

  async published(): Promise<PublicEvaluationStats> {
    const rows = await this.repo.counts("department", { scope: { all: true } });
    return {
      departments: rows.map((r) => ({ ...figures(r), departmentId: r.key, departmentName: r.label })),
      totals: figures(sum(rows)),
    };
  }
}
