/** The department's API: the policy library, the rule editor and its test panel, matching, batch review. */
import {
  Benefit,
  BenefitDetail,
  BenefitList,
  CreateBenefitRequest,
  CreateDocumentRequest,
  DecideEntitlementsRequest,
  DecideEntitlementsResult,
  Entitlement,
  EntitlementList,
  Explanation,
  errorResponses,
  FACT_CATALOGUE,
  FactValues,
  MatchRunResult,
  ObjectionAnswerRequest,
  PolicyDocument,
  PolicyStats,
  RuleEdit,
  RuleTestRequest,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf, principalOf } from "../../../platform/auth/guard.js";
import type { PolicyServices } from "../index.js";

const errors = errorResponses(400, 401, 403, 404, 409);
const tags = ["policies 惠企政策（部门）"];
const IdParams = z.object({ id: z.uuid() });
const Explained = Explanation.extend({ facts: FactValues });
const FactCatalogue = z.object({
  items: z.array(
    z.object({
      name: z.string(),
      type: z.enum(["number", "string", "date"]),
      label: z.object({ zh: z.string(), en: z.string() }),
      unit: z.object({ zh: z.string(), en: z.string() }).optional(),
      source: z.string(),
    }),
  ),
});

export const staffRoutes: FastifyPluginAsyncZod<{ services: PolicyServices }> = async (app, { services }) => {
  app.get(
    "/facts",
    {
      preHandler: app.authorize("policies.manage"),
      schema: { tags, summary: "数据项目录 / The fact catalogue", response: { 200: FactCatalogue, ...errors } },
    },
    async () => ({ items: [...FACT_CATALOGUE] }),
  );

  app.post(
    "/documents",
    {
      preHandler: app.authorize("policies.manage"),
      schema: {
        tags,
        summary: "登记政策文件 / Register a policy document",
        body: CreateDocumentRequest,
        response: { 201: PolicyDocument, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await services.library.createDocument(principalOf(req), req.body)),
  );

  app.get(
    "/benefits",
    {
      preHandler: app.authorize("policies.manage"),
      schema: { tags, summary: "兑现事项 / The department's benefits", response: { 200: BenefitList, ...errors } },
    },
    async (req) => services.library.list(principalOf(req)),
  );

  app.post(
    "/benefits",
    {
      preHandler: app.authorize("policies.manage"),
      schema: {
        tags,
        summary: "新建兑现事项（规则第 1 版）/ Create a benefit (rule version 1)",
        body: CreateBenefitRequest,
        response: { 201: Benefit, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await services.library.createBenefit(principalOf(req), req.body)),
  );

  app.get(
    "/benefits/:id",
    {
      preHandler: app.authorize("policies.manage"),
      schema: {
        tags,
        summary: "兑现事项及规则版本 / A benefit with its rule versions",
        params: IdParams,
        response: { 200: BenefitDetail, ...errors },
      },
    },
    async (req) => services.library.detail(principalOf(req), req.params.id),
  );

  app.put(
    "/benefits/:id/rules",
    {
      preHandler: app.authorize("policies.manage"),
      schema: {
        tags,
        summary: "修改规则（新版本）/ Edit the rules (a new version)",
        params: IdParams,
        body: RuleEdit,
        response: { 200: BenefitDetail, ...errors },
      },
    },
    async (req) => services.library.editRules(principalOf(req), req.params.id, req.body),
  );

  app.post(
    "/benefits/:id/publish",
    {
      preHandler: app.authorize("policies.manage"),
      schema: {
        tags,
        summary: "发布兑现事项 / Publish a benefit",
        params: IdParams,
        response: { 200: Benefit, ...errors },
      },
    },
    async (req) => services.library.publish(principalOf(req), req.params.id),
  );

  app.post(
    "/rules/test",
    {
      preHandler: app.authorize("policies.manage"),
      schema: {
        tags,
        summary: "规则测试面板 / Test a rule against sample facts or a registered enterprise",
        body: RuleTestRequest,
        response: { 200: Explained, ...errors },
      },
    },
    async (req) => services.library.test(req.body),
  );

  app.get(
    "/benefits/:id/explain/:uscc",
    {
      preHandler: app.authorize("policies.manage"),
      schema: {
        tags,
        summary: "为何（不）符合 / Why (not): the rules against an enterprise's current facts",
        params: z.object({ id: z.uuid(), uscc: z.string().max(18) }),
        response: { 200: Explained, ...errors },
      },
    },
    async (req) => {
      await services.library.detail(principalOf(req), req.params.id);
      return services.matching.explain(req.params.id, req.params.uscc);
    },
  );

  app.post(
    "/match",
    {
      preHandler: app.authorize("policies.run"),
      schema: {
        tags,
        summary: "立即匹配 / Run the match now (as the nightly job does)",
        response: { 200: MatchRunResult, ...errors },
      },
    },
    async (req) => services.db.transaction().execute((trx) => services.matching.run(trx, actorOf(req))),
  );

  app.get(
    "/benefits/:id/entitlements",
    {
      preHandler: app.authorize("policies.review"),
      schema: {
        tags,
        summary: "免申即享名单 / The benefit's entitlements",
        params: IdParams,
        response: { 200: EntitlementList, ...errors },
      },
    },
    async (req) => services.review.entitlements(principalOf(req), req.params.id),
  );

  app.post(
    "/benefits/:id/entitlements/decide",
    {
      preHandler: app.authorize("policies.review"),
      schema: {
        tags,
        summary: "批量审核：确认兑现 / 排除（附理由）/ Batch review: confirm (pay) or exclude with a reason",
        params: IdParams,
        body: DecideEntitlementsRequest,
        response: { 200: DecideEntitlementsResult, ...errors },
      },
    },
    async (req) => services.review.decide(principalOf(req), req.params.id, req.body),
  );

  app.get(
    "/stats",
    {
      preHandler: app.authorize("policies.manage"),
      schema: {
        tags,
        summary:
          "兑现统计：匹配、推送、申请、兑现、金额、发布至兑现天数 / Statistics: matched, pushed, applied, paid, amounts, days to payment",
        response: { 200: PolicyStats, ...errors },
      },
    },
    async (req) => services.library.stats(principalOf(req)),
  );

  app.get(
    "/objections",
    {
      preHandler: app.authorize("policies.review"),
      schema: {
        tags,
        summary: "待答复的异议 / Objections awaiting an answer",
        response: { 200: EntitlementList, ...errors },
      },
    },
    async (req) => services.review.objections(principalOf(req)),
  );

  app.post(
    "/entitlements/:id/objection/answer",
    {
      preHandler: app.authorize("policies.review"),
      schema: {
        tags,
        summary: "答复异议（成立则重新审核）/ Answer an objection (upheld: back to review)",
        params: IdParams,
        body: ObjectionAnswerRequest,
        response: { 200: Entitlement, ...errors },
      },
    },
    async (req) => services.review.answer(principalOf(req), req.params.id, req.body),
  );
};
