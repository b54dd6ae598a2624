import {
  ActingForRequest,
  Agent,
  AgentCreate,
  AgentList,
  BindEnterpriseRequest,
  errorResponses,
  Me,
  MyEnterprise,
  MyEnterpriseList,
  uuid,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import type { ProfileService } from "../profile.service.js";
import type { SessionService } from "../sessions.js";
import type { EnterpriseService } from "./enterprises.service.js";

const errors = errorResponses(400, 401, 403, 404, 409, 429);
const tags = ["identity 统一身份认证"];
const EnterpriseParams = z.object({ id: uuid });

/**
 * Enterprises (法人) of the signed-in citizen and their agents (经办人). Who may do what is checked in
 * EnterpriseService: binding needs real-name level 2 and the business registry's agreement; agents are
 * managed by the legal representative only.
 */
export const enterpriseRoutes: FastifyPluginAsyncZod<{
  enterprises: EnterpriseService;
  profile: ProfileService;
  sessions: SessionService;
}> = async (app, { enterprises, profile, sessions }) => {
  const citizen = app.authenticate({ kinds: ["citizen"] });

  app.get(
    "/me/enterprises",
    {
      preHandler: citizen,
      schema: { tags, summary: "我的企业 / My enterprises", response: { 200: MyEnterpriseList, ...errors } },
    },
    async (req) => ({ items: await enterprises.listMine(principalOf(req)) }),
  );

  app.post(
    "/me/enterprises",
    {
      preHandler: app.authenticate({ kinds: ["citizen"], minLevel: 2 }),
      schema: {
        tags,
        summary: "法定代表人绑定企业 / Bind an enterprise as its legal representative",
        body: BindEnterpriseRequest,
        response: { 201: MyEnterprise, ...errors, ...errorResponses(422) },
      },
    },
    async (req, reply) => reply.status(201).send(await enterprises.bind(principalOf(req), req.body.uscc)),
  );

  app.put(
    "/me/acting-for",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "切换办事身份（个人 / 企业）/ Switch between acting as myself and for an enterprise",
        body: ActingForRequest,
        response: { 200: Me, ...errors },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const { actingFor, session } = await enterprises.actAs(p, req.body.enterpriseId);
      sessions.setCookie(reply, session);
      return profile.me({ ...p, actingFor, sessionId: session.row.id });
    },
  );

  app.get(
    "/enterprises/:id/agents",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "企业经办人授权列表（法定代表人）/ The enterprise's agents (representative)",
        params: EnterpriseParams,
        response: { 200: AgentList, ...errors },
      },
    },
    async (req) => ({ items: await enterprises.listAgents(principalOf(req), req.params.id) }),
  );

  app.post(
    "/enterprises/:id/agents",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "授权经办人（法定代表人）/ Authorise an agent (representative)",
        params: EnterpriseParams,
        body: AgentCreate,
        response: { 201: Agent, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await enterprises.authoriseAgent(principalOf(req), req.params.id, req.body)),
  );

  app.delete(
    "/enterprises/:id/agents/:agentId",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "撤销经办人授权（法定代表人）/ Revoke an agent (representative)",
        params: z.object({ id: uuid, agentId: uuid }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await enterprises.revokeAgent(principalOf(req), req.params.id, req.params.agentId);
      return reply.status(204).send(null);
    },
  );
};
