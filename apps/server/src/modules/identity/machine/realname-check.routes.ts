import { errorResponses, RealnameCheckRequest, RealnameCheckResponse } from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { principalOf } from "../../../platform/auth/guard.js";
import type { RealnameCheckService } from "./realname-check.service.js";

const errors = errorResponses(400, 401, 403, 429);

/** Machine API for department systems (OAuth client credentials with the identity.realname.check scope). */
export const machineRoutes: FastifyPluginAsyncZod<{ realnameCheck: RealnameCheckService }> = async (
  app,
  { realnameCheck },
) => {
  app.post(
    "/realname-check",
    {
      preHandler: app.authorize("identity.realname.check"),
      schema: {
        tags: ["identity 统一身份认证"],
        summary: "实名核验（机器接口）/ Real-name check (machine API)",
        security: [{ bearer: [] }],
        body: RealnameCheckRequest,
        response: { 200: RealnameCheckResponse, ...errors },
      },
    },
    async (req) => realnameCheck.check(principalOf(req), req.body, req.id),
  );
};
