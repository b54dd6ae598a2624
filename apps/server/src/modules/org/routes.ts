import {
  Department,
  DepartmentCreate,
  DepartmentList,
  DepartmentListQuery,
  DepartmentUpdate,
  errorResponses,
  uuid,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../../platform/auth/guard.js";
import { serializeOnce } from "../../platform/http/serialized.js";
import type { DepartmentService } from "./service.js";

const errors = errorResponses(400, 401, 403, 404, 409);
const IdParams = z.object({ id: uuid });
const tags = ["org 组织机构"];
// Answers come from the department cache: each cached object is serialised once (platform/http/serialized.ts).
const sendList = serializeOnce(DepartmentList);
const sendDepartment = serializeOnce(Department);

/** Department directory. Reading is public (the portal lists departments); changes need org.department.manage. */
export const orgRoutes: FastifyPluginAsyncZod<{ service: DepartmentService }> = async (app, { service }) => {
  app.get(
    "/departments",
    {
      schema: {
        tags,
        summary: "部门列表 / List departments",
        querystring: DepartmentListQuery,
        response: { 200: DepartmentList, ...errors },
      },
    },
    async (req, reply) => sendList(reply, await service.list(req.query)),
  );

  app.get(
    "/departments/:id",
    {
      schema: {
        tags,
        summary: "部门详情 / Get a department",
        params: IdParams,
        response: { 200: Department, ...errors },
      },
    },
    async (req, reply) => sendDepartment(reply, await service.get(req.params.id)),
  );

  app.post(
    "/departments",
    {
      preHandler: app.authorize("org.department.manage"),
      schema: {
        tags,
        summary: "新建部门 / Create a department",
        body: DepartmentCreate,
        response: { 201: Department, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await service.create(req.body, actorOf(req))),
  );

  app.patch(
    "/departments/:id",
    {
      preHandler: app.authorize("org.department.manage"),
      schema: {
        tags,
        summary: "修改部门 / Update a department",
        params: IdParams,
        body: DepartmentUpdate,
        response: { 200: Department, ...errors },
      },
    },
    async (req) => service.update(req.params.id, req.body, actorOf(req)),
  );

  app.delete(
    "/departments/:id",
    {
      preHandler: app.authorize("org.department.manage"),
      schema: {
        tags,
        summary: "删除部门 / Delete a department",
        params: IdParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await service.remove(req.params.id, actorOf(req));
      return reply.status(204).send(null);
    },
  );
};
