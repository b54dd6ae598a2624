/** The citizen's API: an invitation, evaluating it (with an optional photo), the 追评, my evaluations, the callback. */
import fastifyMultipart from "@fastify/multipart";
import {
  EVALUATION_PHOTO_MAX_BYTES,
  Evaluation,
  EvaluationInvitation,
  EvaluationInvitationList,
  EvaluationPhoto,
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
import { FileErrors } from "../../../platform/files/index.js";
import { EvaluationErrors } from "../errors.js";
import type { EvaluationServices } from "../index.js";

const errors = errorResponses(400, 401, 403, 404, 409, 410);
const photoErrors = errorResponses(400, 401, 403, 404, 409, 410, 413, 415);
const tags = ["evaluation 好差评（办事人）"];
const IdParams = z.object({ id: z.uuid() });

export const citizenRoutes: FastifyPluginAsyncZod<{ services: EvaluationServices }> = async (app, { services }) => {
  const citizen = app.authenticate({ kinds: ["citizen"] });
  const anyone = app.authenticate({ kinds: ["citizen", "staff"] });
  // One file part, bounded: the stream stops at the limit instead of buffering an oversized body.
  await app.register(fastifyMultipart, {
    limits: { fileSize: EVALUATION_PHOTO_MAX_BYTES, files: 1, fields: 2, fieldSize: 1024 },
  });

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

  app.post(
    "/invitations/:id/photo",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "上传评价照片（multipart，字段 file；JPEG/PNG ≤ 5 MB）/ Upload a photo for the evaluation",
        params: IdParams,
        consumes: ["multipart/form-data"],
        response: { 201: EvaluationPhoto, ...photoErrors },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw EvaluationErrors.EVALUATION_PHOTO_MISSING();
      const part = await req.file();
      if (part?.fieldname !== "file") throw EvaluationErrors.EVALUATION_PHOTO_MISSING();
      let bytes: Buffer;
      try {
        bytes = await part.toBuffer();
      } catch (err) {
        if ((err as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE")
          throw FileErrors.FILE_TOO_LARGE({ maxBytes: EVALUATION_PHOTO_MAX_BYTES });
        throw err;
      }
      const photo = await services.photos.upload(principalOf(req), req.params.id, { name: part.filename, bytes });
      return reply.code(201).send(photo);
    },
  );

  app.get(
    "/evaluations/:id/photo",
    {
      preHandler: anyone,
      schema: {
        tags,
        summary: "评价照片（评价人，或有权查看该部门评价的工作人员）/ An evaluation's photo",
        params: IdParams,
        response: { 200: z.unknown().describe("the image"), ...errors },
      },
    },
    async (req, reply) => {
      const photo = await services.photos.read(principalOf(req), req.params.id, req.id);
      return reply
        .header("content-type", photo.contentType)
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, no-store")
        .send(photo.bytes);
    },
  );
};
