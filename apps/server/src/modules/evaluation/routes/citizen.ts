/** The citizen's API: an invitation, evaluating it, the 追评, my evaluations, the callback on a reply. */
import {
  Evaluation,
  EvaluationInvitation,
  EvaluationInvitationList,
  errorResponses,
  FollowUpRequest,
  GiveEvaluationRequest,
  MyEvaluationsQuery,
  RectificationCallbackRequest,
  RectificationForCitizen,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import type { EvaluationServices } from "../index.js";

const errors = errorResponses(400, 401, 403, 404, 409, 410);
const tags = ["evaluation 好差评（办事人）"];
const IdParams = z.object({ id: z.uuid() });

export const citizenRoutes: FastifyPluginAsyncZod<{ services: EvaluationServices }> = async (app, { services }) => {
  const citizen = app.authenticate({ kinds: ["citizen"] });

  app.get(
    "/mine",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "我的评价 / My evaluations",
        querystring: MyEvaluationsQuery,
        response: { 200: EvaluationInvitationList, ...errors },
      },
    },
    async (req) => services.invitations.mine(principalOf(req), req.query),
  );

  app.get(
    "/invitations/:id",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "评价邀请 / An invitation to evaluate",
        params: IdParams,
        response: { 200: EvaluationInvitation, ...errors },
      },
    },
    async (req) => services.invitations.get(principalOf(req), req.params.id),
  );

  app.post(
    "/invitations/:id/evaluation",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "评价 / Evaluate (once; 409 after, 410 when expired)",
        params: IdParams,
        body: GiveEvaluationRequest,
        response: { 201: Evaluation, ...errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await services.evaluations.give(principalOf(req), req.params.id, req.body)),
  );

  app.post(
    "/invitations/:id/follow-up",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "追评 / Follow up (once)",
        params: IdParams,
        body: FollowUpRequest,
        response: { 201: Evaluation, ...errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await services.evaluations.followUp(principalOf(req), req.params.id, req.body)),
  );

  app.post(
    "/rectifications/:id/callback",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "回访：整改是否满意 / Callback: did the reply fix things?",
        params: IdParams,
        body: RectificationCallbackRequest,
        response: { 200: RectificationForCitizen, ...errors },
      },
    },
    async (req) => services.rectification.callback(principalOf(req), req.params.id, req.body),
  );
};
