/**
 * Visit photos (现场检查照片): the inspector's phone uploads them (multipart, one file part `file`) while the
 * visit is open; inspectors and the lead department list and download them. Multipart is registered in this
 * plugin only, with the photo size as the part limit.
 */
import fastifyMultipart from "@fastify/multipart";
import { errorResponses, SupervisionVisitPhoto, SupervisionVisitPhotoList } from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import { FileErrors } from "../../../platform/files/index.js";
import { PHOTO_MAX_BYTES } from "../context.js";
import { SupervisionErrors } from "../errors.js";
import type { SupervisionServices } from "../index.js";

const errors = errorResponses(400, 401, 403, 404, 409, 413, 415, 422);
const tags = ["supervision 互联网+监管（检查人员）"];
const IdParams = z.object({ id: z.uuid() });
const PhotoParams = z.object({ id: z.uuid(), photoId: z.uuid() });

export const photoRoutes: FastifyPluginAsyncZod<{ services: SupervisionServices }> = async (app, { services }) => {
  const { photos } = services;
  await app.register(fastifyMultipart, { limits: { fileSize: PHOTO_MAX_BYTES, files: 1, fields: 0 } });
  const staff = app.authenticate({ kinds: ["staff"] });

  app.post(
    "/visits/:id/photos",
    {
      preHandler: app.authorize("supervision.inspect"),
      schema: {
        tags,
        summary: "上传现场照片 / Upload a visit photo (multipart, file part `file`; JPEG, PNG or WebP)",
        params: IdParams,
        consumes: ["multipart/form-data"],
        response: { 201: SupervisionVisitPhoto, ...errors },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      // Who may add a photo here is settled before the body is read.
      await photos.assertMayUpload(p, req.params.id);
      if (!req.isMultipart()) throw SupervisionErrors.SUPERVISION_PHOTO_MISSING();
      const part = await req.file();
      if (part?.fieldname !== "file") throw SupervisionErrors.SUPERVISION_PHOTO_MISSING();
      let bytes: Buffer;
      try {
        bytes = await part.toBuffer();
      } catch (err) {
        if ((err as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE")
          throw FileErrors.FILE_TOO_LARGE({ maxBytes: PHOTO_MAX_BYTES });
        throw err;
      }
      const photo = await photos.upload(p, req.params.id, { name: part.filename, bytes });
      return reply.code(201).send(photo);
    },
  );

  app.get(
    "/visits/:id/photos",
    {
      preHandler: staff,
      schema: {
        tags,
        summary: "现场照片 / A visit's photos (its inspectors and lead department)",
        params: IdParams,
        response: { 200: SupervisionVisitPhotoList, ...errors },
      },
    },
    async (req) => ({ items: await photos.list(principalOf(req), req.params.id) }),
  );

  app.get(
    "/visits/:id/photos/:photoId",
    {
      preHandler: staff,
      schema: {
        tags,
        summary: "下载现场照片 / Download a visit photo",
        params: PhotoParams,
        response: { 200: z.unknown().describe("the photo"), ...errors },
      },
    },
    async (req, reply) => {
      const file = await photos.download(principalOf(req), req.params.id, req.params.photoId);
      return reply
        .header("content-type", file.contentType)
        .header("content-disposition", `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, no-store")
        .send(file.bytes);
    },
  );
};
