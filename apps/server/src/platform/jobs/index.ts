import type { FastifyInstance } from "fastify";
import type { Registry } from "prom-client";
import { deadJobRoutes } from "./dead.routes.js";
import { DeadJobService } from "./dead.service.js";
import { registerDeadJobsGauge } from "./metrics.js";

export { DeadJobService } from "./dead.service.js";
export { JobErrors } from "./errors.js";
export type { Job, JobHandler, JobLogger, JobQueueOptions, RegisterOptions, ScheduleJob } from "./jobs.js";
export { JobQueue } from "./jobs.js";

/** Dead-letter administration: `/api/admin/jobs/*` for platform admins and the `jobs_dead` metric. */
export async function registerJobAdmin(app: FastifyInstance, options: { metrics: Registry }): Promise<DeadJobService> {
  const { db, clock, audit } = app.platform;
  const service = new DeadJobService(db, clock, audit);
  registerDeadJobsGauge(options.metrics, () => service.countByKind(), app.log);
  await app.register(deadJobRoutes, { prefix: "/api/admin/jobs", service });
  return service;
}
