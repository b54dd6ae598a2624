import {
  CitizenLookupQuery,
  CitizenSummary,
  errorResponses,
  PersonalData,
  PersonalDataRequest,
  PiiAccessList,
  RealnameL3Request,
  uuid,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import type { CitizenService } from "./citizens.service.js";

const errors = errorResponses(400, 401, 403, 404, 409, 429);
const tags = ["identity 统一身份认证"];
const Params = z.object({ id: uuid });
const PiiAccessQuery = z.object({
  subject: z.string().trim().max(100).optional().describe("e.g. account:<uuid>"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** Citizens as staff see them, and the log of unmasked personal-data reads (for the auditor). */
export const citizenRoutes: FastifyPluginAsyncZod<{ citizens: CitizenService }> = async (app, { citizens }) => {
  app.get(
    "/citizens",
    {
      preHandler: app.authorize("identity.citizen.read"),
      schema: {
        tags,
        summary: "按手机号或身份证号查找个人用户（脱敏）/ Find a citizen account (masked)",
        querystring: CitizenLookupQuery,
        response: { 200: CitizenSummary, ...errors },
      },
    },
    async (req) => citizens.lookup(principalOf(req), req.query),
  );

  app.post(
    "/citizens/:id/personal-data",
    {
      preHandler: app.authorize("identity.pii.read"),
      schema: {
        tags,
        summary: "查看完整个人信息（留痕）/ Read personal data in clear (recorded)",
        params: Params,
        body: PersonalDataRequest,
        response: { 200: PersonalData, ...errors },
      },
    },
    async (req) => citizens.personalData(principalOf(req), req.params.id, req.body.reason, req.id),
  );

  app.post(
    "/citizens/:id/realname-l3",
    {
      preHandler: app.authorize("identity.realname.verify"),
      schema: {
        tags,
        summary: "实名认证三级（现场或强因子核验）/ Record a level-3 real-name check",
        params: Params,
        body: RealnameL3Request,
        response: { 200: CitizenSummary, ...errors },
      },
    },
    async (req) => citizens.verifyLevel3(principalOf(req), req.params.id, req.body),
  );

  app.get(
    "/pii-access-log",
    {
      preHandler: app.authorize("identity.pii_log.read"),
      schema: {
        tags,
        summary: "个人信息明文查看记录（审计员）/ Unmasked personal-data reads (auditor)",
        querystring: PiiAccessQuery,
        response: { 200: PiiAccessList, ...errors },
      },
    },
    async (req) => ({ items: await citizens.accessLog(req.query) }),
  );
};
