import {
  errorResponses,
  MfaCodeRequest,
  MfaEnrollment,
  PasswordChangeRequest,
  PasswordLoginRequest,
  PasswordResetRequest,
  RegisterRequest,
  SmsLoginRequest,
  SmsSendRequest,
  SmsSendResponse,
  StaffLoginRequest,
  StaffLoginResponse,
  StaffSecondFactorResponse,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AuthService } from "../auth.service.js";
import { clientContext, type SessionService } from "../sessions.js";

const errors = errorResponses(400, 401, 403, 409, 423, 429);
const tags = ["identity 统一身份认证"];
const Done = z.object({ ok: z.literal(true) });

/**
 * Registration, login (password, SMS code, staff + TOTP + a new password when it expired), logout, password
 * reset. Public by nature.
 */
export const authRoutes: FastifyPluginAsyncZod<{ auth: AuthService; sessions: SessionService }> = async (
  app,
  { auth, sessions },
) => {
  app.post(
    "/sms/send",
    {
      schema: {
        tags,
        summary: "发送短信验证码 / Send an SMS code",
        body: SmsSendRequest,
        response: { 202: SmsSendResponse, ...errors, ...errorResponses(502) },
      },
    },
    async (req, reply) =>
      reply.status(202).send(await auth.sendSms(req.body.phone, req.body.purpose, clientContext(req))),
  );

  app.post(
    "/register",
    {
      schema: {
        tags,
        summary: "个人用户注册 / Register a citizen account",
        body: RegisterRequest,
        response: { 201: Done, ...errors },
      },
    },
    async (req, reply) => {
      await auth.register(req.body, clientContext(req), reply);
      return reply.status(201).send({ ok: true });
    },
  );

  app.post(
    "/login/password",
    {
      schema: {
        tags,
        summary: "密码登录 / Log in with password",
        body: PasswordLoginRequest,
        response: { 200: Done, ...errors },
      },
    },
    async (req, reply) => {
      await auth.loginWithPassword(req.body, clientContext(req), reply);
      return { ok: true as const };
    },
  );

  app.post(
    "/login/sms",
    {
      schema: {
        tags,
        summary: "短信验证码登录 / Log in with an SMS code",
        body: SmsLoginRequest,
        response: { 200: Done, ...errors },
      },
    },
    async (req, reply) => {
      await auth.loginWithSms(req.body, clientContext(req), reply);
      return { ok: true as const };
    },
  );

  app.post(
    "/password/reset",
    {
      schema: {
        tags,
        summary: "短信验证后重置密码 / Reset the password after an SMS check",
        body: PasswordResetRequest,
        response: { 200: Done, ...errors },
      },
    },
    async (req) => {
      await auth.resetPassword(req.body, clientContext(req));
      return { ok: true as const };
    },
  );

  app.post(
    "/staff/login",
    {
      schema: {
        tags,
        summary: "工作人员登录（第一步：口令）/ Staff login, step 1: password",
        body: StaffLoginRequest,
        response: { 200: StaffLoginResponse, ...errors },
      },
    },
    async (req, reply) => auth.staffLogin(req.body, clientContext(req), reply),
  );

  app.post(
    "/staff/mfa/enrollment",
    {
      schema: {
        tags,
        summary: "生成动态口令密钥（首次登录）/ New TOTP secret (first login)",
        response: { 200: MfaEnrollment, ...errors },
      },
    },
    async (req) => auth.mfaEnrollment(await sessions.live(req)),
  );

  app.post(
    "/staff/mfa/enroll",
    {
      schema: {
        tags,
        summary: "绑定动态口令并完成登录 / Enrol TOTP and complete the login",
        body: MfaCodeRequest,
        response: { 200: StaffSecondFactorResponse, ...errors },
      },
    },
    async (req, reply) => {
      const passed = await auth.mfaEnroll(await sessions.live(req), req.body.code, clientContext(req));
      sessions.setCookie(reply, passed.issued);
      return { ok: true as const, passwordChangeRequired: passed.passwordChangeRequired };
    },
  );

  app.post(
    "/staff/mfa/verify",
    {
      schema: {
        tags,
        summary: "工作人员登录（第二步：动态口令）/ Staff login, step 2: TOTP",
        body: MfaCodeRequest,
        response: { 200: StaffSecondFactorResponse, ...errors },
      },
    },
    async (req, reply) => {
      const passed = await auth.mfaVerify(await sessions.live(req), req.body.code, clientContext(req));
      sessions.setCookie(reply, passed.issued);
      return { ok: true as const, passwordChangeRequired: passed.passwordChangeRequired };
    },
  );

  // Public like the steps before it: the session's stage (`password_change`) is the authorisation, checked
  // in the service; an active session gets 409, a half-way one 401.
  app.post(
    "/staff/login/new-password",
    {
      schema: {
        tags,
        summary:
          "工作人员登录（密码过期或为临时密码：设置新密码）/ Staff login: set a new password (expired or one-time)",
        body: PasswordChangeRequest,
        response: { 200: Done, ...errors },
      },
    },
    async (req, reply) => {
      sessions.setCookie(
        reply,
        await auth.changeExpiredPassword(await sessions.live(req), req.body, clientContext(req)),
      );
      return { ok: true as const };
    },
  );

  app.post(
    "/logout",
    { schema: { tags, summary: "退出登录 / Log out", response: { 204: z.null(), ...errors } } },
    async (req, reply) => {
      await auth.logout(await sessions.live(req));
      sessions.clearCookie(reply);
      return reply.status(204).send(null);
    },
  );
};
