import {
  errorResponses,
  SecurityAlert,
  SecurityAlertAcknowledge,
  SecurityAlertList,
  SecurityAlertListQuery,
  uuid,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../platform/auth/guard.js";
import type { SecurityAlerts } from "./alerts.service.js";

const errors = errorResponses(400, 401, 403, 404, 409);
const tags = ["security 安全管理"];

/** Security alerts: security admins and auditors read them, security admins acknowledge them. */
export const securityRoutes: FastifyPluginAsyncZod<{ alerts: SecurityAlerts }> = async (app, { alerts }) => {
  app.get(
    "/alerts",
    {
      preHandler: app.authorize("security.alert.read"),
      schema: {
        tags,
        summary: "安全告警列表 / Security alerts",
        querystring: SecurityAlertListQuery,
        response: { 200: SecurityAlertList, ...errors },
      },
    },
    async (req) => alerts.list(req.query),
  );

  app.post(
    "/alerts/:id/acknowledge",
    {
      preHandler: app.authorize("security.alert.ack"),
      schema: {
        tags,
        summary: "确认安全告警 / Acknowledge a security alert",
        params: z.object({ id: uuid }),
        body: SecurityAlertAcknowledge,
        response: { 200: SecurityAlert, ...errors },
      },
    },
    async (req) => alerts.acknowledge(principalOf(req), req.params.id, req.body.note),
  );
};
