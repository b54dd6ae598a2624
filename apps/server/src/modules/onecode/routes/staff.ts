/** The window's side (亮码办事): scanning a code, reading the scan; key rotation and removal. */
import { errorResponses, OnecodeClerkScan, OnecodeKeyRemove, OnecodeScanRequest } from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import type { OnecodeServices } from "../index.js";

const errors = errorResponses(400, 401, 403, 404, 409, 410);
const tags = ["onecode 一码通（窗口）"];

export const onecodeStaffRoutes: FastifyPluginAsyncZod<{ services: OnecodeServices }> = async (app, { services }) => {
  app.post(
    "/scans",
    {
      preHandler: app.authorize("onecode.scan"),
      bodyLimit: 16 * 1024,
      schema: {
        tags,
        summary: "窗口扫码 / Scan a personal code at the window",
        body: OnecodeScanRequest,
        response: { 201: OnecodeClerkScan, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await services.scans.scan(principalOf(request), request.body.code)),
  );

  app.get(
    "/scans/:id",
    {
      preHandler: app.authorize("onecode.scan"),
      schema: {
        tags,
        summary: "扫码结果（经同意的证照）/ A scan and the licenses consented for it",
        params: z.object({ id: z.uuid() }),
        response: { 200: OnecodeClerkScan, ...errors },
      },
    },
    async (request) => services.scans.clerkScan(principalOf(request), request.params.id),
  );

  app.post(
    "/keys/rotate",
    {
      preHandler: app.authorize("onecode.keys.manage"),
      schema: {
        tags,
        summary: "立即轮换签名密钥 / Rotate the code-signing key now",
        response: { 200: z.object({ kid: z.string() }), ...errors },
      },
    },
    async (request) => {
      await services.keys.ensure();
      const actor = `staff:${principalOf(request).id}`;
      const kid = await app.platform.db.transaction().execute((trx) => services.keys.rotate(trx, actor));
      return { kid };
    },
  );

  app.post(
    "/keys/:kid/remove",
    {
      preHandler: app.authorize("onecode.keys.manage"),
      schema: {
        tags,
        summary: "从公钥列表移除签名密钥（泄露处置）/ Remove a code-signing key from the list (compromise)",
        params: z.object({ kid: z.string().regex(/^C[0-9a-f]{16}$/) }),
        body: OnecodeKeyRemove,
        response: { 200: z.object({ kid: z.string(), removed: z.literal(true) }), ...errors },
      },
    },
    async (request) => {
      await services.keys.remove(request.params.kid, `staff:${principalOf(request).id}`, request.body.reason);
      return { kid: request.params.kid, removed: true as const };
    },
  );
};
