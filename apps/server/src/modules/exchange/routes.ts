import {
  ExchangeApplication,
  ExchangeApplicationCreate,
  ExchangeApplicationList,
  ExchangeApplicationListQuery,
  ExchangeApproval,
  ExchangeDecision,
  ExchangeResource,
  ExchangeResourceCreate,
  ExchangeResourceList,
  ExchangeResourceUpdate,
  ExchangeStats,
  ExchangeStatsQuery,
  errorResponses,
  uuid,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../platform/auth/guard.js";
import { gatewayRoutes } from "./gateway.routes.js";
import type { GatewayService } from "./gateway.service.js";
import type { ExchangeService } from "./service.js";
import type { ExchangeStatsService } from "./stats.service.js";

const errors = errorResponses(400, 401, 403, 404, 409, 429);
const tags = ["exchange 数据共享交换"];
const CodeParams = z.object({ code: z.string().min(1).max(64) });
const IdParams = z.object({ id: uuid });
const Page = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Resource catalog, access applications and the gateway (see service.ts and gateway.service.ts). */
export const exchangeRoutes: FastifyPluginAsyncZod<{
  service: ExchangeService;
  gateway: GatewayService;
  stats: ExchangeStatsService;
}> = async (app, { service, gateway, stats }) => {
  app.get(
    "/stats",
    {
      preHandler: app.authorize("exchange.resource.manage"),
      schema: {
        tags,
        summary: "调用统计（提供方看本部门资源，平台管理员看全部）/ Call statistics",
        querystring: ExchangeStatsQuery,
        response: { 200: ExchangeStats, ...errors },
      },
    },
    async (req) => stats.stats(principalOf(req), req.query),
  );

  app.get(
    "/resources",
    {
      preHandler: app.authenticate({ kinds: ["staff"] }),
      schema: {
        tags,
        summary: "信息资源目录 / List resources",
        querystring: Page,
        response: { 200: ExchangeResourceList, ...errors },
      },
    },
    async (req) => service.listResources(req.query),
  );

  app.get(
    "/resources/:code",
    {
      preHandler: app.authenticate({ kinds: ["staff"] }),
      schema: {
        tags,
        summary: "信息资源详情 / Get a resource",
        params: CodeParams,
        response: { 200: ExchangeResource, ...errors },
      },
    },
    async (req) => service.getResource(req.params.code),
  );

  app.post(
    "/resources",
    {
      preHandler: app.authorize("exchange.resource.manage"),
      schema: {
        tags,
        summary: "编目信息资源 / Create a resource",
        body: ExchangeResourceCreate,
        response: { 201: ExchangeResource, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createResource(principalOf(req), req.body)),
  );

  app.patch(
    "/resources/:code",
    {
      preHandler: app.authorize("exchange.resource.manage"),
      schema: {
        tags,
        summary: "修改信息资源 / Update a resource",
        params: CodeParams,
        body: ExchangeResourceUpdate,
        response: { 200: ExchangeResource, ...errors },
      },
    },
    async (req) => service.updateResource(principalOf(req), req.params.code, req.body),
  );

  app.post(
    "/applications",
    {
      preHandler: app.authorize("exchange.apply"),
      schema: {
        tags,
        summary: "申请共享 / Apply for access",
        body: ExchangeApplicationCreate,
        response: { 201: ExchangeApplication, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await service.apply(principalOf(req), req.body)),
  );

  app.get(
    "/applications",
    {
      preHandler: app.authorize("exchange.apply"),
      schema: {
        tags,
        summary: "本部门的共享申请 / The department's applications (as consumer or provider)",
        querystring: ExchangeApplicationListQuery,
        response: { 200: ExchangeApplicationList, ...errors },
      },
    },
    async (req) => service.listApplications(principalOf(req), req.query),
  );

  app.get(
    "/applications/:id",
    {
      preHandler: app.authorize("exchange.apply"),
      schema: {
        tags,
        summary: "共享申请详情 / Get an application",
        params: IdParams,
        response: { 200: ExchangeApplication, ...errors },
      },
    },
    async (req) => service.getApplication(principalOf(req), req.params.id),
  );

  app.post(
    "/applications/:id/approve",
    {
      preHandler: app.authorize("exchange.approve"),
      schema: {
        tags,
        summary: "批准共享申请 / Approve",
        params: IdParams,
        body: ExchangeApproval,
        response: { 200: ExchangeApplication, ...errors },
      },
    },
    async (req) => service.decide(principalOf(req), req.params.id, "approve", req.body.reason),
  );

  app.post(
    "/applications/:id/reject",
    {
      preHandler: app.authorize("exchange.approve"),
      schema: {
        tags,
        summary: "驳回共享申请 / Reject",
        params: IdParams,
        body: ExchangeDecision,
        response: { 200: ExchangeApplication, ...errors },
      },
    },
    async (req) => service.decide(principalOf(req), req.params.id, "reject", req.body.reason),
  );

  app.post(
    "/applications/:id/revoke",
    {
      preHandler: app.authorize("exchange.approve"),
      schema: {
        tags,
        summary: "撤销共享授权 / Revoke",
        params: IdParams,
        body: ExchangeDecision,
        response: { 200: ExchangeApplication, ...errors },
      },
    },
    async (req) => service.decide(principalOf(req), req.params.id, "revoke", req.body.reason),
  );

  await app.register(gatewayRoutes, { gateway, tags, errors });
};
