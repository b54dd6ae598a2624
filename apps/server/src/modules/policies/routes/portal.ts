/** The enterprise's side (政策计算器): what it may get and why, its entitlements and payment notices, objections. */
import {
  Calculator,
  Entitlement,
  EntitlementList,
  errorResponses,
  ObjectionRequest,
  QuickApplicationRequest,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import type { Principal } from "../../../platform/auth/permissions.js";
import { PolicyErrors } from "../errors.js";
import type { PolicyServices } from "../index.js";

const errors = errorResponses(400, 401, 403, 404, 409);
const tags = ["policies 惠企政策（企业）"];

/** The enterprise the person acts for (any role: the benefits are the enterprise's own business). */
function enterpriseOf(p: Principal): string {
  if (!p.actingFor) throw PolicyErrors.POLICIES_ENTERPRISE_REQUIRED();
  return p.actingFor.uscc;
}

export const portalRoutes: FastifyPluginAsyncZod<{ services: PolicyServices }> = async (app, { services }) => {
  app.get(
    "/calculator",
    {
      preHandler: app.authenticate({ kinds: ["citizen"] }),
      schema: {
        tags,
        summary: "政策计算器：可享政策及原因 / What the enterprise may get, and why",
        response: { 200: Calculator, ...errors },
      },
    },
    async (req) => services.matching.calculator(enterpriseOf(principalOf(req))),
  );

  app.get(
    "/my/entitlements",
    {
      preHandler: app.authenticate({ kinds: ["citizen"] }),
      schema: {
        tags,
        summary: "本企业的兑现记录与兑现通知 / The enterprise's entitlements and payment notices",
        response: { 200: EntitlementList, ...errors },
      },
    },
    async (req) => services.review.mine(enterpriseOf(principalOf(req))),
  );

  app.post(
    "/my/entitlements/:id/objection",
    {
      preHandler: app.authenticate({ kinds: ["citizen"] }),
      schema: {
        tags,
        summary: "提出异议 / Object to an entitlement",
        params: z.object({ id: z.uuid() }),
        body: ObjectionRequest,
        response: { 200: Entitlement, ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      return services.review.object(p, enterpriseOf(p), req.params.id, req.body.text);
    },
  );

  app.post(
    "/my/benefits/:id/apply",
    {
      preHandler: app.authenticate({ kinds: ["citizen"] }),
      schema: {
        tags,
        summary: "快申快享：以法人库数据申请 / Apply online with the registry's facts (快申快享)",
        params: z.object({ id: z.uuid() }),
        body: QuickApplicationRequest,
        response: { 201: Entitlement, ...errors },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      return reply.code(201).send(await services.quick.apply(p, enterpriseOf(p), req.params.id, req.body));
    },
  );
};
