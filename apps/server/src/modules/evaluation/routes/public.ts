/**
 * Public paths (no sign-in): the published statistics (per department, no personal data) and the kiosk
 * (评价器) for a visit's code. Both are limited per client IP in PostgreSQL (EVALUATION_PUBLIC_RATE_PER_IP,
 * shared by all processes), on top of the platform's per-process /api limit.
 */
import {
  Evaluation,
  errorResponses,
  KioskEvaluationRequest,
  KioskInvitation,
  PublicEvaluationStats,
} from "@yiwang/contracts";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { EvaluationServices } from "../index.js";
import { ExportLanguage, sendCsv, statsCsv } from "../stats.export.js";

const errors = errorResponses(400, 404, 409, 410, 429);
const tags = ["evaluation 好差评（公开）"];
const TokenParams = z.object({
  token: z
    .string()
    .min(16)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/),
});

export const publicRoutes: FastifyPluginAsyncZod<{ services: EvaluationServices }> = async (app, { services }) => {
  const { rateLimiter, config } = app.platform;
  const limited = async (req: FastifyRequest) =>
    rateLimiter.hit(`evaluation.public:${req.ip}`, config.evaluation.publicRatePerIp, 60, { fast: true });

  app.get(
    "/public/stats",
    {
      preHandler: limited,
      schema: {
        tags,
        summary: "好差评公开统计 / Published statistics per department",
        response: { 200: PublicEvaluationStats, ...errorResponses(429) },
      },
    },
    async () => services.stats.published(),
  );

  app.get(
    "/public/stats.csv",
    {
      preHandler: limited,
      schema: {
        tags,
        summary: "导出公开统计（CSV）/ Export the published statistics as CSV",
        querystring: z.object({ lang: ExportLanguage }),
        response: { 200: z.unknown().describe("text/csv; charset=utf-8"), ...errorResponses(400, 429) },
      },
    },
    async (req, reply) => {
      const result = await services.stats.published();
      const rows = result.departments.map((d) => ({ ...d, label: d.departmentName }));
      return sendCsv(reply, "evaluation-published", statsCsv("department", rows, result.totals, req.query.lang));
    },
  );

  app.get(
    "/kiosk/:token",
    {
      preHandler: limited,
      schema: {
        tags,
        summary: "评价器：本次办事 / Kiosk: the visit to evaluate",
        params: TokenParams,
        response: { 200: KioskInvitation, ...errors },
      },
    },
    async (req) => services.invitations.kiosk(req.params.token),
  );

  app.post(
    "/kiosk/:token/evaluation",
    {
      preHandler: limited,
      schema: {
        tags,
        summary: "评价器：评价 / Kiosk: evaluate the visit (once)",
        params: TokenParams,
        body: KioskEvaluationRequest,
        response: { 201: Evaluation, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await services.evaluations.giveAtKiosk(req.params.token, req.body)),
  );
};
