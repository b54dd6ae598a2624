import {
  errorResponses,
  Notification,
  NotificationList,
  NotificationListQuery,
  NotificationReadAllResult,
  uuid,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../platform/auth/guard.js";
import type { NotificationService } from "./service.js";

const errors = errorResponses(400, 401, 403, 404);
const tags = ["notify 消息"];
/** People with an account: citizens and staff (OAuth clients have no inbox). */
const signedIn = { kinds: ["citizen", "staff"] } as const;

/** My notifications: every signed-in person sees and marks only their own. */
export const notifyRoutes: FastifyPluginAsyncZod<{ service: NotificationService }> = async (app, { service }) => {
  app.get(
    "/",
    {
      preHandler: app.authenticate(signedIn),
      schema: {
        tags,
        summary: "我的消息 / My notifications",
        querystring: NotificationListQuery,
        response: { 200: NotificationList, ...errors },
      },
    },
    async (req) => service.list(principalOf(req).id, req.query),
  );

  app.post(
    "/read-all",
    {
      preHandler: app.authenticate(signedIn),
      schema: {
        tags,
        summary: "全部标为已读 / Mark all read",
        response: { 200: NotificationReadAllResult, ...errors },
      },
    },
    async (req) => service.markAllRead(principalOf(req).id),
  );

  app.post(
    "/:id/read",
    {
      preHandler: app.authenticate(signedIn),
      schema: {
        tags,
        summary: "标为已读 / Mark read",
        params: z.object({ id: uuid }),
        response: { 200: Notification, ...errors },
      },
    },
    async (req) => service.markRead(principalOf(req).id, req.params.id),
  );
};
