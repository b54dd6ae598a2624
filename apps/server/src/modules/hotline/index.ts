/**
 * The hotline module's public surface (12345 接诉即办): requests from the phone desk, the portal and Open311,
 * routing by category × district, 退单/改派, duplicates and merging, time limits in working hours or days
 * with the 督办 timer, the department's answer and the operator's 回访. When a request is closed it
 * publishes `hotline.closed` (payload: requestId); `requestForEvaluation` gives the evaluation module what
 * it needs to invite the caller. Other modules react to its `hotline.*` events, never to its tables.
 */
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { AccountRepository, type PersonalDataAccess } from "../identity/index.js";
import { DepartmentRepository } from "../org/index.js";
import { openCaller } from "./caller.js";
import { findCategory } from "./categories.js";
import { HOTLINE_DEADLINE_JOB, type HotlineDeps } from "./context.js";
import { Dispatcher } from "./dispatch.js";
import { HotlineEscalation } from "./escalation.js";
import { ExtensionService } from "./extension.service.js";
import { type FieldDeps, FieldService } from "./field/field.service.js";
import { PositionService } from "./field/positions.service.js";
import { FieldRepository } from "./field/repository.js";
import { fieldRoutes } from "./field/routes.js";
import { HandlingService } from "./handling.service.js";
import { IntakeService } from "./intake.service.js";
import { Open311Keys } from "./keys.service.js";
import { Open311Reads } from "./open311/reads.js";
import { open311Routes } from "./open311/routes.js";
import { QueryService } from "./queries.service.js";
import { HotlineRepository } from "./repository.js";
import { portalRoutes } from "./routes/portal.js";
import { staffRoutes } from "./routes/staff.js";
import { HotlineWriter } from "./writer.js";
import "./db.js";

export { reencryptCallers } from "./caller.js";
export { type ComplaintCounter, complaintCounter } from "./complaints.js";
export { HOTLINE_DEADLINE_JOB } from "./context.js";
export { districtShapes } from "./field/districts.js";
export { type HotlineMeasureSource, hotlineMeasureSource } from "./measures-source.js";

/** The events the evaluation module listens to. */
export const HOTLINE_CLOSED_EVENT = "hotline.closed";

/** A closed request as the evaluation module needs it (the caller, the department, the category). */
export interface HotlineRequestForEvaluation {
  requestId: string;
  number: string;
  callerAccountId: string | null;
  callerName: string | null;
  departmentId: string;
  departmentName: string;
  categoryCode: string;
  categoryName: string;
}

export interface HotlineServices {
  intake: IntakeService;
  field: FieldService;
  positions: PositionService;
  handling: HandlingService;
  extensions: ExtensionService;
  queries: QueryService;
  escalation: HotlineEscalation;
  keys: Open311Keys;
  open311: Open311Reads;
  rateLimiter: FastifyInstance["platform"]["rateLimiter"];
  clock: FastifyInstance["platform"]["clock"];
  requestForEvaluation(id: string, trx: Kysely<DB>): Promise<HotlineRequestForEvaluation | undefined>;
}

export async function registerHotlineModule(
  app: FastifyInstance,
  modules: { personalData: Pick<PersonalDataAccess, "record"> },
): Promise<HotlineServices> {
  const { db, calendar, audit, events, jobs, notify, clock, rateLimiter, files, pii } = app.platform;
  const accounts = new AccountRepository(db);
  const departments = new DepartmentRepository(db);
  const ref = (d: { id: string; name: string } | undefined) => (d ? { id: d.id, name: d.name } : undefined);
  const repo = new HotlineRepository(db);
  const deps: HotlineDeps = {
    db,
    repo,
    calendar,
    audit,
    events,
    jobs,
    notify,
    clock,
    files,
    pii,
    personalData: modules.personalData,
    departmentByKey: async (key) => ref(await departments.findByKey(key)),
    departmentById: async (id, trx) => ref(await departments.findById(id, trx)),
    staffWithRole: (role, departmentId, trx) => accounts.staffIdsWithRole(role, departmentId, trx),
  };
  const writer = new HotlineWriter(deps);
  const dispatcher = new Dispatcher(deps, writer);
  const intake = new IntakeService(deps, writer, dispatcher);
  const fieldDeps: FieldDeps = {
    ...deps,
    field: new FieldRepository(db),
    async staffAccount(id) {
      const a = await accounts.findById(id);
      return a?.kind === "staff" ? { departmentId: a.department_id, name: a.display_name } : undefined;
    },
  };
  const field = new FieldService(fieldDeps, intake, writer);
  const services: HotlineServices = {
    intake,
    field,
    positions: new PositionService(fieldDeps, field),
    handling: new HandlingService(deps, writer, dispatcher),
    extensions: new ExtensionService(deps, writer),
    queries: new QueryService(deps),
    escalation: new HotlineEscalation(deps, writer),
    keys: new Open311Keys(deps),
    open311: new Open311Reads(deps),
    rateLimiter,
    clock,
    async requestForEvaluation(id, trx) {
      const row = await repo.get(id, trx);
      if (row?.status !== "closed" || !row.department_id) return undefined;
      const d = await departments.findById(row.department_id, trx);
      return {
        requestId: row.id,
        number: row.number,
        callerAccountId: row.caller_account_id,
        callerName: row.anonymous ? null : openCaller(pii, row).name,
        departmentId: row.department_id,
        departmentName: d?.name ?? "",
        categoryCode: row.category_code,
        categoryName: findCategory(row.category_code)?.name ?? row.category_code,
      };
    },
  };
  jobs.register(HOTLINE_DEADLINE_JOB, (job, trx) => services.escalation.fire(job, trx));

  await app.register(portalRoutes, { prefix: "/api/hotline", services });
  await app.register(staffRoutes, { prefix: "/api/hotline", services });
  await app.register(fieldRoutes, { prefix: "/api/hotline", services });
  await app.register(open311Routes, { prefix: "/open311/v2", services });
  return services;
}

/** What another module may know of a request to let staff discuss it: its number and current department. */
export interface RequestParticipation {
  id: string;
  number: string;
  departmentIds: string[];
}

/** The messaging module's narrow reader of a request (no caller, no description: nothing personal). */
export function requestParticipation(db: Kysely<DB>): (requestId: string) => Promise<RequestParticipation | null> {
  return async (requestId) => {
    const row = await db
      .selectFrom("hotline_requests")
      .select(["id", "number", "department_id"])
      .where("id", "=", requestId)
      .executeTakeFirst();
    return row ? { id: row.id, number: row.number, departmentIds: row.department_id ? [row.department_id] : [] } : null;
  };
}
