/** Staff messaging API (会商, 部门频道, 私信). Every route needs messaging.use; threads check membership. */
import fastifyMultipart from "@fastify/multipart";
import {
  DirectThreadRequest,
  errorResponses,
  MarkReadRequest,
  Message,
  MessageList,
  MessageListQuery,
  MessagingColleagueList,
  MessagingColleagueQuery,
  MessagingThread,
  MessagingThreadList,
  PostMessageRequest,
  ReadReceipt,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import { FileErrors } from "../../../platform/files/index.js";
import { MessagingErrors } from "../errors.js";
import type { MessagingServices } from "../index.js";
import { openStream } from "./stream.js";

const errors = errorResponses(400, 401, 403, 404, 413, 415, 422);
const tags = ["messaging 会商与消息"];
const ThreadParams = z.object({ id: z.uuid() });
const CaseParams = z.object({ caseId: z.uuid() });
const RequestParams = z.object({ requestId: z.uuid() });
const DepartmentParams = z.object({ departmentId: z.uuid() });
const AttachmentParams = z.object({ id: z.uuid(), messageId: z.uuid() });
const StreamQuery = z.object({
  /** The last sequence number the client has (the first connection; reconnections send Last-Event-ID). */
  after: z.coerce.number().int().min(0).optional(),
});

export const messagingRoutes: FastifyPluginAsyncZod<{ services: MessagingServices }> = async (app, { services }) => {
  const { messaging, hub } = services;
  const use = app.authorize("messaging.use");
  const maxBytes = app.platform.config.files.materialMaxBytes;
  await app.register(fastifyMultipart, { limits: { fileSize: maxBytes, files: 1, fields: 2, fieldSize: 16_384 } });

  app.get(
    "/threads",
    {
      preHandler: use,
      schema: { tags, summary: "我的会话 / My threads", response: { 200: MessagingThreadList, ...errors } },
    },
    async (req) => messaging.listThreads(principalOf(req)),
  );

  app.get(
    "/cases/:caseId/thread",
    {
      preHandler: use,
      schema: {
        tags,
        summary: "办件会商 / The case's discussion thread (its departments' staff only)",
        params: CaseParams,
        response: { 200: MessagingThread, ...errors },
      },
    },
    async (req) => messaging.caseThread(principalOf(req), req.params.caseId),
  );

  app.get(
    "/requests/:requestId/thread",
    {
      preHandler: use,
      schema: {
        tags,
        summary: "诉求会商 / A 12345 request's discussion thread (its department's staff and supervisors only)",
        params: RequestParams,
        response: { 200: MessagingThread, ...errors },
      },
    },
    async (req) => messaging.requestThread(principalOf(req), req.params.requestId),
  );

  app.get(
    "/departments/:departmentId/channel",
    {
      preHandler: use,
      schema: {
        tags,
        summary: "部门频道 / A department's channel",
        params: DepartmentParams,
        response: { 200: MessagingThread, ...errors },
      },
    },
    async (req) => messaging.departmentChannel(principalOf(req), req.params.departmentId),
  );

  app.post(
    "/direct",
    {
      preHandler: use,
      schema: {
        tags,
        summary: "私信 / The direct conversation with a colleague",
        body: DirectThreadRequest,
        response: { 200: MessagingThread, ...errors },
      },
    },
    async (req) => messaging.directThread(principalOf(req), req.body.accountId),
  );

  app.get(
    "/colleagues",
    {
      preHandler: use,
      schema: {
        tags,
        summary: "同事 / Colleagues to message (a department's; mine by default)",
        querystring: MessagingColleagueQuery,
        response: { 200: MessagingColleagueList, ...errors },
      },
    },
    async (req) => messaging.colleagues(principalOf(req), req.query.departmentId),
  );

  app.get(
    "/threads/:id",
    {
      preHandler: use,
      schema: { tags, summary: "会话 / A thread", params: ThreadParams, response: { 200: MessagingThread, ...errors } },
    },
    async (req) => messaging.thread(principalOf(req), req.params.id),
  );

  app.get(
    "/threads/:id/participants",
    {
      preHandler: use,
      schema: {
        tags,
        summary: "参与人员 / Who may read the thread (and be @mentioned)",
        params: ThreadParams,
        response: { 200: MessagingColleagueList, ...errors },
      },
    },
    async (req) => messaging.participants(principalOf(req), req.params.id),
  );

  app.get(
    "/threads/:id/messages",
    {
      preHandler: use,
      schema: {
        tags,
        summary: "消息 / Messages (the newest, or those after a sequence number) and read receipts",
        params: ThreadParams,
        querystring: MessageListQuery,
        response: { 200: MessageList, ...errors },
      },
    },
    async (req) => messaging.messages(principalOf(req), req.params.id, req.query),
  );

  app.post(
    "/threads/:id/messages",
    {
      preHandler: use,
      schema: {
        tags,
        summary: "发送消息 / Post a message (no ID-card or mobile numbers: link the case)",
        params: ThreadParams,
        body: PostMessageRequest,
        response: { 201: Message, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await messaging.post(principalOf(req), req.params.id, req.body)),
  );

  app.post(
    "/threads/:id/attachments",
    {
      preHandler: use,
      schema: {
        tags,
        summary: "发送附件 / Post a file (multipart: optional field `body`, then the file part `file`)",
        params: ThreadParams,
        consumes: ["multipart/form-data"],
        response: { 201: Message, ...errors },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      if (!req.isMultipart()) throw MessagingErrors.MESSAGING_ATTACHMENT_MISSING();
      // Who may post here is settled before the body is read.
      await messaging.assertMayPost(p, req.params.id);
      const part = await req.file();
      if (part?.fieldname !== "file") throw MessagingErrors.MESSAGING_ATTACHMENT_MISSING();
      const field = part.fields.body;
      const body = field && "value" in field && typeof field.value === "string" ? field.value : "";
      let bytes: Buffer;
      try {
        bytes = await part.toBuffer();
      } catch (err) {
        if ((err as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") throw FileErrors.FILE_TOO_LARGE({ maxBytes });
        throw err;
      }
      const m = await messaging.post(p, req.params.id, { body }, { name: part.filename || "attachment", bytes });
      return reply.code(201).send(m);
    },
  );

  app.get(
    "/threads/:id/messages/:messageId/attachment",
    {
      preHandler: use,
      schema: {
        tags,
        summary: "下载附件 / Download a message's attachment",
        params: AttachmentParams,
        response: { 200: z.unknown().describe("the file"), ...errors },
      },
    },
    async (req, reply) => {
      const file = await messaging.attachment(principalOf(req), req.params.id, req.params.messageId);
      return reply
        .header("content-type", file.contentType)
        .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, no-store")
        .send(file.bytes);
    },
  );

  app.post(
    "/threads/:id/read",
    {
      preHandler: use,
      schema: {
        tags,
        summary: "已读回执 / Mark read up to a sequence number",
        params: ThreadParams,
        body: MarkReadRequest,
        response: { 200: ReadReceipt, ...errors },
      },
    },
    async (req) => messaging.markRead(principalOf(req), req.params.id, req.body.seq),
  );

  app.get(
    "/threads/:id/events",
    {
      preHandler: use,
      schema: {
        tags,
        summary: "实时消息 / Server-sent events: `message` (id = seq), `read`, `purged`; reconnect with Last-Event-ID",
        params: ThreadParams,
        querystring: StreamQuery,
        response: { 200: z.string().describe("text/event-stream"), ...errors },
      },
    },
    async (req, reply) => {
      const row = await messaging.openThread(principalOf(req), req.params.id);
      const header = Number(req.headers["last-event-id"]);
      const from = Number.isInteger(header) && header >= 0 ? header : (req.query.after ?? row.last_seq);
      await openStream(req, reply, hub, row.id, from);
    },
  );
};
