import {
  Bundle,
  BundleList,
  BundleListQuery,
  errorResponses,
  Facets,
  FacetsQuery,
  ItemCode,
  ItemHistory,
  LicenseTypeList,
  SearchQuery,
  SearchResult,
  ServiceItem,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { serializeOnce } from "../../../platform/http/serialized.js";
import type { CatalogServices } from "../index.js";

const errors = errorResponses(400, 404, 410);
const tags = ["catalog 政务服务事项"];
const CodeParams = z.object({ code: ItemCode });

/** The public catalog: search, guides (current published version), versions, bundles. No login. */
export const catalogPublicRoutes: FastifyPluginAsyncZod<{ services: CatalogServices }> = async (app, { services }) => {
  const { items, bundles, search, files, licenseTypes } = services;
  // Cached searches return the same result object: its JSON is reused (see serializeOnce).
  const searchBody = serializeOnce(SearchResult);
  const guideBody = serializeOnce(ServiceItem);

  app.get(
    "/search",
    {
      schema: {
        tags,
        summary: "搜索事项 / Search the catalog",
        description:
          "Chinese-aware search (jieba segmentation, synonyms and topic words, pinyin initials). Without q: browse " +
          "published items by the filters. Exact name matches rank first. No hits → empty items and suggestions.",
        querystring: SearchQuery,
        response: { 200: SearchResult, ...errors },
      },
    },
    async (req, reply) => searchBody(reply, await search.search(req.query)),
  );

  app.get(
    "/facets",
    {
      schema: {
        tags,
        summary: "主题、部门和服务对象统计 / Topics, departments and audiences with counts",
        querystring: FacetsQuery,
        response: { 200: Facets, ...errors },
      },
    },
    async (req) => search.facets(req.query.audience),
  );

  app.get(
    "/items/:code",
    {
      schema: {
        tags,
        summary: "办事指南（当前发布版本）/ Guide: the current published version",
        params: CodeParams,
        response: { 200: ServiceItem, ...errors },
      },
    },
    async (req, reply) => guideBody(reply, await items.guide(req.params.code)),
  );

  app.get(
    "/items/:code/versions",
    {
      schema: {
        tags,
        summary: "事项版本历史 / Published versions of an item",
        params: CodeParams,
        response: { 200: ItemHistory, ...errors },
      },
    },
    async (req) => items.history(req.params.code),
  );

  app.get(
    "/items/:code/versions/:version",
    {
      schema: {
        tags,
        summary: "事项的某个版本 / One published (or superseded) version",
        params: CodeParams.extend({ version: z.coerce.number().int().min(1).max(1_000_000) }),
        response: { 200: ServiceItem, ...errors },
      },
    },
    async (req) => items.getVersion(req.params.code, req.params.version),
  );

  app.get(
    "/bundles",
    {
      schema: {
        tags,
        summary: "一件事列表 / Published bundles",
        querystring: BundleListQuery,
        response: { 200: BundleList, ...errors },
      },
    },
    async (req) => bundles.list({ topic: req.query.topic }),
  );

  app.get(
    "/bundles/:code",
    {
      schema: {
        tags,
        summary: "一件事详情 / A published bundle",
        params: CodeParams,
        response: { 200: Bundle, ...errors },
      },
    },
    async (req) => bundles.getPublished(req.params.code),
  );

  app.get(
    "/license-types",
    { schema: { tags, summary: "证照类型 / License types", response: { 200: LicenseTypeList } } },
    async () => ({ items: await licenseTypes() }),
  );

  app.get(
    "/files/:id",
    {
      schema: {
        tags,
        summary: "下载空白表格或示例样表 / Download a blank form or sample",
        params: z.object({ id: z.uuid() }),
        response: { 200: z.unknown().describe("the file"), ...errors },
      },
    },
    async (req, reply) => {
      const f = await files.get(req.params.id);
      return reply
        .type(f.contentType)
        .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`)
        .header("etag", `"${f.sha256}"`)
        .header("cache-control", "public, max-age=86400, immutable")
        .send(f.bytes);
    },
  );
};
