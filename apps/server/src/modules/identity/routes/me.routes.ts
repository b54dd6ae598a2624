import { errorResponses, Me, PasswordChangeRequest, RealnameRequest, SessionList, uuid } from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../../platform/auth/guard.js";
import type { AuthService } from "../auth.service.js";
import type { ProfileService } from "../profile.service.js";

const errors = errorResponses(400, 401, 403, 404, 409, 422, 429);
const tags = ["identity 统一身份认证"];
const Done = z.object({ ok: z.literal(true) });

export const SessionState = z.object({ me: Me.nullable() });

/**
 * Who is signed in, for pages: `{ me: null }` for a visitor (200, not 401 — being anonymous on the portal
 * is normal, not an error). Routes that need a person keep answering 401.
 */
export const sessionStateRoutes: FastifyPluginAsyncZod<{ profile: ProfileService }> = async (app, { profile }) => {
  app.get(
    "/session",
    {
      schema: { tags, summary: "当前会话 / Who is signed in, if anyone", response: { 200: SessionState, ...errors } },
    },
    async (req) => {
      const p = await app.auth.principalOf(req);
      return { me: p && p.kind !== "client" ? await profile.me(p) : null };
    },
  );
};

/** The signed-in person's own account. */
export const meRoutes: FastifyPluginAsyncZod<{ profile: ProfileService; auth: AuthService }> = async (
  app,
  { profile, auth },
) => {
  const signedIn = app.authenticate({ kinds: ["citizen", "staff"] });

  app.get(
    "/",
    { preHandler: signedIn, schema: { tags, summary: "当前用户 / Who am I", response: { 200: Me, ...errors } } },
    async (req) => profile.me(principalOf(req)),
  );

  app.get(
    "/sessions",
    {
      preHandler: signedIn,
      schema: { tags, summary: "我的登录会话 / My sessions", response: { 200: SessionList, ...errors } },
    },
    async (req) => ({ items: await profile.sessions(principalOf(req)) }),
  );

  app.delete(
    "/sessions/:id",
    {
      preHandler: signedIn,
      schema: {
        tags,
        summary: "注销一个会话 / Revoke a session",
        params: z.object({ id: uuid }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await profile.revokeSession(principalOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/password",
    {
      preHandler: signedIn,
      schema: {
        tags,
        summary: "修改密码 / Change my password",
        body: PasswordChangeRequest,
        response: { 200: Done, ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      await auth.changePassword(p.id, p.sessionId, req.body.currentPassword, req.body.password);
      return { ok: true as const };
    },
  );

  app.post(
    "/realname",
    {
      preHandler: app.authenticate({ kinds: ["citizen"] }),
      schema: {
        tags,
        summary: "实名认证（二级：人口库比对）/ Real-name verification, level 2",
        body: RealnameRequest,
        response: { 200: Me, ...errors },
      },
    },
    async (req) => {
      await profile.verifyRealname(principalOf(req), req.body, req.id);
      // The principal of this request still says level 1; read the account afresh.
      return profile.me({ ...principalOf(req), realnameLevel: 2 });
    },
  );
};
