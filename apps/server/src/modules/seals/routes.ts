import {
  errorResponses,
  Seal,
  SealCreate,
  SealList,
  SealListQuery,
  SealRevoke,
  SealSignQuery,
  uuid,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../platform/auth/guard.js";
import { PlatformErrors } from "../../platform/errors.js";
import { SealErrors } from "./errors.js";
import type { SealService } from "./service.js";

const errors = errorResponses(400, 401, 403, 404, 409);
const IdParams = z.object({ id: uuid });
const tags = ["seals 电子签章"];
const PDF = "application/pdf";
const PNG = "image/png";
/** A seal image: a scan or drawing of the physical seal. */
const PNG_LIMIT = 1024 * 1024;
/** Documents to seal: licenses and decisions, a few MB at most. */
const PDF_LIMIT = 20 * 1024 * 1024;

/**
 * Seals: the seal CA's certificate is public (anyone verifying a sealed document needs it); issuing,
 * listing and revoking need `seal.manage` (platform admin; a department admin for its own department),
 * signing needs `seal.use` within the seal's department (its approvers). The services check the department.
 */
export const sealRoutes: FastifyPluginAsyncZod<{ service: SealService }> = async (app, { service }) => {
  app.addContentTypeParser(PDF, { parseAs: "buffer", bodyLimit: PDF_LIMIT }, (_req, body, done) => done(null, body));
  app.addContentTypeParser(PNG, { parseAs: "buffer", bodyLimit: PNG_LIMIT }, (_req, body, done) => done(null, body));

  app.put(
    "/:id/image",
    {
      preHandler: app.authorize("seal.manage"),
      bodyLimit: PNG_LIMIT,
      schema: {
        tags,
        summary: "上传印章图片（PNG）/ Upload the seal's image",
        consumes: [PNG],
        params: IdParams,
        response: { 200: Seal, ...errors, ...errorResponses(415) },
      },
    },
    async (request) => {
      const body = request.body;
      if (!Buffer.isBuffer(body)) throw SealErrors.SEAL_IMAGE_INVALID();
      return service.setImage(principalOf(request), request.params.id, body);
    },
  );

  app.get(
    "/:id/image",
    {
      preHandler: app.authorize("seal.manage"),
      schema: {
        tags,
        summary: "印章图片 / The seal's uploaded image",
        params: IdParams,
        response: { 200: z.unknown().describe("image/png"), ...errors },
      },
    },
    async (request, reply) =>
      reply
        .type(PNG)
        .header("x-content-type-options", "nosniff")
        .send(await service.image(principalOf(request), request.params.id)),
  );

  app.get(
    "/ca.pem",
    {
      schema: {
        tags,
        summary: "电子印章根证书 / The seal CA certificate (PEM)",
        response: { 200: z.string(), ...errors },
      },
    },
    async (_req, reply) => reply.type("application/x-pem-file").send(await service.caCertificatePem()),
  );

  app.get(
    "/",
    {
      preHandler: app.authorize("seal.manage"),
      schema: {
        tags,
        summary: "印章列表 / List seals",
        querystring: SealListQuery,
        response: { 200: SealList, ...errors },
      },
    },
    async (req) => service.list(principalOf(req), req.query),
  );

  app.post(
    "/",
    {
      preHandler: app.authorize("seal.manage"),
      schema: {
        tags,
        summary: "制发印章 / Issue a seal for a department",
        body: SealCreate,
        response: { 201: Seal, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await service.create(principalOf(req), req.body)),
  );

  app.get(
    "/:id",
    {
      preHandler: app.authorize("seal.manage"),
      schema: { tags, summary: "印章详情 / Get a seal", params: IdParams, response: { 200: Seal, ...errors } },
    },
    async (req) => service.get(principalOf(req), req.params.id),
  );

  app.post(
    "/:id/revoke",
    {
      preHandler: app.authorize("seal.manage"),
      schema: {
        tags,
        summary: "注销印章 / Revoke a seal",
        params: IdParams,
        body: SealRevoke,
        response: { 200: Seal, ...errors },
      },
    },
    async (req) => service.revoke(principalOf(req), req.params.id, req.body.reason),
  );

  app.post(
    "/:id/sign",
    {
      preHandler: app.authorize("seal.use"),
      schema: {
        tags,
        summary: "加盖电子印章 / Seal a PDF (PAdES signature)",
        description: "Body: the PDF (application/pdf). Answer: the stamped and signed PDF.",
        params: IdParams,
        querystring: SealSignQuery,
        response: { 200: z.unknown().describe("pdf"), ...errors },
      },
    },
    async (req, reply) => {
      const body = req.body;
      if (!Buffer.isBuffer(body)) throw PlatformErrors.UNSUPPORTED_MEDIA_TYPE();
      const signed = await service.signPdf(principalOf(req), req.params.id, body, req.query.reason);
      return reply.type(PDF).header("content-disposition", 'attachment; filename="sealed.pdf"').send(signed);
    },
  );
};
