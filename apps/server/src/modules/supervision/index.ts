/**
 * The supervision module's public surface (互联网+监管 and 信用, issue 23): 一单两库一细则, verifiable random
 * draws (双随机) committed in the audit log, joint plans with one visit per target, inspection visits on the
 * inspector's phone, results published (一公开); credit records, grades, 信用修复, the public 信用查询, and the
 * joint-punishment check the cases module asks through its CreditCheck port. docs/modules/supervision-draw.md
 * publishes the draw algorithm.
 */
import type { FastifyInstance } from "fastify";
import { AccountRepository, enterpriseAccounts } from "../identity/index.js";
import type { RegistryService } from "../registry/index.js";
import type { AuditBeacon, SupervisionDeps } from "./context.js";
import { PUBLISH_JOB, RECTIFY_DEADLINE_JOB } from "./context.js";
import { CreditService } from "./credit.service.js";
import { DashboardService } from "./dashboard.service.js";
import { PhotoService } from "./photos.service.js";
import { PlanService } from "./plans.service.js";
import { RectificationService } from "./rectification.service.js";
import { RosterService } from "./roster.service.js";
import { creditRoutes } from "./routes/credit.js";
import { inspectRoutes } from "./routes/inspect.js";
import { photoRoutes } from "./routes/photos.js";
import { publicRoutes } from "./routes/public.js";
import { staffRoutes } from "./routes/staff.js";
import { VisitService } from "./visits.service.js";
import "./db.js";

export type { AuditBeacon } from "./context.js";
export { type CreditVerdict, creditGrade, type DeferralVerdict } from "./credit.service.js";
export {
  canonicalRosters,
  DRAW_ALGORITHM,
  type DrawParams,
  type PublicInspector,
  publicInspectors,
  type RosterInspector,
  type RosterTarget,
  recusalCommitment,
  recused,
  rosterHash,
  runDraw,
} from "./draw.js";
export { seedSupervision } from "./seed.js";

export interface SupervisionServices {
  rosters: RosterService;
  plans: PlanService;
  visits: VisitService;
  photos: PhotoService;
  rectifications: RectificationService;
  dashboard: DashboardService;
  credit: CreditService;
}

export async function registerSupervisionModule(
  app: FastifyInstance,
  modules: {
    registry: Pick<RegistryService, "business">;
    beacon: AuditBeacon;
    complaints: SupervisionDeps["complaints"];
  },
): Promise<SupervisionServices> {
  const { db, cache, audit, clock, calendar, config, jobs, notify, files } = app.platform;
  const accounts = new AccountRepository(db);
  const deps: SupervisionDeps = {
    db,
    cache,
    audit,
    files,
    beacon: modules.beacon,
    clock,
    calendar,
    jobs,
    notify,
    timeZone: config.timeZone,
    staffWithRole: (role, departmentId, trx) => accounts.staffIdsWithRole(role, departmentId, trx),
    enterpriseAccounts: enterpriseAccounts(() => clock.now()),
    async business(uscc) {
      const b = await modules.registry.business(uscc);
      return b && b.status === "active" ? { uscc: b.uscc, name: b.name } : null;
    },
    complaints: modules.complaints,
    async staffDepartment(accountId) {
      const a = await accounts.findById(accountId);
      return a && a.kind === "staff" && a.status === "active" ? a.department_id : null;
    },
  };
  const rectifications = new RectificationService(deps);
  const services: SupervisionServices = {
    rosters: new RosterService(deps),
    plans: new PlanService(deps),
    visits: new VisitService(deps, rectifications),
    photos: new PhotoService(deps),
    rectifications,
    dashboard: new DashboardService(deps),
    credit: new CreditService(deps),
  };
  jobs.register(RECTIFY_DEADLINE_JOB, (job, trx) => rectifications.fire(job, trx));
  jobs.register(PUBLISH_JOB, (job, trx) => services.visits.firePublish(job, trx));
  await app.register(staffRoutes, { prefix: "/api/supervision", services });
  await app.register(inspectRoutes, { prefix: "/api/supervision", services });
  await app.register(photoRoutes, { prefix: "/api/supervision", services });
  await app.register(publicRoutes, { prefix: "/api/supervision", services });
  await app.register(creditRoutes, { prefix: "/api/credit", services });
  return services;
}
