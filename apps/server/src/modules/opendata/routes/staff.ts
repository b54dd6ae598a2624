/** The publishing department's API: datasets, CSV resources, and the conditional-access applications. */
import {
  CreateDatasetRequest,
  DecideApplicationRequest,
  errorResponses,
  OpendataApplication,
  OpendataApplicationList,
  OpendataDataset,
  OpendataResource,
  PublishResourceRequest,
  RevokeApplicationRequest,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import type { OpendataServices } from "../index.js";

const errors = errorResponses(400, 401, 403, 404, 409);
const tags = ["opendata 公共数据开放（部门）"];
const IdParams = z.object({ id: z.uuid() });
/** A CSV upload travels in the JSON body; 20 MiB of text is about 200,000 rows of a typical table. */
const UPLOAD_LIMIT = 20 * 1024 * 1024;

export const staffRoutes: FastifyPluginAsyncZod<{ services: OpendataServices }> = async (app, { services }) => {
  app.post(
    "/datasets",
    {
      preHandler: app.authorize("opendata.publish"),
      schema: {
        tags,
        summary: "新建开放数据集 / Create a dataset (own department)",
        body: CreateDatasetRequest,
        response: { 201: OpendataDataset, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await services.publish.createDataset(principalOf(req), req.body)),
  );

  app.post(
    "/datasets/:id/resources",
    {
      preHandler: app.authorize("opendata.publish"),
      bodyLimit: UPLOAD_LIMIT,
      schema: {
        tags,
        summary: "上传 CSV 发布数据资源 / Publish a CSV resource (quality and personal-data checks)",
        params: IdParams,
        body: PublishResourceRequest,
        response: { 201: OpendataResource, ...errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await services.publish.publishCsv(principalOf(req), req.params.id, req.body)),
  );

  app.get(
    "/applications",
    {
      preHandler: app.authorize("opendata.approve"),
      schema: {
        tags,
        summary: "本部门数据集的开放申请 / Applications for the department's datasets",
        response: { 200: OpendataApplicationList, ...errorResponses(401, 403) },
      },
    },
    async (req) => services.applications.forDepartment(principalOf(req)),
  );

  app.post(
    "/applications/:id/decide",
    {
      preHandler: app.authorize("opendata.approve"),
      schema: {
        tags,
        summary: "审核开放申请 / Approve (agreement, validity) or refuse",
        params: IdParams,
        body: DecideApplicationRequest,
        response: { 200: OpendataApplication, ...errors },
      },
    },
    async (req) => services.applications.decide(principalOf(req), req.params.id, req.body),
  );

  app.post(
    "/applications/:id/revoke",
    {
      preHandler: app.authorize("opendata.approve"),
      schema: {
        tags,
        summary: "撤销授权 / Revoke an approval (its key stops working on the next call)",
        params: IdParams,
        body: RevokeApplicationRequest,
        response: { 200: OpendataApplication, ...errors },
      },
    },
    async (req) => services.applications.revoke(principalOf(req), req.params.id, req.body.reason),
  );
};
