/**
 * The evaluation module's public surface (好差评). It invites applicants when cases end (from the cases
 * module's events, reading the case through its index), takes evaluations and 追评, runs 差评 rectification
 * with deadlines and escalation, appeals, and statistics (staff and public). Other modules react to its
 * `evaluation.*` events, never to its tables.
 */
import type { FastifyInstance } from "fastify";
import type { CaseIssuance } from "../cases/index.js";
import { HOTLINE_CLOSED_EVENT, type HotlineServices } from "../hotline/index.js";
import { AccountRepository, type PersonalDataAccess } from "../identity/index.js";
import { DepartmentRepository } from "../org/index.js";
import { AppealService } from "./appeals.service.js";
import { type EvaluationDeps, RECTIFICATION_DEADLINE_JOB } from "./context.js";
import { RectificationEscalation } from "./escalation.js";
import { EvaluationService } from "./evaluations.service.js";
import { InvitationService } from "./invitations.service.js";
import { PhotoRepository } from "./photos.repository.js";
import { PhotoService } from "./photos.service.js";
import { RectificationService } from "./rectification.service.js";
import { RectificationRepository } from "./rectifications.repository.js";
import { EvaluationRepository } from "./repository.js";
import { citizenRoutes } from "./routes/citizen.js";
import { publicRoutes } from "./routes/public.js";
import { staffRoutes } from "./routes/staff.js";
import { StatsRepository } from "./stats.repository.js";
import { StatsService } from "./stats.service.js";
import { CASE_END_EVENTS, inviteWhenCaseEnds, inviteWhenHotlineCloses } from "./subscribers.js";
import { EvaluationWriter } from "./writer.js";
import "./db.js";

export { RECTIFICATION_DEADLINE_JOB } from "./context.js";
export { type EvaluationMeasureSource, evaluationMeasureSource } from "./measures-source.js";

export interface EvaluationServices {
  invitations: InvitationService;
  evaluations: EvaluationService;
  rectification: RectificationService;
  escalation: RectificationEscalation;
  appeals: AppealService;
  stats: StatsService;
  photos: PhotoService;
}

export async function registerEvaluationModule(
  app: FastifyInstance,
  modules: {
    cases: Pick<CaseIssuance, "view">;
    personalData: Pick<PersonalDataAccess, "record">;
    hotline?: Pick<HotlineServices, "requestForEvaluation">;
  },
): Promise<EvaluationServices> {
  const { db, calendar, audit, events, jobs, notify, sms, clock, rateLimiter, config, files } = app.platform;
  const accounts = new AccountRepository(db);
  const departments = new DepartmentRepository(db);
  const deps: EvaluationDeps = {
    db,
    repo: new EvaluationRepository(db),
    rectifications: new RectificationRepository(db),
    calendar,
    audit,
    events,
    jobs,
    notify,
    sms,
    clock,
    rateLimiter,
    config: config.evaluation,
    timeZone: config.timeZone,
    staffWithRole: (role, departmentId, trx) => accounts.staffIdsWithRole(role, departmentId, trx),
    departmentName: async (id) => (await departments.findById(id))?.name ?? null,
  };
  const writer = new EvaluationWriter(deps);
  const invitations = new InvitationService(deps, writer);
  const rectification = new RectificationService(deps, writer);
  const photos = new PhotoService(deps, new PhotoRepository(db), files, modules.personalData);
  const services: EvaluationServices = {
    invitations,
    evaluations: new EvaluationService(deps, writer, invitations, rectification, photos),
    rectification,
    escalation: new RectificationEscalation(deps, writer),
    appeals: new AppealService(deps, writer),
    stats: new StatsService(deps, new StatsRepository(db)),
    photos,
  };
  jobs.register(RECTIFICATION_DEADLINE_JOB, (job, trx) => services.escalation.fire(job, trx));
  events.subscribe("evaluation.invite", [...CASE_END_EVENTS], inviteWhenCaseEnds(invitations, modules.cases));
  if (modules.hotline)
    events.subscribe(
      "evaluation.invite-hotline",
      [HOTLINE_CLOSED_EVENT],
      inviteWhenHotlineCloses(invitations, modules.hotline),
    );

  await app.register(citizenRoutes, { prefix: "/api/evaluation", services });
  await app.register(staffRoutes, { prefix: "/api/evaluation", services });
  await app.register(publicRoutes, { prefix: "/api/evaluation", services });
  return services;
}
