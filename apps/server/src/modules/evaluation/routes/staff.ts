/** The departments' and supervisors' API: the rectification inbox, appeals, statistics, kiosk visits. */
import {
  Appeal,
  AppealDetail,
  AppealList,
  AppealListQuery,
  CreateVisitRequest,
  DecideAppealRequest,
  EvaluationStats,
  EvaluationStatsQuery,
  errorResponses,
  FileAppealRequest,
  Rectification,
  RectificationList,
  RectificationListQuery,
  ReplyRectificationRequest,
  VerifyRectificationRequest,
  VisitInvitation,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import type { EvaluationServices } from "../index.js";
import { ExportLanguage, sendCsv, statsCsv } from "../stats.export.js";

const errors = errorResponses(400, 401, 403, 404, 409);
const tags = ["evaluation 好差评（部门、督查）"];
const IdParams = z.object({ id: z.uuid() });

export const staffRoutes: FastifyPluginAsyncZod<{ services: EvaluationServices }> = async (app, { services }) => {
  const { rectification, appeals, stats, invitations } = services;

  app.get(
    "/rectifications",
    {
      preHandler: app.authorize("evaluation.read"),
      schema: {
        tags,
        summary: "差评整改工单 / Rectification inbox (own department; supervisors all)",
        querystring: RectificationListQuery,
        response: { 200: RectificationList, ...errors },
      },
    },
    async (req) => rectification.list(principalOf(req), req.query),
  );

  app.get(
    "/rectifications/:id",
    {
      preHandler: app.authorize("evaluation.read"),
      schema: {
        tags,
        summary: "整改工单 / A rectification",
        params: IdParams,
        response: { 200: Rectification, ...errors },
      },
    },
    async (req) => rectification.get(principalOf(req), req.params.id),
  );

  app.post(
    "/rectifications/:id/verify",
    {
      preHandler: app.authorize("evaluation.rectify"),
      schema: {
        tags,
        summary: "核实并确定整改方式 / Verify and choose the handling",
        params: IdParams,
        body: VerifyRectificationRequest,
        response: { 200: Rectification, ...errors },
      },
    },
    async (req) => rectification.verify(principalOf(req), req.params.id, req.body),
  );

  app.post(
    "/rectifications/:id/reply",
    {
      preHandler: app.authorize("evaluation.rectify"),
      schema: {
        tags,
        summary: "答复评价人 / Reply to the citizen",
        params: IdParams,
        body: ReplyRectificationRequest,
        response: { 200: Rectification, ...errors },
      },
    },
    async (req) => rectification.reply(principalOf(req), req.params.id, req.body),
  );

  app.post(
    "/evaluations/:id/appeal",
    {
      preHandler: app.authorize("evaluation.appeal"),
      schema: {
        tags,
        summary: "申诉 / Appeal a review (once)",
        params: IdParams,
        body: FileAppealRequest,
        response: { 201: Appeal, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await appeals.file(principalOf(req), req.params.id, req.body)),
  );

  app.get(
    "/appeals",
    {
      preHandler: app.authorize("evaluation.appeal.decide"),
      schema: {
        tags,
        summary: "申诉复核 / Appeals to decide",
        querystring: AppealListQuery,
        response: { 200: AppealList, ...errors },
      },
    },
    async (req) => appeals.list(req.query),
  );

  app.post(
    "/appeals/:id/decide",
    {
      preHandler: app.authorize("evaluation.appeal.decide"),
      schema: {
        tags,
        summary: "复核申诉 / Decide an appeal",
        params: IdParams,
        body: DecideAppealRequest,
        response: { 200: AppealDetail, ...errors },
      },
    },
    async (req) => appeals.decide(principalOf(req), req.params.id, req.body),
  );

  app.get(
    "/stats",
    {
      preHandler: app.authorize("evaluation.read"),
      schema: {
        tags,
        summary: "评价统计 / Statistics (own department; supervisors all)",
        querystring: EvaluationStatsQuery,
        response: { 200: EvaluationStats, ...errors },
      },
    },
    async (req) => stats.stats(principalOf(req), req.query),
  );

  app.get(
    "/stats.csv",
    {
      preHandler: app.authorize("evaluation.read"),
      schema: {
        tags,
        summary: "导出评价统计（CSV）/ Export the statistics as CSV",
        querystring: EvaluationStatsQuery.extend({ lang: ExportLanguage }),
        response: { 200: z.unknown().describe("text/csv; charset=utf-8"), ...errors },
      },
    },
    async (req, reply) => {
      const { lang, ...query } = req.query;
      const result = await stats.stats(principalOf(req), query);
      return sendCsv(reply, `evaluation-stats-${query.by}`, statsCsv(query.by, result.rows, result.totals, lang));
    },
  );

  app.post(
    "/visits",
    {
      preHandler: app.authorize("evaluation.visit"),
      schema: {
        tags,
        summary: "窗口评价码（评价器）/ A kiosk code for a window visit",
        body: CreateVisitRequest,
        response: { 201: VisitInvitation, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await invitations.createVisit(principalOf(req), req.body)),
  );
};
