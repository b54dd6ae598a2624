import {
  AccountProposal,
  AccountProposalApproved,
  AccountProposalCreate,
  AccountProposalList,
  AccountProposalListQuery,
  AccountProposalRefuse,
  errorResponses,
  uuid,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import type { DualControlService } from "./dual-control.service.js";

const errors = errorResponses(400, 401, 403, 404, 409);
const tags = ["identity 统一身份认证"];
const Params = z.object({ id: uuid });

/**
 * Dual control (双人控制) of auditor and security-admin accounts: security admins propose, auditors decide;
 * both read the list. The persons (not the proposer, not the account concerned) are checked by the service.
 */
export const dualControlRoutes: FastifyPluginAsyncZod<{ dualControl: DualControlService }> = async (
  app,
  { dualControl },
) => {
  const read = app.authorize("identity.dual_control.read");
  const propose = app.authorize("identity.dual_control.propose");
  const decide = app.authorize("identity.dual_control.decide");

  app.get(
    "/proposals",
    {
      preHandler: read,
      schema: {
        tags,
        summary: "双人控制申请列表 / Dual-control proposals",
        querystring: AccountProposalListQuery,
        response: { 200: AccountProposalList, ...errors },
      },
    },
    async (req) => dualControl.list(req.query),
  );

  app.get(
    "/proposals/:id",
    {
      preHandler: read,
      schema: {
        tags,
        summary: "双人控制申请 / A dual-control proposal",
        params: Params,
        response: { 200: AccountProposal, ...errors },
      },
    },
    async (req) => dualControl.get(req.params.id),
  );

  app.post(
    "/proposals",
    {
      preHandler: propose,
      schema: {
        tags,
        summary: "提议新建或停用审计员、安全管理员账号 / Propose creating or disabling a protected account",
        body: AccountProposalCreate,
        response: { 201: AccountProposal, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await dualControl.propose(principalOf(req), req.body)),
  );

  app.post(
    "/proposals/:id/approve",
    {
      preHandler: decide,
      schema: {
        tags,
        summary: "批准（新建账号时一次性返回初始密码）/ Approve (a created account's one-time password, once)",
        params: Params,
        response: { 200: AccountProposalApproved, ...errors },
      },
    },
    async (req, reply) => {
      const approved = await dualControl.approve(principalOf(req), req.params.id);
      // The one-time password must not stay in any cache between the approver and us.
      return reply.header("cache-control", "no-store").send(approved);
    },
  );

  app.post(
    "/proposals/:id/refuse",
    {
      preHandler: decide,
      schema: {
        tags,
        summary: "拒绝 / Refuse",
        params: Params,
        body: AccountProposalRefuse,
        response: { 200: AccountProposal, ...errors },
      },
    },
    async (req) => dualControl.refuse(principalOf(req), req.params.id, req.body.note),
  );
};
