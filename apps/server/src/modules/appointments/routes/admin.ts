/** Keeping halls and window types (slot templates): department heads for their department's halls. */
import { errorResponses, Hall, HallInput, WindowType, WindowTypeInput } from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import type { AppointmentServices } from "../index.js";

const errors = errorResponses(400, 401, 403, 404, 409);
const tags = ["appointments 大厅管理"];
const IdParams = z.object({ id: z.uuid() });

export const appointmentAdminRoutes: FastifyPluginAsyncZod<{ services: AppointmentServices }> = async (
  app,
  { services },
) => {
  const manage = app.authorize("appointments.manage");

  app.post(
    "/halls",
    {
      preHandler: manage,
      schema: { tags, summary: "新建办事大厅 / Create a hall", body: HallInput, response: { 201: Hall, ...errors } },
    },
    async (request, reply) => reply.code(201).send(await services.admin.createHall(principalOf(request), request.body)),
  );

  app.post(
    "/halls/:id/window-types",
    {
      preHandler: manage,
      schema: {
        tags,
        summary: "新建窗口类型（预约时段模板）/ Add a window type with its slot template",
        params: IdParams,
        body: WindowTypeInput,
        response: { 201: WindowType, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await services.admin.addWindowType(principalOf(request), request.params.id, request.body)),
  );

  app.put(
    "/window-types/:id",
    {
      preHandler: manage,
      schema: {
        tags,
        summary: "修改窗口类型与时段模板 / Update a window type and its slot template",
        params: IdParams,
        body: WindowTypeInput,
        response: { 200: WindowType, ...errors },
      },
    },
    async (request) => services.admin.updateWindowType(principalOf(request), request.params.id, request.body),
  );
};
