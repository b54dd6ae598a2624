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
} from "@yiwang/contracts";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { PortalService } from "../portal.service.js";

/** Reads per minute per address: a person paging and filtering stays far below it; a scraper should use CKAN. */
const PER_MINUTE = 120;
const tags = ["opendata 公共数据开放（门户）"];

export const portalRoutes: FastifyPluginAsyncZod<{ portal: PortalService }> = async (app, { portal }) => {
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
        params: z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/) }),
        querystring: OpendataDatasetQuery,
        response: { 200: OpendataDatasetDetail, ...errorResponses(400, 404, 429) },
      },
    },
    async (req) => portal.show(req.params.id, req.query),
  );
};
