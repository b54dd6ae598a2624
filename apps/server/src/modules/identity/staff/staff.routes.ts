import {
  errorResponses,
  StaffAccount,
  StaffCreate,
  StaffList,
  StaffListQuery,
  StaffPasswordReset,
  StaffUpdate,
  uuid,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import type { StaffService } from "./staff.service.js";

const errors = errorResponses(400, 401, 403, 404, 409);
const tags = ["identity 统一身份认证"];
const Params = z.object({ id: uuid });

/**
 * Staff administration. Each route declares its permission; the department scope (a department admin acts
 * only in their own department) and the grant rules are checked by StaffService against the target account.
 */
export const staffRoutes: FastifyPluginAsyncZod<{ staff: StaffService }> = async (app, { staff }) => {
  const read = app.authorize("identity.staff.read");
  const manage = app.authorize("identity.staff.manage");
  // Unlocking and resetting an authenticator: the security admin's (and a department admin's for their own
  // clerks and approvers), not the platform admin's, who resets passwords (grant-rules.ts says why).
  const secure = app.authorize("identity.staff.secure");

  app.get(
    "/",
    {
      preHandler: read,
      schema: {
        tags,
        summary: "工作人员列表 / Staff accounts",
        querystring: StaffListQuery,
        response: { 200: StaffList, ...errors },
      },
    },
    async (req) => staff.list(principalOf(req), req.query),
  );

  app.get(
    "/:id",
    {
      preHandler: read,
      schema: {
        tags,
        summary: "工作人员详情 / A staff account",
        params: Params,
        response: { 200: StaffAccount, ...errors },
      },
    },
    async (req) => staff.get(principalOf(req), req.params.id),
  );

  app.post(
    "/",
    {
      preHandler: manage,
      schema: {
        tags,
        summary: "新建工作人员账号 / Create a staff account",
        body: StaffCreate,
        response: { 201: StaffAccount, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await staff.create(principalOf(req), req.body)),
  );

  app.patch(
    "/:id",
    {
      preHandler: manage,
      schema: {
        tags,
        summary: "修改工作人员（角色、状态、姓名）/ Update a staff account",
        params: Params,
        body: StaffUpdate,
        response: { 200: StaffAccount, ...errors },
      },
    },
    async (req) => staff.update(principalOf(req), req.params.id, req.body),
  );

  app.post(
    "/:id/password",
    {
      preHandler: manage,
      schema: {
        tags,
        summary: "重置工作人员密码 / Reset a staff member's password",
        params: Params,
        body: StaffPasswordReset,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await staff.resetPassword(principalOf(req), req.params.id, req.body.password);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/:id/mfa/reset",
    {
      preHandler: secure,
      schema: {
        tags,
        summary: "重置动态口令（下次登录重新绑定）/ Reset the authenticator",
        params: Params,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await staff.resetMfa(principalOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/:id/unlock",
    {
      preHandler: secure,
      schema: {
        tags,
        summary: "解除登录锁定 / Unlock a locked account",
        params: Params,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await staff.unlock(principalOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
};
