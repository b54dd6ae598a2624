import {
  AdminItemList,
  AdminItemListQuery,
  ApplicationForm,
  Audience,
  Bundle,
  BundleInput,
  BundleList,
  errorResponses,
  ImportQuery,
  ImportReport,
  ItemCode,
  ItemHistory,
  ServiceItem,
  ServiceItemInput,
  StoredFile,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../../../platform/auth/guard.js";
import { PlatformErrors } from "../../../platform/errors.js";
import { defaultApplicationForm } from "../../../platform/forms/json-schema.js";
import { FILE_TYPES } from "../files.service.js";
import type { CatalogServices } from "../index.js";

export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** Workbooks of 10,000+ items stay well under this. */
export const IMPORT_LIMIT = 20 * 1024 * 1024;
export const FILE_LIMIT = 5 * 1024 * 1024;

const errors = errorResponses(400, 401, 403, 404, 409, 413, 415, 422);
const tags = ["catalog admin 事项管理"];
const CodeParams = z.object({ code: ItemCode });
const security = [{ bearer: [] }];
const unsupported = () => PlatformErrors.UNSUPPORTED_MEDIA_TYPE();

/** Catalog administration; every route needs catalog.manage (drafts are not public either). */
export const catalogAdminRoutes: FastifyPluginAsyncZod<{ services: CatalogServices }> = async (app, { services }) => {
  const { items, bundles, workbook, files } = services;
  const guard = app.authorize("catalog.manage");

  // Binary bodies, for this plugin only: the workbook for import, blank forms and samples for upload.
  app.addContentTypeParser(XLSX, { parseAs: "buffer", bodyLimit: IMPORT_LIMIT }, (_req, body, done) =>
    done(null, body),
  );
  app.addContentTypeParser(
    FILE_TYPES.filter((t) => t !== XLSX),
    { parseAs: "buffer", bodyLimit: FILE_LIMIT },
    (_req, body, done) => done(null, body),
  );

  app.get(
    "/items",
    {
      preHandler: guard,
      schema: {
        tags,
        security,
        summary: "事项列表（含草稿）/ All items, latest versions",
        querystring: AdminItemListQuery,
        response: { 200: AdminItemList, ...errors },
      },
    },
    async (req) => items.adminList(req.query),
  );

  app.get(
    "/items/:code",
    {
      preHandler: guard,
      schema: {
        tags,
        security,
        summary: "事项最新版本（可能是草稿）/ Latest version, for editing",
        params: CodeParams,
        response: { 200: ServiceItem, ...errors },
      },
    },
    async (req) => items.getLatest(req.params.code),
  );

  app.get(
    "/items/:code/versions",
    {
      preHandler: guard,
      schema: {
        tags,
        security,
        summary: "全部版本（含草稿）/ All versions including drafts",
        params: CodeParams,
        response: { 200: ItemHistory, ...errors },
      },
    },
    async (req) => items.history(req.params.code, true),
  );

  app.get(
    "/items/:code/versions/:version",
    {
      preHandler: guard,
      schema: {
        tags,
        security,
        summary: "某个版本（含草稿）/ One version including drafts",
        params: CodeParams.extend({ version: z.coerce.number().int().min(1).max(1_000_000) }),
        response: { 200: ServiceItem, ...errors },
      },
    },
    async (req) => items.getVersion(req.params.code, req.params.version, true),
  );

  app.post(
    "/items",
    {
      preHandler: guard,
      schema: {
        tags,
        security,
        summary: "新建事项（草稿，版本 1）/ Create an item (draft version 1)",
        body: ServiceItemInput,
        response: { 201: ServiceItem, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await items.create(req.body, actorOf(req))),
  );

  app.put(
    "/items/:code",
    {
      preHandler: guard,
      schema: {
        tags,
        security,
        summary: "修改事项 / Edit an item",
        description:
          "Edits the draft, or — when the latest version is published — creates the next version as a draft.",
        params: CodeParams,
        body: ServiceItemInput,
        response: { 200: ServiceItem, ...errors },
      },
    },
    async (req) => items.update(req.params.code, req.body, actorOf(req)),
  );

  app.post(
    "/items/:code/publish",
    {
      preHandler: guard,
      schema: {
        tags,
        security,
        summary: "发布草稿版本 / Publish the draft version",
        params: CodeParams,
        response: { 200: ServiceItem, ...errors },
      },
    },
    async (req) => items.publish(req.params.code, actorOf(req)),
  );

  app.post(
    "/items/:code/retire",
    {
      preHandler: guard,
      schema: {
        tags,
        security,
        summary: "停用事项 / Retire an item",
        params: CodeParams,
        response: { 200: ServiceItem, ...errors },
      },
    },
    async (req) => items.retire(req.params.code, actorOf(req)),
  );

  app.get(
    "/default-form",
    {
      preHandler: guard,
      schema: {
        tags,
        security,
        summary: "平台默认申请表 / The platform's default application form",
        description: "What an item without a form of its own (form: null) is applied for with, by its audience.",
        querystring: z.object({ audience: Audience }),
        response: { 200: ApplicationForm, ...errors },
      },
    },
    async (req) => defaultApplicationForm(req.query.audience),
  );

  app.get(
    "/bundles",
    {
      preHandler: guard,
      schema: {
        tags,
        security,
        summary: "全部一件事（含草稿）/ All bundles",
        response: { 200: BundleList, ...errors },
      },
    },
    async () => bundles.list({ all: true }),
  );

  app.post(
    "/bundles",
    {
      preHandler: guard,
      schema: {
        tags,
        security,
        summary: "新建一件事（草稿）/ Create a bundle (draft)",
        body: BundleInput,
        response: { 201: Bundle, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await bundles.create(req.body, actorOf(req))),
  );

  app.put(
    "/bundles/:code",
    {
      preHandler: guard,
      schema: {
        tags,
        security,
        summary: "修改一件事 / Edit a bundle",
        params: CodeParams,
        body: BundleInput,
        response: { 200: Bundle, ...errors },
      },
    },
    async (req) => bundles.update(req.params.code, req.body, actorOf(req)),
  );

  app.post(
    "/bundles/:code/publish",
    {
      preHandler: guard,
      schema: {
        tags,
        security,
        summary: "发布一件事 / Publish a bundle",
        params: CodeParams,
        response: { 200: Bundle, ...errors },
      },
    },
    async (req) => bundles.publish(req.params.code, actorOf(req)),
  );

  app.post(
    "/bundles/:code/retire",
    {
      preHandler: guard,
      schema: {
        tags,
        security,
        summary: "停用一件事 / Retire a bundle",
        params: CodeParams,
        response: { 200: Bundle, ...errors },
      },
    },
    async (req) => bundles.retire(req.params.code, actorOf(req)),
  );

  app.get(
    "/export",
    {
      preHandler: guard,
      schema: {
        tags,
        security,
        summary: "导出目录工作簿（.xlsx）/ Export the catalog workbook",
        response: { 200: z.unknown().describe("xlsx"), ...errors },
      },
    },
    async (_req, reply) => {
      const bytes = await workbook.export();
      return reply
        .type(XLSX)
        .header(
          "content-disposition",
          `attachment; filename="catalog.xlsx"; filename*=UTF-8''${encodeURIComponent("政务服务事项目录.xlsx")}`,
        )
        .send(bytes);
    },
  );

  app.post(
    "/import",
    {
      // checked before the body is read, so anonymous uploads are not buffered
      onRequest: guard,
      schema: {
        tags,
        security,
        summary: "导入目录工作簿 / Import the catalog workbook",
        description:
          `Body: the workbook, Content-Type ${XLSX} (at most 20 MiB). mode=all (default) imports nothing unless every ` +
          "cell is valid (422 CATALOG_IMPORT_INVALID with details.errors, one per bad cell); mode=valid imports the " +
          "valid items and bundles and reports the rest. dryRun=true checks without writing.",
        querystring: ImportQuery,
        response: { 200: ImportReport, ...errors },
      },
    },
    async (req) => {
      if (!Buffer.isBuffer(req.body)) throw unsupported();
      return workbook.import(req.body, req.query, actorOf(req));
    },
  );

  app.post(
    "/files",
    {
      // checked before the body is read, so anonymous uploads are not buffered
      onRequest: guard,
      schema: {
        tags,
        security,
        summary: "上传空白表格或示例样表 / Upload a blank form or sample",
        description: `Body: the file with its own Content-Type (${FILE_TYPES.join(", ")}), at most 5 MiB.`,
        querystring: z.object({ name: z.string().trim().min(1).max(200) }),
        response: { 201: StoredFile, ...errors },
      },
    },
    async (req, reply) => {
      if (!Buffer.isBuffer(req.body)) throw unsupported();
      // an .xlsx body went through the import parser (20 MiB); forms get the smaller limit
      if (req.body.length > FILE_LIMIT) throw PlatformErrors.BODY_TOO_LARGE({ limit: FILE_LIMIT });
      const type = String(req.headers["content-type"]).split(";")[0]!.trim();
      return reply.status(201).send(await files.store(req.query.name, type, req.body, actorOf(req)));
    },
  );
};
