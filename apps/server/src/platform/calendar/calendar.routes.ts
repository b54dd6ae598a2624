import {
  AddWorkingDaysQuery,
  AddWorkingDaysResult,
  CalendarDay,
  CalendarDayList,
  CalendarDayUpsert,
  CalendarYearQuery,
  CountWorkingDaysQuery,
  CountWorkingDaysResult,
  DayInfo,
  DayInfoQuery,
  errorResponses,
  isoDate,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../auth/guard.js";
import type { CalendarService } from "./calendar.service.js";

const errors = errorResponses(400, 401, 403, 404);

export const calendarRoutes: FastifyPluginAsyncZod<{ service: CalendarService }> = async (app, { service }) => {
  const tags = ["calendar 工作日历"];

  app.get(
    "/days",
    {
      schema: {
        tags,
        summary: "节假日与调休上班日 / Holidays and make-up working days of a year",
        querystring: CalendarYearQuery,
        response: { 200: CalendarDayList, ...errors },
      },
    },
    async (req) => ({ year: req.query.year, days: await service.listYear(req.query.year) }),
  );

  app.get(
    "/day",
    {
      schema: {
        tags,
        summary: "某日是否为工作日 / Whether a date is a working day",
        querystring: DayInfoQuery,
        response: { 200: DayInfo, ...errors },
      },
    },
    async (req) => (await service.calendar()).dayInfo(req.query.date),
  );

  app.get(
    "/add-working-days",
    {
      schema: {
        tags,
        summary: "按工作日计算期限 / Deadline N working days after an instant",
        querystring: AddWorkingDaysQuery,
        response: { 200: AddWorkingDaysResult, ...errors },
      },
    },
    async (req) => {
      const r = await service.addWorkingDays(new Date(req.query.from), req.query.days);
      return {
        from: new Date(req.query.from).toISOString(),
        days: req.query.days,
        deadline: r.deadline.toISOString(),
        deadlineDate: r.deadlineDate,
        timeZone: service.timeZone,
      };
    },
  );

  app.get(
    "/count-working-days",
    {
      schema: {
        tags,
        summary: "两时刻之间的工作日数 / Working days between two instants",
        querystring: CountWorkingDaysQuery,
        response: { 200: CountWorkingDaysResult, ...errors },
      },
    },
    async (req) => {
      const from = new Date(req.query.from);
      const to = new Date(req.query.to);
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        workingDays: await service.countWorkingDays(from, to),
        timeZone: service.timeZone,
      };
    },
  );

  const DateParams = z.object({ date: isoDate });

  app.put(
    "/days/:date",
    {
      preHandler: app.authorize("calendar.manage"),
      schema: {
        tags,
        summary: "设置节假日或调休上班日 / Set a holiday or make-up working day",
        params: DateParams,
        body: CalendarDayUpsert,
        response: { 200: CalendarDay, ...errors },
      },
    },
    async (req) =>
      service.setDay({ date: req.params.date, kind: req.body.kind, name: req.body.name ?? null }, actorOf(req)),
  );

  app.delete(
    "/days/:date",
    {
      preHandler: app.authorize("calendar.manage"),
      schema: {
        tags,
        summary: "恢复为普通日 / Remove a holiday or make-up working day",
        params: DateParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await service.removeDay(req.params.date, actorOf(req));
      return reply.status(204).send(null);
    },
  );
};
