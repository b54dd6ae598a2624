/** The operators' desk (受理、派单、合并、回访) and the departments' inbox (退单、办理、答复). */
import {
  AnswerHotlineRequest,
  CallbackHotlineRequest,
  CreateOpen311Key,
  DecideHotlineExtension,
  DispatchHotlineRequest,
  errorResponses,
  HotlineActionRequest,
  HotlineDuplicateList,
  HotlineListQuery,
  HotlineRequestList,
  HotlineRequestView,
  IntakeHotlineRequest,
  MergeHotlineRequest,
  Open311KeyCreated,
  RequestHotlineExtension,
  ReturnHotlineRequest,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import { actorOf } from "../context.js";
import type { HotlineServices } from "../index.js";
import type { RequestRow } from "../repository.js";

const errors = errorResponses(400, 401, 403, 404, 409, 413, 415);
const tags = ["hotline 12345 接诉即办（话务、部门）"];
const IdParams = z.object({ id: z.uuid() });

export const staffRoutes: FastifyPluginAsyncZod<{ services: HotlineServices }> = async (app, { services }) => {
  const { intake, handling, queries } = services;

  app.post(
    "/desk/requests",
    {
      bodyLimit: 9 * 1024 * 1024,
      preHandler: app.authorize("hotline.intake"),
      schema: {
        tags,
        summary: "话务员受理来电 / Phone intake by an operator (routing may be overridden)",
        body: IntakeHotlineRequest,
        response: { 201: HotlineRequestView, ...errors },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const { caller, ...b } = req.body;
      const { row } = await intake.file(
        {
          ...b,
          channel: "phone",
          caller: { accountId: null, name: caller?.name ?? null, phone: caller?.phone ?? null },
        },
        actorOf(p),
      );
      reply.code(201);
      return queries.view(p, row);
    },
  );

  app.get(
    "/desk/requests",
    {
      preHandler: app.authorize("hotline.read"),
      schema: {
        tags,
        summary: "工单列表（话务、督查：全部；部门：本部门） / Requests (desk: all; departments: their own)",
        querystring: HotlineListQuery,
        response: { 200: HotlineRequestList, ...errors },
      },
    },
    async (req) => queries.staffList(principalOf(req), req.query.status, req.query.limit),
  );

  app.get(
    "/requests/:id/duplicates",
    {
      preHandler: app.authorize("hotline.read"),
      schema: {
        tags,
        summary: "200 米内同类未办结诉求 / Open requests of the same category within 200 m",
        params: IdParams,
        response: { 200: HotlineDuplicateList, ...errors },
      },
    },
    async (req) => queries.duplicates(principalOf(req), req.params.id),
  );

  const staffAction = <B extends z.ZodType>(
    path: string,
    permission: "hotline.dispatch" | "hotline.callback" | "hotline.handle",
    summary: string,
    body: B,
    run: (p: ReturnType<typeof principalOf>, id: string, body: z.infer<B>) => Promise<RequestRow>,
  ) =>
    app.post(
      `/requests/:id/${path}`,
      {
        preHandler: app.authorize(permission),
        schema: { tags, summary, params: IdParams, body, response: { 200: HotlineRequestView, ...errors } },
      },
      async (req) => {
        const p = principalOf(req);
        const row = await run(p, (req.params as { id: string }).id, req.body as z.infer<B>);
        // The result of the actor's own action (after a 退单 the department no longer reads the request).
        return queries.view(p, row);
      },
    );

  staffAction(
    "dispatch",
    "hotline.dispatch",
    "派单 / 改派 (dispatch or reassign)",
    DispatchHotlineRequest,
    (p, id, b) => handling.dispatch(p, id, b),
  );
  staffAction("merge", "hotline.dispatch", "合并重复诉求 / Merge into a duplicate", MergeHotlineRequest, (p, id, b) =>
    handling.merge(p, id, b.intoId),
  );
  staffAction("callback", "hotline.callback", "回访 / Callback (resolved → 办结)", CallbackHotlineRequest, (p, id, b) =>
    handling.callback(p, id, b),
  );
  staffAction("return", "hotline.handle", "退单 / Return to dispatch (wrong owner)", ReturnHotlineRequest, (p, id, b) =>
    handling.giveBack(p, id, b.reason),
  );
  staffAction("actions", "hotline.handle", "办理记录 / Record a handling step", HotlineActionRequest, (p, id, b) =>
    handling.record(p, id, b.comment),
  );
  staffAction("answer", "hotline.handle", "答复 / Answer the caller", AnswerHotlineRequest, (p, id, b) =>
    handling.answer(p, id, b.answer),
  );

  staffAction(
    "extension",
    "hotline.handle",
    "申请延期（一次） / Ask once for more time",
    RequestHotlineExtension,
    (p, id, b) => services.extensions.ask(p, id, b),
  );
  staffAction(
    "extension/decide",
    "hotline.dispatch",
    "审批延期 / Approve or refuse an extension",
    DecideHotlineExtension,
    (p, id, b) => services.extensions.decide(p, id, b),
  );

  app.post(
    "/open311/keys",
    {
      preHandler: app.authorize("hotline.manage"),
      schema: {
        tags,
        summary: "签发 Open311 API 密钥（只显示一次） / Issue an Open311 API key (shown once)",
        body: CreateOpen311Key,
        response: { 201: Open311KeyCreated, ...errors },
      },
    },
    async (req, reply) => {
      reply.code(201);
      return services.keys.create(req.body.name, actorOf(principalOf(req)).ref);
    },
  );
};
