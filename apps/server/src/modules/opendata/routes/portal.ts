/**
 * The portal pages' typed reads (`/api/opendata/datasets`, `/api/opendata/datasets/{id}`): public, as the
 * CKAN API is, and limited per address (each search runs five queries: the page and four facets).
 */
import {
  errorResponses,
  OpendataDatasetDetail,
  OpendataDatasetQuery,
  OpendataSearchQuery,
  OpendataSearchResult,
  OpendataStats,
  OpendataStatsQuery,
} from "@yiwang/contracts";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { presentedKey } from "../access.js";
import type { OpendataServices } from "../index.js";

/** Reads per minute per address: a person paging and filtering stays far below it; a scraper should use CKAN. */
const PER_MINUTE = 120;
const tags = ["opendata 公共数据开放（门户）"];

const DatasetId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);

/** RFC 6266: an ASCII fallback name and the UTF-8 one (dataset and resource names may be Chinese). */
function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const portalRoutes: FastifyPluginAsyncZod<{ services: OpendataServices }> = async (app, { services }) => {
  const { portal, download, statistics } = services;
  const limited = async (req: FastifyRequest) =>
    app.platform.rateLimiter.hit(`opendata.portal:${req.ip}`, PER_MINUTE, 60, { fast: true });

  app.get(
    "/datasets",
    {
      preHandler: limited,
      schema: {
        tags,
        summary: "检索开放数据集 / Search open datasets (facets: department, theme, format, open level)",
        querystring: OpendataSearchQuery,
        response: { 200: OpendataSearchResult, ...errorResponses(400, 429) },
      },
    },
    async (req) => portal.search(req.query),
  );

  app.get(
    "/datasets/:id",
    {
      preHandler: limited,
      schema: {
        tags,
        summary: "开放数据集详情与数据预览 / A dataset, its resources and a page of rows",
        params: z.object({ id: DatasetId }),
        querystring: OpendataDatasetQuery,
        response: { 200: OpendataDatasetDetail, ...errorResponses(400, 404, 429) },
      },
    },
    async (req) => portal.show(req.params.id, req.query),
  );

  app.get(
    "/datasets/:id/resources/:resourceId/download",
    {
      preHandler: limited,
      schema: {
        tags,
        summary:
          "下载数据资源（CSV，UTF-8）/ Download a resource's rows as CSV (conditional datasets: an approved key in X-CKAN-API-Key or Authorization)",
        params: z.object({ id: DatasetId, resourceId: z.uuid() }),
        response: { ...errorResponses(400, 403, 404, 429) },
      },
    },
    async (req, reply) => {
      const file = await download.open(req.params.id, req.params.resourceId, presentedKey(req));
      return (
        reply
          .header("content-type", "text/csv; charset=utf-8")
          .header("content-disposition", attachment(file.fileName))
          .header("cache-control", "no-store")
          // A stream skips the response serializer; the typed reply only knows the error schemas declared above.
          .send(file.stream as never)
      );
    },
  );

  app.get(
    "/stats",
    {
      preHandler: limited,
      schema: {
        tags,
        summary: "开放统计与开放度指标 / Usage statistics and openness indicators",
        querystring: OpendataStatsQuery,
        response: { 200: OpendataStats, ...errorResponses(400, 429) },
      },
    },
    async (req) => statistics.stats(req.query.days),
  );
};
