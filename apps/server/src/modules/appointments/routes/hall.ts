/** The hall: check-in by QR, walk-in numbers, calling numbers (clerks); the public hall list and screen. */
import { CallRequest, CheckInRequest, errorResponses, HallList, HallScreen, Queue, Ticket } from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import type { AppointmentServices } from "../index.js";

const errors = errorResponses(400, 401, 403, 404, 409);
const tags = ["appointments 大厅取号叫号"];
const IdParams = z.object({ id: z.uuid() });

export const appointmentHallRoutes: FastifyPluginAsyncZod<{ services: AppointmentServices }> = async (
  app,
  { services },
) => {
  const serve = app.authorize("appointments.serve");

  app.get(
    "/halls",
    { schema: { tags, summary: "办事大厅与窗口类型 / Service halls and window types", response: { 200: HallList } } },
    async () => services.admin.list(),
  );

  app.get(
    "/halls/:id/screen",
    {
      schema: {
        tags,
        summary: "大厅叫号屏（公开：号码与窗口）/ The hall screen (public: numbers and windows)",
        params: IdParams,
        response: { 200: HallScreen, ...errorResponses(400, 404) },
      },
    },
    async (request) => services.hall.screen(request.params.id),
  );

  app.get(
    "/halls/:id/screen/live",
    {
      schema: {
        tags,
        summary: "大厅叫号屏实时推送（SSE：`screen`）/ The hall screen, live (server-sent events)",
        params: IdParams,
        response: { 200: z.string().describe("text/event-stream"), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => services.screens.open(request, reply, request.params.id),
  );

  app.post(
    "/check-in",
    {
      preHandler: serve,
      schema: {
        tags,
        summary: "扫预约码签到取号 / Check in by the booking's QR code and issue a number",
        body: CheckInRequest,
        response: { 201: Ticket, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await services.hall.checkIn(principalOf(request), request.body.token)),
  );

  app.post(
    "/window-types/:id/tickets",
    {
      preHandler: serve,
      schema: {
        tags,
        summary: "现场取号 / A number for a walk-in",
        params: IdParams,
        response: { 201: Ticket, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await services.hall.walkIn(principalOf(request), request.params.id)),
  );

  app.post(
    "/window-types/:id/call",
    {
      preHandler: serve,
      schema: {
        tags,
        summary: "叫下一个号到本窗口 / Call the next number to my window",
        params: IdParams,
        body: CallRequest,
        response: { 200: Ticket, ...errors },
      },
    },
    async (request) => services.hall.callNext(principalOf(request), request.params.id, request.body.window),
  );

  app.get(
    "/window-types/:id/queue",
    {
      preHandler: serve,
      schema: {
        tags,
        summary: "今日排队 / Today's queue of a window type",
        params: IdParams,
        response: { 200: Queue, ...errors },
      },
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      return services.hall.queue(principalOf(request), request.params.id);
    },
  );
};
