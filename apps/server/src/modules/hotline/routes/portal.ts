/**
 * The citizens' API: the category tree, filing a request from the portal (signed in or not — a signed-in
 * caller is linked and sees it under 我的诉求; rate-limited per address), my requests with the timeline.
 */
import {
  CreateHotlineRequest,
  errorResponses,
  HotlineCategoryTree,
  HotlineListQuery,
  HotlineRequestList,
  HotlineRequestView,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import { categoryTree } from "../categories.js";
import { actorOf } from "../context.js";
import type { HotlineServices } from "../index.js";

const errors = errorResponses(400, 401, 403, 404, 409, 413, 415, 429);
const tags = ["hotline 12345 接诉即办（市民）"];
const IdParams = z.object({ id: z.uuid() });
const PhotoParams = z.object({ id: z.uuid(), fileId: z.uuid() });
/** Three 2 MB photos in base64, plus the text. */
const BODY_LIMIT = 9 * 1024 * 1024;
/** Per client address: a person reports a handful of things an hour; a script is stopped at 20. */
const FILE_LIMIT = { hits: 20, windowSeconds: 3600 };

export const portalRoutes: FastifyPluginAsyncZod<{ services: HotlineServices }> = async (app, { services }) => {
  app.get(
    "/categories",
    {
      schema: {
        tags,
        summary: "诉求分类、区、城市范围 / Category tree, districts and the city's bounds",
        response: { 200: HotlineCategoryTree },
      },
    },
    async () => categoryTree(),
  );

  app.post(
    "/requests",
    {
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary: "网上提交诉求 / File a request (signed in: linked to the caller)",
        body: CreateHotlineRequest,
        response: { 201: HotlineRequestView, ...errors },
      },
    },
    async (req, reply) => {
      await services.rateLimiter.hit(`hotline.file:${req.ip}`, FILE_LIMIT.hits, FILE_LIMIT.windowSeconds, {
        fast: true,
      });
      const p = await app.auth.principalOf(req);
      const citizen = p?.kind === "citizen" ? p : null;
      const b = req.body;
      const { row } = await services.intake.file(
        {
          ...b,
          channel: "web",
          caller: {
            accountId: citizen?.id ?? null,
            name: b.contact?.name ?? citizen?.displayName ?? null,
            phone: b.contact?.phone ?? null,
          },
        },
        actorOf(citizen),
      );
      reply.code(201);
      // The filer sees what a caller sees: their own request.
      return services.queries.viewForCaller(row);
    },
  );

  app.get(
    "/my/requests",
    {
      preHandler: app.authenticate({ kinds: ["citizen"] }),
      schema: {
        tags,
        summary: "我的诉求 / My requests",
        querystring: HotlineListQuery,
        response: { 200: HotlineRequestList, ...errors },
      },
    },
    async (req) => services.queries.mine(principalOf(req), req.query.status, req.query.limit),
  );

  app.get(
    "/requests/:id",
    {
      preHandler: app.authenticate(),
      schema: {
        tags,
        summary: "诉求详情与进度 / A request and its timeline (caller, operators, the department)",
        params: IdParams,
        response: { 200: HotlineRequestView, ...errors },
      },
    },
    async (req) => services.queries.get(principalOf(req), req.params.id),
  );

  app.get(
    "/requests/:id/photos/:fileId",
    {
      preHandler: app.authenticate(),
      schema: {
        tags,
        summary: "诉求照片（能查看该诉求的人） / A request's photo (whoever may read the request)",
        params: PhotoParams,
        response: { 200: z.unknown().describe("the image"), ...errors },
      },
    },
    async (req, reply) => {
      const photo = await services.queries.photo(principalOf(req), req.params.id, req.params.fileId);
      return reply
        .header("content-type", photo.contentType)
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, no-store")
        .send(photo.bytes);
    },
  );
};
