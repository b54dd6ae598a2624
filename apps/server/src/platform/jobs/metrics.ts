import { Gauge, type Registry } from "prom-client";
import type { JobLogger } from "./jobs.js";

/**
 * `jobs_dead{kind}`: dead jobs now, counted in the database on each scrape. A gauge of the state rather than
 * a per-process counter of deaths: it falls when a job is re-run or replaced, survives restarts, and every
 * process reports the same number (alert on `max(jobs_dead) > 0`). The count reads the partial index of the
 * few dead rows. If the database cannot answer, the series are left out (alert on `absent`), never reported as 0.
 */
export function registerDeadJobsGauge(
  registry: Registry,
  countByKind: () => Promise<{ kind: string; count: number }[]>,
  logger: JobLogger,
): Gauge<"kind"> {
  return new Gauge({
    name: "jobs_dead",
    help: "Jobs that failed their last attempt and wait for a platform admin to re-run them, by kind",
    labelNames: ["kind"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      try {
        for (const { kind, count } of await countByKind()) this.set({ kind }, count);
      } catch (err) {
        logger.warn({ err }, "jobs_dead: counting dead jobs failed");
      }
    },
  });
}
