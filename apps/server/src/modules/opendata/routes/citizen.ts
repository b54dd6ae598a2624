/** Applicants (real-name level 2 and above): apply for a conditional dataset, list their applications, take a key. */
import {
  ApplyRequest,
  errorResponses,
  OpendataApiKey,
  OpendataApplication,
  OpendataApplicationList,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import type { OpendataServices } from "../index.js";

const errors = errorResponses(400, 401, 403, 404, 409);
const tags = ["opendata 公共数据开放（申请人）"];

export const citizenRoutes: FastifyPluginAsyncZod<{ services: OpendataServices }> = async (app, { services }) => {
  app.post(
    "/datasets/:id/applications",
    {
      preHandler: app.authenticate({ kinds: ["citizen"], minLevel: 2 }),
      schema: {
        tags,
        summary: "申请有条件开放数据 / Apply for a conditional dataset",
        params: z.object({ id: z.string().min(1).max(100) }),
        body: ApplyRequest,
        response: { 201: OpendataApplication, ...errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await services.applications.apply(principalOf(req), req.params.id, req.body)),
  );

  app.get(
    "/my/applications",
    {
      preHandler: app.authenticate({ kinds: ["citizen"] }),
      schema: {
        tags,
        summary: "我的开放申请 / My applications",
        response: { 200: OpendataApplicationList, ...errorResponses(401, 403) },
      },
    },
    async (req) => services.applications.mine(principalOf(req)),
  );

  app.post(
    "/my/applications/:id/key",
    {
      preHandler: app.authenticate({ kinds: ["citizen"] }),
      schema: {
        tags,
        summary: "领取 API 密钥（仅显示一次）/ Take an API key for an approved application (shown once)",
        params: z.object({ id: z.uuid() }),
        response: { 201: OpendataApiKey, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await services.applications.issueKey(principalOf(req), req.params.id)),
  );
};
