/** The holder's side (亮码): the current code, the scans of it, and the answer to a scan (consent). */
import {
  errorResponses,
  OnecodeCodeQuery,
  OnecodeConsent,
  OnecodeHolderScan,
  OnecodeHolderScanList,
  OnecodeIssued,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import type { OnecodeServices } from "../index.js";

const errors = errorResponses(400, 401, 403, 404, 409, 410);
const tags = ["onecode 一码通（亮码）"];
const IdParams = z.object({ id: z.uuid() });

export const onecodeHolderRoutes: FastifyPluginAsyncZod<{ services: OnecodeServices }> = async (app, { services }) => {
  const citizen = app.authenticate({ kinds: ["citizen"] });

  app.get(
    "/code",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "我的一码通（新码）/ A fresh personal code",
        querystring: OnecodeCodeQuery,
        response: { 200: OnecodeIssued, ...errors },
      },
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      return services.codes.issue(principalOf(request), request.query.attach);
    },
  );

  app.get(
    "/scans/mine",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "谁扫了我的码 / Who scanned my code",
        response: { 200: OnecodeHolderScanList, ...errors },
      },
    },
    async (request) => ({ items: await services.scans.history(principalOf(request)) }),
  );

  app.post(
    "/scans/:id/consent",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "同意出示所选证照 / Consent to show the chosen licenses",
        params: IdParams,
        body: OnecodeConsent,
        response: { 200: OnecodeHolderScan, ...errors },
      },
    },
    async (request) =>
      services.scans.decide(principalOf(request), request.params.id, {
        licenseIds: request.body.licenseIds,
        showCases: request.body.showCases ?? false,
      }),
  );

  app.post(
    "/scans/:id/decline",
    {
      preHandler: citizen,
      schema: {
        tags,
        summary: "拒绝本次扫码 / Decline this scan",
        params: IdParams,
        response: { 200: OnecodeHolderScan, ...errors },
      },
    },
    async (request) => services.scans.decide(principalOf(request), request.params.id, null),
  );
};
