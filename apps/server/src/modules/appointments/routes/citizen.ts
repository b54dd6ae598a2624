/** The citizen's side (网上预约): free slots of an item, booking, cancelling, my bookings. */
import { Booking, BookingList, BookRequest, errorResponses, SlotList, SlotQuery } from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import type { AppointmentServices } from "../index.js";

const errors = errorResponses(400, 401, 403, 404, 409);
const tags = ["appointments 网上预约"];

export const appointmentCitizenRoutes: FastifyPluginAsyncZod<{ services: AppointmentServices }> = async (
  app,
  { services },
) => {
  const citizen = app.authenticate({ kinds: ["citizen"] });

  app.get(
    "/slots",
    {
      schema: {
        tags,
        summary: "事项的可预约时段（未来若干工作日）/ Free slots of an item over the next working days",
        querystring: SlotQuery,
        response: { 200: SlotList, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      // Open to visitors; a signed-in citizen also learns whether the no-show rule blocks them.
      const principal = await app.auth.principalOf(request).catch(() => null);
      return services.bookings.slots(principal, request.query.itemCode, request.query.days);
    },
  );

  app.post(
    "/bookings",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "预约办事时段 / Book a slot",
        body: BookRequest,
        response: { 201: Booking, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await services.bookings.book(principalOf(request), request.body)),
  );

  app.get(
    "/bookings/mine",
    {
      preHandler: citizen,
      schema: { tags, summary: "我的预约 / My bookings", response: { 200: BookingList, ...errors } },
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      return services.bookings.mine(principalOf(request));
    },
  );

  app.post(
    "/bookings/:id/cancel",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "取消预约（开始前 1 小时截止）/ Cancel a booking (until 1 hour before)",
        params: z.object({ id: z.uuid() }),
        response: { 200: Booking, ...errors },
      },
    },
    async (request) => services.bookings.cancel(principalOf(request), request.params.id),
  );
};
