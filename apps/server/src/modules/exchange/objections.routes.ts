import {
  ExchangeObjection,
  ExchangeObjectionAnswer,
  ExchangeObjectionCreate,
  ExchangeObjectionList,
  ExchangeObjectionListQuery,
  errorResponses,
  uuid,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../platform/auth/guard.js";
import type { ObjectionService } from "./objections.service.js";

const errors = errorResponses(400, 401, 403, 404, 409);
const tags = ["exchange 数据共享交换"];

/** Data quality objections (数据异议): consumers raise, providers answer (see objections.service.ts). */
export const objectionRoutes: FastifyPluginAsyncZod<{ objections: ObjectionService }> = async (app, { objections }) => {
  app.post(
    "/objections",
    {
      preHandler: app.authorize("exchange.apply"),
      schema: {
        tags,
        summary: "提出数据异议 / Raise a data quality objection",
        body: ExchangeObjectionCreate,
        response: { 201: ExchangeObjection, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await objections.raise(principalOf(req), req.body)),
  );

  app.get(
    "/objections",
    {
      preHandler: app.authorize("exchange.apply"),
      schema: {
        tags,
        summary: "本部门的数据异议（提出或待答复）/ The department's objections",
        querystring: ExchangeObjectionListQuery,
        response: { 200: ExchangeObjectionList, ...errors },
      },
    },
    async (req) => objections.list(principalOf(req), req.query),
  );

  app.post(
    "/objections/:id/answer",
    {
      preHandler: app.authorize("exchange.approve"),
      schema: {
        tags,
        summary: "答复数据异议 / Answer an objection",
        params: z.object({ id: uuid }),
        body: ExchangeObjectionAnswer,
        response: { 200: ExchangeObjection, ...errors },
      },
    },
    async (req) => objections.answer(principalOf(req), req.params.id, req.body),
  );
};
