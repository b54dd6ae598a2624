/**
 * The inspector's phone pages: my visits, start on site, the check list, confirmation; 责令整改 follow-up (the
 * enterprise's or inspector's report with evidence, the inspector's re-check).
 */
import {
  ConfirmVisitRequest,
  errorResponses,
  RecheckRectificationRequest,
  RecordChecksRequest,
  ReportRectificationRequest,
  StartVisitRequest,
  SupervisionRectification,
  SupervisionRectificationList,
  SupervisionVisit,
  SupervisionVisitList,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import type { SupervisionServices } from "../index.js";

const errors = errorResponses(400, 401, 403, 404, 409, 422);
const tags = ["supervision 互联网+监管（检查人员）"];
const IdParams = z.object({ id: z.uuid() });

export const inspectRoutes: FastifyPluginAsyncZod<{ services: SupervisionServices }> = async (app, { services }) => {
  const inspect = app.authorize("supervision.inspect");
  app.get(
    "/visits/mine",
    {
      preHandler: inspect,
      schema: { tags, summary: "我的检查任务 / My visits", response: { 200: SupervisionVisitList, ...errors } },
    },
    async (req) => ({ items: await services.visits.mine(principalOf(req)) }),
  );
  app.post(
    "/visits/:id/start",
    {
      preHandler: inspect,
      schema: {
        tags,
        summary: "到场开始检查 / Start on site",
        params: IdParams,
        body: StartVisitRequest,
        response: { 200: SupervisionVisit, ...errors },
      },
    },
    async (req) => services.visits.start(principalOf(req), req.params.id, req.body.position),
  );
  app.put(
    "/visits/:id/checks",
    {
      preHandler: inspect,
      schema: {
        tags,
        summary: "填写检查要点 / Record check outcomes",
        params: IdParams,
        body: RecordChecksRequest,
        response: { 200: SupervisionVisit, ...errors },
      },
    },
    async (req) => services.visits.recordChecks(principalOf(req), req.params.id, req.body.checks),
  );
  app.post(
    "/visits/:id/confirm",
    {
      preHandler: inspect,
      schema: {
        tags,
        summary: "确认检查结果 / Confirm the result (both inspectors)",
        params: IdParams,
        body: ConfirmVisitRequest,
        response: { 200: SupervisionVisit, ...errors },
      },
    },
    async (req) => services.visits.confirm(principalOf(req), req.params.id, req.body.result, req.body.signature),
  );
  app.post(
    "/rectifications/:id/report",
    {
      preHandler: app.authenticate({ kinds: ["citizen", "staff"] }),
      schema: {
        tags,
        summary: "提交整改情况（企业或检查人员）/ Report the rectification with evidence",
        params: IdParams,
        body: ReportRectificationRequest,
        response: { 200: SupervisionRectification, ...errors },
      },
    },
    async (req) => services.rectifications.report(principalOf(req), req.params.id, req.body),
  );
  app.post(
    "/rectifications/:id/recheck",
    {
      preHandler: inspect,
      schema: {
        tags,
        summary: "整改复查 / Re-check (passed, another deadline, or 立案)",
        params: IdParams,
        body: RecheckRectificationRequest,
        response: { 200: SupervisionRectification, ...errors },
      },
    },
    async (req) => services.rectifications.recheck(principalOf(req), req.params.id, req.body),
  );
  app.get(
    "/rectifications/enterprise",
    {
      preHandler: app.authenticate({ kinds: ["citizen"] }),
      schema: {
        tags,
        summary: "本企业的责令整改 / The acting-for enterprise's rectifications",
        response: { 200: SupervisionRectificationList, ...errors },
      },
    },
    async (req) => ({ items: await services.rectifications.forEnterprise(principalOf(req)) }),
  );
};
