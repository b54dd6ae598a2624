import { DeadJobList, DeadJobListQuery, ErrorResponse, RetriedJob, uuid } from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../auth/guard.js";
import type { DeadJobService } from "./dead.service.js";

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

/** Dead jobs for platform admins (`jobs.manage`), under /api/admin/jobs. */
export const deadJobRoutes: FastifyPluginAsyncZod<{ service: DeadJobService }> = async (app, { service }) => {
  const tags = ["jobs 后台任务"];

  app.get(
    "/dead",
    {
      preHandler: app.authorize("jobs.manage"),
      schema: {
        tags,
        summary: "死信任务列表 / Dead jobs (failed their last attempt), newest first",
        querystring: DeadJobListQuery,
        response: { 200: DeadJobList, ...errors },
      },
    },
    async (req) => service.list(req.query),
  );

  app.post(
    "/:id/retry",
    {
      preHandler: app.authorize("jobs.manage"),
      schema: {
        tags,
        summary: "重新运行死信任务 / Re-run a dead job (back to pending, attempts reset)",
        params: z.object({ id: uuid }),
        response: { 200: RetriedJob, ...errors, 409: ErrorResponse },
      },
    },
    async (req) => service.retry(req.params.id, actorOf(req)),
  );
};
