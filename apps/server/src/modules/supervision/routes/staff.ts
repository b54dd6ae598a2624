/** The supervising departments' API: items, rosters, plans, commitment and draw (双随机). */
import {
  CreatePlanRequest,
  CreateSupervisionItemRequest,
  DashboardQuery,
  DrawRecord,
  errorResponses,
  RegisterInspectorRequest,
  RegisterTargetRequest,
  SupervisionDashboard,
  SupervisionInspector,
  SupervisionItem,
  SupervisionItemList,
  SupervisionPlan,
  SupervisionPlanList,
  SupervisionRectificationList,
  SupervisionRectificationQuery,
  SupervisionTarget,
  SupervisionVisit,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import type { SupervisionServices } from "../index.js";

const errors = errorResponses(400, 401, 403, 404, 409, 422);
const tags = ["supervision 互联网+监管（部门）"];
const IdParams = z.object({ id: z.uuid() });

export const staffRoutes: FastifyPluginAsyncZod<{ services: SupervisionServices }> = async (app, { services }) => {
  const manage = app.authorize("supervision.manage");
  app.post(
    "/items",
    {
      preHandler: manage,
      schema: {
        tags,
        summary: "新建监管事项 / Create a supervision item",
        body: CreateSupervisionItemRequest,
        response: { 201: SupervisionItem, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await services.rosters.createItem(principalOf(req), req.body)),
  );
  app.get(
    "/items",
    {
      preHandler: manage,
      schema: { tags, summary: "监管事项清单 / Supervision items", response: { 200: SupervisionItemList, ...errors } },
    },
    async () => ({ items: await services.rosters.items() }),
  );
  app.post(
    "/targets",
    {
      preHandler: manage,
      schema: {
        tags,
        summary: "登记检查对象 / Register a target (business registry)",
        body: RegisterTargetRequest,
        response: { 201: SupervisionTarget, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await services.rosters.registerTarget(principalOf(req), req.body)),
  );
  app.get(
    "/targets",
    {
      preHandler: manage,
      schema: {
        tags,
        summary: "检查对象名录库 / Target roster",
        response: { 200: z.object({ items: z.array(SupervisionTarget) }), ...errors },
      },
    },
    async () => ({ items: await services.rosters.targets() }),
  );
  app.post(
    "/inspectors",
    {
      preHandler: manage,
      schema: {
        tags,
        summary: "登记检查人员 / Register an inspector",
        body: RegisterInspectorRequest,
        response: { 201: SupervisionInspector, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await services.rosters.registerInspector(principalOf(req), req.body)),
  );
  app.get(
    "/inspectors",
    {
      preHandler: manage,
      schema: {
        tags,
        summary: "检查人员名录库 / Inspector roster",
        response: { 200: z.object({ items: z.array(SupervisionInspector) }), ...errors },
      },
    },
    async (req) => ({ items: await services.rosters.inspectors(principalOf(req)) }),
  );
  app.post(
    "/plans",
    {
      preHandler: manage,
      schema: {
        tags,
        summary: "新建抽查计划 / Create a plan (joint when items of several departments)",
        body: CreatePlanRequest,
        response: { 201: SupervisionPlan, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await services.plans.create(principalOf(req), req.body)),
  );
  app.get(
    "/plans",
    {
      preHandler: manage,
      schema: { tags, summary: "抽查计划 / Plans", response: { 200: SupervisionPlanList, ...errors } },
    },
    async (req) => ({ items: await services.plans.list(principalOf(req)) }),
  );
  app.post(
    "/plans/:id/commit",
    {
      preHandler: manage,
      schema: {
        tags,
        summary: "冻结名录并在审计日志中承诺 / Freeze rosters, commit in the audit log",
        params: IdParams,
        response: { 201: DrawRecord, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await services.plans.commit(principalOf(req), req.params.id)),
  );
  app.post(
    "/plans/:id/draw",
    {
      preHandler: manage,
      schema: {
        tags,
        summary: "随机抽取 / Draw (once the seed exists)",
        params: IdParams,
        response: { 200: DrawRecord, ...errors },
      },
    },
    async (req) => services.plans.execute(principalOf(req), req.params.id),
  );
  app.post(
    "/visits/:id/publish",
    {
      preHandler: manage,
      schema: {
        tags,
        summary: "公示检查结果 / Publish a result (before the timer does)",
        params: IdParams,
        response: { 200: SupervisionVisit, ...errors },
      },
    },
    async (req) => services.visits.publish(principalOf(req), req.params.id),
  );
  app.get(
    "/rectifications",
    {
      preHandler: manage,
      schema: {
        tags,
        summary: "责令整改跟踪 / Rectifications of the department",
        querystring: SupervisionRectificationQuery,
        response: { 200: SupervisionRectificationList, ...errors },
      },
    },
    async (req) => ({ items: await services.rectifications.list(principalOf(req), req.query) }),
  );
  app.get(
    "/dashboard",
    {
      preHandler: manage,
      schema: {
        tags,
        summary: "监管统计：覆盖率、问题发现率、整改完成率 / Dashboard",
        querystring: DashboardQuery,
        response: { 200: SupervisionDashboard, ...errors },
      },
    },
    async (req) => services.dashboard.dashboard(principalOf(req), req.query),
  );
};
