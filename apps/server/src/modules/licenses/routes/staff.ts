/** Issuers' side: a department's issued licenses, status changes, CSV import, license type management. */
import {
  errorResponses,
  LicenseDetail,
  LicenseImportResult,
  LicenseList,
  LicenseListQuery,
  LicenseStatusChange,
  LicenseTypeCode,
  LicenseTypeDetail,
  LicenseTypeUpdate,
  uuid,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import type { LicenseServices } from "../index.js";

const errors = errorResponses(400, 401, 403, 404, 409, 413, 415, 422);
const tags = ["licenses 电子证照（发证机关）"];
const CSV = "text/csv";
const CSV_LIMIT = 2 * 1024 * 1024;

export const licenseStaffRoutes: FastifyPluginAsyncZod<{ services: LicenseServices }> = async (app, { services }) => {
  app.addContentTypeParser(CSV, { parseAs: "string", bodyLimit: CSV_LIMIT }, (_req, body, done) => done(null, body));

  app.get(
    "/issued",
    {
      preHandler: app.authorize("license.read"),
      schema: {
        tags,
        summary: "本部门颁发的证照 / Licenses issued by the department",
        querystring: LicenseListQuery.extend({ departmentId: uuid.optional() }),
        response: { 200: LicenseList, ...errors },
      },
    },
    async (request) => services.licenses.issued(principalOf(request), request.query),
  );

  app.post(
    "/:id/status",
    {
      preHandler: app.authorize("license.manage"),
      schema: {
        tags,
        summary: "中止、恢复或注销证照 / Suspend, restore or revoke a license",
        params: z.object({ id: uuid }),
        body: LicenseStatusChange,
        response: { 200: LicenseDetail, ...errors },
      },
    },
    async (request) => services.licenses.changeStatus(principalOf(request), request.params.id, request.body),
  );

  app.post(
    "/import",
    {
      preHandler: app.authorize("license.issue"),
      bodyLimit: CSV_LIMIT,
      schema: {
        tags,
        summary: "导入存量证照（CSV）/ Import existing licenses from CSV",
        consumes: [CSV],
        querystring: z.object({ type: LicenseTypeCode }),
        response: { 201: LicenseImportResult, ...errors },
      },
    },
    async (request, reply) => {
      const csv = typeof request.body === "string" ? request.body : "";
      const result = await services.importer.importCsv(principalOf(request), request.query.type, csv);
      return reply.code(201).send(result);
    },
  );

  app.put(
    "/types/:code",
    {
      preHandler: app.authorize("license.type.manage"),
      schema: {
        tags,
        summary: "编辑证照类型 / Edit a license type",
        params: z.object({ code: LicenseTypeCode }),
        body: LicenseTypeUpdate,
        response: { 200: LicenseTypeDetail, ...errors },
      },
    },
    async (request) => services.licenses.updateType(principalOf(request), request.params.code, request.body),
  );
};
