/**
 * Public: draw records (anyone may recompute a draw) and published inspection results (一公开); for auditors,
 * what opens a draw's recusal commitments.
 */
import { DrawRecord, DrawRecusal, errorResponses, PublishedResultList, PublishedResultsQuery } from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import type { SupervisionServices } from "../index.js";

const tags = ["supervision 互联网+监管（公开）"];

export const publicRoutes: FastifyPluginAsyncZod<{ services: SupervisionServices }> = async (app, { services }) => {
  app.get(
    "/draws/:id",
    {
      schema: {
        tags,
        summary: "抽取记录（可独立复算）/ Draw record (recomputable)",
        params: z.object({ id: z.uuid() }),
        response: { 200: DrawRecord, ...errorResponses(400, 404) },
      },
    },
    async (req) => services.plans.record(req.params.id),
  );
  app.get(
    "/draws/:id/recusal",
    {
      preHandler: app.authorize("supervision.audit"),
      schema: {
        tags,
        summary: "回避核验材料（审计）/ Recusal attributes and salt of a draw (auditors)",
        params: z.object({ id: z.uuid() }),
        response: { 200: DrawRecusal, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => services.plans.recusal(principalOf(req), req.params.id),
  );
  app.get(
    "/results",
    {
      schema: {
        tags,
        summary: "抽查结果公示（可按企业名称或代码检索）/ Published results (searchable)",
        querystring: PublishedResultsQuery,
        response: { 200: PublishedResultList, ...errorResponses(400) },
      },
    },
    async (req) => services.visits.published(req.query),
  );
};
