/**
 * Field forces' API: the field page (网格员、城管队员 上报 and positions), the department head's roster, the
 * command map with tracks, and the track verifier for auditors and supervisors.
 */
import {
  CommandMap,
  errorResponses,
  FieldMe,
  FieldNearestList,
  FieldPositionBatch,
  FieldPositionsStored,
  FieldReport,
  FieldRosterEntry,
  FieldRosterParams,
  FieldStaffView,
  FieldTrack,
  FieldTrackQuery,
  HotlineListQuery,
  HotlineRequestList,
  HotlineRequestView,
  MobiliseFieldStaff,
  TrackVerification,
  TrackVerifyQuery,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import type { HotlineServices } from "../index.js";

const errors = errorResponses(400, 401, 403, 404, 409, 413, 415);
const tags = ["hotline 12345 外勤力量（网格员、城管队员、指挥）"];
/** Three 2 MB photos in base64, plus the text (as the portal). */
const REPORT_BODY_LIMIT = 9 * 1024 * 1024;
const IdParams = z.object({ id: z.uuid() });

export const fieldRoutes: FastifyPluginAsyncZod<{ services: HotlineServices }> = async (app, { services }) => {
  const { field, positions, queries } = services;

  app.get(
    "/field/me",
    {
      preHandler: app.authorize("hotline.field.report"),
      schema: { tags, summary: "我的外勤身份 / My field-force roster entry", response: { 200: FieldMe, ...errors } },
    },
    async (req) => field.me(principalOf(req)),
  );

  app.post(
    "/field/reports",
    {
      bodyLimit: REPORT_BODY_LIMIT,
      preHandler: app.authorize("hotline.field.report"),
      schema: {
        tags,
        summary: "现场上报（按分类和位置所在区派单） / File a field report (routed by category × district)",
        body: FieldReport,
        response: { 201: HotlineRequestView, ...errors },
      },
    },
    async (req, reply) => {
      const row = await field.report(principalOf(req), req.body);
      reply.code(201);
      return queries.viewForCaller(row);
    },
  );

  app.get(
    "/field/reports",
    {
      preHandler: app.authorize("hotline.field.report"),
      schema: {
        tags,
        summary: "我的上报 / My field reports",
        querystring: HotlineListQuery,
        response: { 200: HotlineRequestList, ...errors },
      },
    },
    async (req) => {
      const rows = await field.myReports(principalOf(req), req.query.limit);
      return { items: await Promise.all(rows.map((r) => queries.viewForCaller(r))) };
    },
  );

  app.post(
    "/field/positions",
    {
      preHandler: app.authorize("hotline.field.report"),
      schema: {
        tags,
        summary: "上传巡查轨迹点（每批存证于审计日志） / Upload positions (each batch hashed into the audit log)",
        body: FieldPositionBatch,
        response: { 201: FieldPositionsStored, ...errors },
      },
    },
    async (req, reply) => {
      const stored = await positions.store(principalOf(req), req.body);
      reply.code(201);
      return stored;
    },
  );

  app.put(
    "/field/roster/:accountId",
    {
      preHandler: app.authorize("hotline.field.manage"),
      schema: {
        tags,
        summary: "编入外勤名册 / Put a staff member of the department on its field-force roster",
        params: FieldRosterParams,
        body: FieldRosterEntry,
        response: { 200: FieldStaffView, ...errors },
      },
    },
    async (req) => field.enrol(principalOf(req), req.params.accountId, req.body),
  );

  app.delete(
    "/field/roster/:accountId",
    {
      preHandler: app.authorize("hotline.field.manage"),
      schema: {
        tags,
        summary: "移出外勤名册 / Take a staff member off the roster",
        params: FieldRosterParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await field.remove(principalOf(req), req.params.accountId);
      reply.code(204);
      return null;
    },
  );

  app.get(
    "/field/map",
    {
      preHandler: app.authorize("hotline.command"),
      schema: {
        tags,
        summary: "指挥地图：各区、外勤人员位置、现场事件 / Command map: districts, field staff, open field events",
        response: { 200: CommandMap, ...errors },
      },
    },
    async (req) => field.map(principalOf(req)),
  );

  app.get(
    "/field/staff/:accountId/track",
    {
      preHandler: app.authorize("hotline.command"),
      schema: {
        tags,
        summary: "巡查轨迹 / A field staff member's track (default: the last 12 hours)",
        params: FieldRosterParams,
        querystring: FieldTrackQuery,
        response: { 200: FieldTrack, ...errors },
      },
    },
    async (req) => positions.track(principalOf(req), req.params.accountId, req.query.since),
  );

  app.get(
    "/field/tracks/verify",
    {
      preHandler: app.authorize("hotline.field.verify"),
      schema: {
        tags,
        summary:
          "轨迹存证核验：每批位置与审计日志中的哈希比对 / Verify stored positions against their audit-log hashes",
        querystring: TrackVerifyQuery,
        response: { 200: TrackVerification, ...errors },
      },
    },
    async (req) => positions.verify(req.query.since),
  );

  app.get(
    "/field/events/:id/nearest",
    {
      preHandler: app.authorize("hotline.command"),
      schema: {
        tags,
        summary: "调集：离事件最近的外勤人员 / The field staff nearest an open request",
        params: IdParams,
        response: { 200: FieldNearestList, ...errors },
      },
    },
    async (req) => field.nearest(principalOf(req), req.params.id),
  );

  app.post(
    "/field/events/:id/mobilise",
    {
      preHandler: app.authorize("hotline.command"),
      schema: {
        tags,
        summary: "调集外勤人员前往现场 / Send a field staff member to an open request",
        params: IdParams,
        body: MobiliseFieldStaff,
        response: { 200: HotlineRequestView, ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const row = await field.mobilise(p, req.params.id, req.body.accountId);
      // The view reads the timeline afresh: it shows the 调集 entry.
      return queries.view(p, row);
    },
  );
};
