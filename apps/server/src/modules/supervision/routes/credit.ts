/** 信用: records and rules (departments), 信用修复 (enterprises apply, departments review), public 信用查询. */
import {
  CreateCreditRecordRequest,
  CreditProfile,
  CreditRecord,
  CreditRepair,
  CreditRepairList,
  CreditRepairRequest,
  CreditSearchResult,
  DecideRepairRequest,
  DeferralRule,
  DeferralRuleRequest,
  errorResponses,
  PunishmentRule,
  PunishmentRuleRequest,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import type { SupervisionServices } from "../index.js";

const errors = errorResponses(400, 401, 403, 404, 409, 422);
const tags = ["credit 信用"];

export const creditRoutes: FastifyPluginAsyncZod<{ services: SupervisionServices }> = async (app, { services }) => {
  const manage = app.authorize("credit.manage");
  app.post(
    "/records",
    {
      preHandler: manage,
      schema: {
        tags,
        summary: "记录信用信息 / Record credit information",
        body: CreateCreditRecordRequest,
        response: { 201: CreditRecord, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await services.credit.createRecord(principalOf(req), req.body)),
  );
  app.put(
    "/punishment-rules/:itemCode",
    {
      preHandler: manage,
      schema: {
        tags,
        summary: "联合惩戒措施 / Joint-punishment rule of an item",
        params: z.object({ itemCode: z.string().min(1).max(60) }),
        body: PunishmentRuleRequest,
        response: { 200: PunishmentRule, ...errors },
      },
    },
    async (req) => services.credit.setRule(principalOf(req), req.params.itemCode, req.body),
  );
  app.put(
    "/deferral-rules/:itemCode",
    {
      preHandler: manage,
      schema: {
        tags,
        summary: "容缺受理规则 / Acceptance with deferred materials for good credit",
        params: z.object({ itemCode: z.string().min(1).max(60) }),
        body: DeferralRuleRequest,
        response: { 200: DeferralRule, ...errors },
      },
    },
    async (req) => services.credit.setDeferralRule(principalOf(req), req.params.itemCode, req.body),
  );
  app.get(
    "/repairs",
    {
      preHandler: manage,
      schema: { tags, summary: "信用修复申请 / Repair applications", response: { 200: CreditRepairList, ...errors } },
    },
    async (req) => ({ items: await services.credit.repairs(principalOf(req)) }),
  );
  app.post(
    "/repairs/:id/decide",
    {
      preHandler: manage,
      schema: {
        tags,
        summary: "审核信用修复 / Decide a repair",
        params: z.object({ id: z.uuid() }),
        body: DecideRepairRequest,
        response: { 200: CreditRepair, ...errors },
      },
    },
    async (req) => services.credit.decideRepair(principalOf(req), req.params.id, req.body.approve, req.body.note),
  );
  app.post(
    "/repairs",
    {
      preHandler: app.authenticate({ kinds: ["citizen"] }),
      schema: {
        tags,
        summary: "申请信用修复（企业）/ Apply for credit repair (enterprise)",
        body: CreditRepairRequest,
        response: { 201: CreditRepair, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await services.credit.applyRepair(principalOf(req), req.body)),
  );
  app.get(
    "/enterprises/:uscc",
    {
      schema: {
        tags,
        summary: "信用查询 / Public credit profile of an enterprise",
        params: z.object({ uscc: z.string().min(1).max(40) }),
        response: { 200: CreditProfile, ...errorResponses(400, 404) },
      },
    },
    async (req) => services.credit.profile(req.params.uscc.toUpperCase()),
  );
  app.get(
    "/search",
    {
      schema: {
        tags,
        summary: "信用查询：按名称或代码 / Search enterprises",
        querystring: z.object({ q: z.string().min(2).max(100) }),
        response: { 200: CreditSearchResult, ...errorResponses(400) },
      },
    },
    async (req) => services.credit.search(req.query.q),
  );
};
