import {
  errorResponses,
  NoticeDelivery,
  NoticeDeliveryList,
  NoticeDeliveryQuery,
  NoticePreview,
  NoticePreviewRequest,
  NoticeQueued,
  NoticeTemplate,
  NoticeTemplateInput,
  NoticeTemplateList,
  NoticeWebhook,
  NoticeWebhookInput,
  NoticeWebhookList,
  NoticeWebhookMessage,
  uuid,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../platform/auth/guard.js";
import type { NotifyAdminService } from "./admin.service.js";

const tags = ["notify 消息"];
const read = errorResponses(400, 401, 403);
const write = errorResponses(400, 401, 403, 404, 409, 413, 422);

/** Templates, the delivery log with its dead letters, and department group webhooks (notify.manage). */
export const notifyAdminRoutes: FastifyPluginAsyncZod<{ admin: NotifyAdminService }> = async (app, { admin }) => {
  const guard = app.authorize("notify.manage");

  app.get(
    "/templates",
    {
      preHandler: guard,
      schema: { tags, summary: "消息模板 / Notice templates", response: { 200: NoticeTemplateList, ...read } },
    },
    async () => admin.templates(),
  );
  app.post(
    "/templates",
    {
      preHandler: guard,
      schema: {
        tags,
        summary: "保存模板新版本 / Save a new template version",
        body: NoticeTemplateInput,
        response: { 200: NoticeTemplate, ...write },
      },
    },
    async (req) => admin.saveTemplate(principalOf(req), req.body),
  );
  app.post(
    "/templates/preview",
    {
      preHandler: guard,
      schema: {
        tags,
        summary: "预览模板 / Preview a template",
        body: NoticePreviewRequest,
        response: { 200: NoticePreview, ...write },
      },
    },
    async (req) => admin.preview(req.body),
  );
  app.get(
    "/deliveries",
    {
      preHandler: guard,
      schema: {
        tags,
        summary: "投递记录（status=failed：死信） / Delivery log (status=failed: dead letters)",
        querystring: NoticeDeliveryQuery,
        response: { 200: NoticeDeliveryList, ...read },
      },
    },
    async (req) => admin.deliveries(req.query),
  );
  app.post(
    "/deliveries/:id/resend",
    {
      preHandler: guard,
      schema: {
        tags,
        summary: "重发失败的投递 / Re-send a failed delivery",
        params: z.object({ id: uuid }),
        response: { 200: NoticeDelivery, ...write },
      },
    },
    async (req) => admin.resend(principalOf(req), req.params.id),
  );
  app.get(
    "/webhooks",
    {
      preHandler: guard,
      schema: { tags, summary: "部门群 Webhook / Group webhooks", response: { 200: NoticeWebhookList, ...read } },
    },
    async () => admin.webhooks(),
  );
  app.post(
    "/webhooks",
    {
      preHandler: guard,
      schema: {
        tags,
        summary: "添加部门群 Webhook / Add a group webhook",
        body: NoticeWebhookInput,
        response: { 200: NoticeWebhook, ...write },
      },
    },
    async (req) => admin.addWebhook(principalOf(req), req.body),
  );
  app.post(
    "/webhooks/departments/:departmentId/messages",
    {
      preHandler: guard,
      schema: {
        tags,
        summary: "向部门群发送消息 / Message a department's groups",
        params: z.object({ departmentId: uuid }),
        body: NoticeWebhookMessage,
        response: { 200: NoticeQueued, ...write },
      },
    },
    async (req) => admin.sendToDepartment(principalOf(req), req.params.departmentId, req.body.text),
  );
};
