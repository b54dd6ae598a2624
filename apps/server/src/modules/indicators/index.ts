/**
 * The indicators module's public surface (一网统管): an indicator registry (defined once, versioned), daily
 * case rollups maintained from case events, values and drill-down with row-level security, alert rules
 * evaluated by jobs, live counters over SSE, signed public embeds and a recompute job that reports drift.
 */
import { hkdfSync } from "node:crypto";
import type { Department, RecomputeReport } from "@yiwang/contracts";
import type { FastifyInstance } from "fastify";
import { caseMeasureSource } from "../cases/index.js";
import { AccountRepository } from "../identity/index.js";
import type { DepartmentService } from "../org/index.js";
import { IndicatorAlerts } from "./alerts.service.js";
import {
  ALERT_JOB,
  BACKFILL_JOB,
  type IndicatorDeps,
  type MeasureReader,
  RECOMPUTE_JOB,
  RECOMPUTE_KEY,
} from "./context.js";
import { IndicatorEmbeds } from "./embeds.js";
import { FigureCache, REGISTRY_CACHE, SUMS_CACHE, VALUES_CACHE } from "./figure-cache.js";
import { LiveHub } from "./live.js";
import type { ReaderSource } from "./measures.js";
import { IndicatorRegistry } from "./registry.service.js";
import { IndicatorRepository } from "./repository.js";
import { CASE_EVENTS, CaseRollups } from "./rollups.js";
import { publicRoutes } from "./routes/public.js";
import { staffRoutes } from "./routes/staff.js";
import { nextLocalHour } from "./schedule.js";
import { IndicatorValuesService } from "./values.service.js";
import "./db.js";

export { ALERT_JOB, BACKFILL_JOB, RECOMPUTE_JOB, RECOMPUTE_KEY } from "./context.js";

export interface IndicatorServices {
  registry: IndicatorRegistry;
  values: IndicatorValuesService;
  alerts: IndicatorAlerts;
  embeds: IndicatorEmbeds;
  rollups: CaseRollups;
  live: LiveHub;
  /** Recomputes the rollups from the raw cases in one transaction and reports the drift. */
  recompute(): Promise<RecomputeReport>;
}

export async function registerIndicatorsModule(
  app: FastifyInstance,
  modules: { departments: DepartmentService; measures?: Partial<Record<ReaderSource, MeasureReader>> },
): Promise<IndicatorServices> {
  const { db, database, audit, notify, clock, jobs, events, config, cache } = app.platform;
  const accounts = new AccountRepository(db);
  const byId = new WeakMap<object, ReadonlyMap<string, Department>>();
  const deps: IndicatorDeps = {
    db,
    repo: new IndicatorRepository(db),
    audit,
    notify,
    clock,
    jobs,
    cases: caseMeasureSource(config.timeZone),
    readers: modules.measures ?? {},
    timeZone: config.timeZone,
    departments: async () => {
      const directory = await modules.departments.directory();
      const known = byId.get(directory);
      if (known) return known;
      const map = new Map([...directory.values()].map((d) => [d.id, d]));
      byId.set(directory, map);
      return map;
    },
    // Bounded: a year by day of every indicator is a few hundred kB.
    sumsCache: new FigureCache(cache, SUMS_CACHE, 500),
    valuesCache: new FigureCache(cache, VALUES_CACHE, 200),
    definitionsCache: new FigureCache(cache, REGISTRY_CACHE, 1),
    cacheRegistry: cache,
    staffWithRole: (role, departmentId, trx) => accounts.staffIdsWithRole(role, departmentId, trx),
    // The embed signing key, derived from the session secret (rotating that secret voids every embed link).
    embedKey: Buffer.from(hkdfSync("sha256", config.secrets.sessionSecret, "", "yiwang indicators embed v1", 32)),
  };
  const registry = new IndicatorRegistry(deps);
  const values = new IndicatorValuesService(deps, registry);
  const rollups = new CaseRollups(deps);
  const live = new LiveHub(database.listen, (viewer, day) => values.counters(viewer, day), app.log);
  const services: IndicatorServices = {
    registry,
    values,
    alerts: new IndicatorAlerts(deps, registry, values),
    embeds: new IndicatorEmbeds(deps, registry),
    rollups,
    live,
    recompute: () => db.transaction().execute((trx) => rollups.recompute(trx)),
  };
  // Deliveries converge whatever their order (rollups.ts): several may run at once (JOBS_CONCURRENCY).
  events.subscribe("indicators.case-rollups", CASE_EVENTS, rollups.handler(), { parallel: true });
  jobs.register(ALERT_JOB, (job, trx) => services.alerts.fire(job, trx));
  // Daily at 02:00 local: the drift report of the day before. Armed here, so a fresh install has it; every
  // node arms it, the first wins, and a schedule already running (or a dead job an operator must see) stays.
  jobs.register(RECOMPUTE_JOB, async (_job, trx) => {
    await rollups.recompute(trx);
    return { reschedule: nextLocalHour(clock.now(), config.timeZone) };
  });
  await db.transaction().execute((trx) =>
    jobs.scheduleIfAbsent(trx, {
      kind: RECOMPUTE_JOB,
      key: RECOMPUTE_KEY,
      runAt: nextLocalHour(clock.now(), config.timeZone),
    }),
  );
  jobs.register(BACKFILL_JOB, (job, trx) => rollups.backfill(job, trx));
  app.addHook("preClose", async () => live.stop());
  app.addHook("onClose", async () => live.stop());

  await app.register(staffRoutes, { prefix: "/api/indicators", services });
  await app.register(publicRoutes, { prefix: "/api/indicators/public", services });
  return services;
}
