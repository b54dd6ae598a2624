/** The holder's wallet (我的证照) and a license's detail, PDF and QR code (holder or issuing staff). */
import { errorResponses, LicenseDetail, LicenseList, LicenseListQuery } from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import type { LicenseServices } from "../index.js";
import { qrPng, qrSvg } from "../qr.js";

const errors = errorResponses(400, 401, 403, 404);
const tags = ["licenses 电子证照（我的证照）"];
const IdParams = z.object({ id: z.uuid() });

export const licenseHolderRoutes: FastifyPluginAsyncZod<{ services: LicenseServices }> = async (app, { services }) => {
  const citizen = app.authenticate({ kinds: ["citizen"] });
  const anyone = app.authenticate({ kinds: ["citizen", "staff"] });

  app.get(
    "/mine",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "我的证照 / My licenses (or the enterprise's I act for)",
        querystring: LicenseListQuery,
        response: { 200: LicenseList, ...errors },
      },
    },
    async (request) => services.licenses.wallet(principalOf(request), request.query),
  );

  app.get(
    "/:id",
    {
      preHandler: anyone,
      schema: { tags, summary: "证照详情 / A license", params: IdParams, response: { 200: LicenseDetail, ...errors } },
    },
    async (request) => services.licenses.detail(principalOf(request), request.params.id, request.id),
  );

  app.get(
    "/:id/pdf",
    {
      preHandler: anyone,
      schema: {
        tags,
        summary: "下载版式文件 / Download the sealed PDF",
        params: IdParams,
        response: { 200: z.unknown().describe("application/pdf"), ...errors },
      },
    },
    async (request, reply) => {
      const { identifier, bytes } = await services.licenses.pdf(principalOf(request), request.params.id, request.id);
      return reply
        .type("application/pdf")
        .header("content-disposition", `attachment; filename="${identifier}.pdf"`)
        .header("x-content-type-options", "nosniff")
        .send(bytes);
    },
  );

  app.get(
    "/:id/qr",
    {
      preHandler: anyone,
      schema: {
        tags,
        summary: "证照二维码 / The license's QR code (PNG or SVG)",
        params: IdParams,
        querystring: z.object({ format: z.enum(["png", "svg"]).default("png") }),
        response: { 200: z.unknown().describe("image/png or image/svg+xml"), ...errors },
      },
    },
    async (request, reply) => {
      // The code carries only the verification token, no personal data: no access record.
      const url = await services.licenses.verifyUrlOf(principalOf(request), request.params.id);
      reply.header("cache-control", "private, max-age=300");
      return request.query.format === "svg"
        ? reply.type("image/svg+xml").send(await qrSvg(url))
        : reply.type("image/png").send(await qrPng(url));
    },
  );
};
