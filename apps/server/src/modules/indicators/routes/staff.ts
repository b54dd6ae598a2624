/** The staff API of 一网统管: registry, values, drill-down, live counters, alert rules, embeds, recompute. */
import {
  AcknowledgeAlertRequest,
  AlertHistory,
  AlertRule,
  AlertRuleList,
  AlertRuleVersions,
  CreateAlertRuleRequest,
  CreateEmbedRequest,
  DistrictMap,
  DistrictMapQuery,
  DrillPage,
  DrillQuery,
  errorResponses,
  IndicatorEmbed,
  IndicatorExportQuery,
  IndicatorList,
  IndicatorValues,
  IndicatorValuesQuery,
  IndicatorVersions,
  LiveCountersQuery,
  RecomputeReport,
  SaveIndicatorsRequest,
  SilenceAlertRequest,
  UpdateAlertRuleRequest,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import { permissionScope } from "../../../platform/auth/permissions.js";
import { exportWorkbook, XLSX } from "../export.js";
import type { IndicatorServices } from "../index.js";
import { viewerOf } from "../values.service.js";

const errors = errorResponses(400, 401, 403, 404);
const tags = ["indicators 一网统管"];
const IdParams = z.object({ id: z.uuid() });
const CodeParams = z.object({ code: z.string().max(50) });

export const staffRoutes: FastifyPluginAsyncZod<{ services: IndicatorServices }> = async (app, { services }) => {
  const read = app.authorize("indicators.read");
  const viewer = (req: Parameters<typeof principalOf>[0]) =>
    viewerOf(permissionScope(principalOf(req), "indicators.read"));

  app.get(
    "/registry",
    {
      preHandler: read,
      schema: {
        tags,
        summary: "指标目录与度量 / Indicator registry and measures",
        response: { 200: IndicatorList, ...errors },
      },
    },
    async () => services.registry.list(),
  );

  app.put(
    "/registry",
    {
      preHandler: app.authorize("indicators.manage"),
      schema: {
        tags,
        summary:
          "新增或修改指标（整批校验，改动生成新版本） / Define or edit indicators (checked as a batch, versioned)",
        body: SaveIndicatorsRequest,
        response: { 200: z.object({ indicators: IndicatorList.shape.indicators }), ...errors },
      },
    },
    async (req) => services.registry.save(principalOf(req), req.body),
  );

  app.get(
    "/registry/:code/versions",
    {
      preHandler: read,
      schema: {
        tags,
        summary: "指标的历史版本 / Versions of an indicator",
        params: CodeParams,
        response: { 200: IndicatorVersions, ...errors },
      },
    },
    async (req) => services.registry.versions(req.params.code),
  );

  app.get(
    "/values",
    {
      preHandler: read,
      schema: {
        tags,
        summary: "指标值（按维度；部门角色仅本部门） / Indicator values by a dimension (a department role: its own)",
        querystring: IndicatorValuesQuery,
        response: { 200: IndicatorValues, ...errors },
      },
    },
    async (req) => services.values.values(viewer(req), req.query),
  );

  app.get(
    "/districts",
    {
      preHandler: read,
      schema: {
        tags,
        summary:
          "大屏区划地图：各区轮廓与 12345 受理量（部门角色仅本部门） / District map: outlines and 12345 requests per district",
        querystring: DistrictMapQuery,
        response: { 200: DistrictMap, ...errors },
      },
    },
    async (req) => services.values.districtMap(viewer(req), req.query),
  );

  app.get(
    "/export",
    {
      preHandler: read,
      schema: {
        tags,
        summary:
          "导出指标值（.xlsx，按部门与日/月；部门角色仅本部门） / An indicator's values per department and period as .xlsx",
        querystring: IndicatorExportQuery,
        response: { 200: z.unknown().describe("xlsx"), ...errors },
      },
    },
    async (req, reply) => {
      const { bytes, fileName } = await exportWorkbook(services.values, viewer(req), req.query);
      return reply.type(XLSX).header("content-disposition", `attachment; filename="${fileName}.xlsx"`).send(bytes);
    },
  );

  app.get(
    "/drill",
    {
      preHandler: read,
      schema: {
        tags,
        summary: "下钻到办件清单（部门角色仅本部门） / The cases behind a figure (a department role: its own)",
        querystring: DrillQuery,
        response: { 200: DrillPage, ...errors },
      },
    },
    async (req) => services.values.drill(viewer(req), req.query),
  );

  app.get(
    "/live",
    {
      preHandler: read,
      schema: {
        tags,
        summary: "大屏实时计数（SSE：`counters`） / Live counters of a day (server-sent events)",
        querystring: LiveCountersQuery,
        response: { 200: z.string().describe("text/event-stream"), ...errors },
      },
    },
    async (req, reply) => services.live.open(req, reply, viewer(req), req.query.day),
  );

  app.get(
    "/alerts",
    {
      preHandler: read,
      schema: { tags, summary: "告警规则 / Alert rules", response: { 200: AlertRuleList, ...errors } },
    },
    async (req) => services.alerts.list(viewer(req)),
  );

  app.post(
    "/alerts",
    {
      preHandler: app.authorize("indicators.alerts.manage"),
      schema: {
        tags,
        summary: "新建告警规则（评估间隔与持续时长） / Create an alert rule (interval and pending period)",
        body: CreateAlertRuleRequest,
        response: { 201: AlertRule, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await services.alerts.create(principalOf(req), req.body)),
  );

  app.patch(
    "/alerts/:id",
    {
      preHandler: app.authorize("indicators.alerts.manage"),
      schema: {
        tags,
        summary: "修改告警规则（每次修改生成新版本） / Edit an alert rule (each edit a new version)",
        params: IdParams,
        body: UpdateAlertRuleRequest,
        response: { 200: AlertRule, ...errors },
      },
    },
    async (req) => services.alerts.update(principalOf(req), req.params.id, req.body),
  );

  app.get(
    "/alerts/:id/versions",
    {
      preHandler: read,
      schema: {
        tags,
        summary: "告警规则的历史版本 / Versions of an alert rule",
        params: IdParams,
        response: { 200: AlertRuleVersions, ...errors },
      },
    },
    async (req) => services.alerts.versions(req.params.id),
  );

  app.post(
    "/alerts/:id/acknowledge",
    {
      preHandler: app.authorize("indicators.alerts.manage"),
      schema: {
        tags,
        summary: "认领触发中的告警（附说明） / Acknowledge a firing alert with a note",
        params: IdParams,
        body: AcknowledgeAlertRequest,
        response: { 200: AlertRule, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => services.alerts.acknowledge(principalOf(req), req.params.id, req.body),
  );

  app.post(
    "/alerts/:id/silence",
    {
      preHandler: app.authorize("indicators.alerts.manage"),
      schema: {
        tags,
        summary: "静默告警至某时 / Silence a rule's notices until an instant",
        params: IdParams,
        body: SilenceAlertRequest,
        response: { 200: AlertRule, ...errors },
      },
    },
    async (req) => services.alerts.silence(principalOf(req), req.params.id, req.body.until),
  );

  app.get(
    "/alerts/:id/history",
    {
      preHandler: read,
      schema: {
        tags,
        summary: "告警状态变化历史 / A rule's state changes",
        params: IdParams,
        response: { 200: AlertHistory, ...errors },
      },
    },
    async (req) => services.alerts.history(req.params.id),
  );

  app.post(
    "/embeds",
    {
      preHandler: app.authorize("indicators.embed"),
      schema: {
        tags,
        summary: "签发公开嵌入链接（仅汇总，限时） / Sign a public embed (aggregates only, expiring)",
        body: CreateEmbedRequest,
        response: { 201: IndicatorEmbed, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await services.embeds.create(principalOf(req), req.body)),
  );

  app.post(
    "/recompute",
    {
      preHandler: app.authorize("indicators.manage"),
      schema: {
        tags,
        summary: "从原始办件重算并报告偏差 / Recompute from the raw cases and report drift",
        response: { 200: RecomputeReport, ...errors },
      },
    },
    async () => services.recompute(),
  );

  app.post(
    "/backfill",
    {
      preHandler: app.authorize("indicators.manage"),
      schema: {
        tags,
        summary:
          "补录：按现有办件重建计数（后台分页执行） / Count every filed case afresh (a background job, page by page)",
        response: { 202: z.object({ scheduled: z.literal(true) }), ...errors },
      },
    },
    async (_req, reply) => reply.code(202).send(await services.rollups.startBackfill()),
  );
};
