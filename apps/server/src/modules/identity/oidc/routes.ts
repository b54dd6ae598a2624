import {
  errorResponses,
  OidcClient,
  OidcClientCreate,
  OidcClientList,
  OidcClientUpdate,
  OidcClientWithSecret,
  OidcConsentRequest,
  OidcInteraction,
  OidcRedirect,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../../../platform/auth/guard.js";
import type { OidcClientService } from "./clients.service.js";
import type { OidcService } from "./service.js";

const errors = errorResponses(400, 401, 403, 404, 409);
const tags = ["identity 统一身份认证"];
const UidParams = z.object({ uid: z.string().regex(/^[A-Za-z0-9_-]{10,64}$/) });
const ClientParams = z.object({ clientId: z.string().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/) });

/**
 * The OIDC login/consent interaction behind the web app's /sso/:uid page. The interaction is bound to the
 * browser that started it by the provider's signed interaction cookie; the person is the browser's
 * platform session (log in through /api/identity/login/* first).
 */
export const oidcInteractionRoutes: FastifyPluginAsyncZod<{ oidc: OidcService }> = async (app, { oidc }) => {
  app.get(
    "/:uid",
    {
      schema: {
        tags,
        summary: "单点登录请求详情 / An SSO sign-in request",
        params: UidParams,
        response: { 200: OidcInteraction, ...errors },
      },
    },
    async (req, reply) => oidc.details(req, reply, req.params.uid),
  );
  app.post(
    "/:uid/login",
    {
      schema: {
        tags,
        summary: "以当前登录身份登录应用 / Sign in to the application as the current platform session",
        params: UidParams,
        response: { 200: OidcRedirect, ...errors },
      },
    },
    async (req, reply) => oidc.login(req, reply, req.params.uid),
  );
  app.post(
    "/:uid/consent",
    {
      schema: {
        tags,
        summary: "同意授权 / Grant the requested data",
        params: UidParams,
        body: OidcConsentRequest,
        response: { 200: OidcRedirect, ...errors },
      },
    },
    async (req, reply) => oidc.consent(req, reply, req.params.uid, req.body),
  );
  app.post(
    "/:uid/abort",
    {
      schema: {
        tags,
        summary: "拒绝并返回应用 / Refuse and return to the application",
        params: UidParams,
        response: { 200: OidcRedirect, ...errors },
      },
    },
    async (req, reply) => oidc.abort(req, reply, req.params.uid),
  );
};

/** Client registration (platform administrators). Secrets are returned once: at creation and rotation. */
export const oidcClientRoutes: FastifyPluginAsyncZod<{ clients: OidcClientService }> = async (app, { clients }) => {
  const preHandler = app.authorize("identity.client.manage");
  app.get(
    "/",
    {
      preHandler,
      schema: { tags, summary: "接入应用列表 / List OIDC clients", response: { 200: OidcClientList, ...errors } },
    },
    async () => ({ items: await clients.list() }),
  );
  app.post(
    "/",
    {
      preHandler,
      schema: {
        tags,
        summary: "注册接入应用 / Register an OIDC client",
        body: OidcClientCreate,
        response: { 201: OidcClientWithSecret, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await clients.create(req.body, actorOf(req))),
  );
  app.get(
    "/:clientId",
    {
      preHandler,
      schema: {
        tags,
        summary: "接入应用详情 / Get an OIDC client",
        params: ClientParams,
        response: { 200: OidcClient, ...errors },
      },
    },
    async (req) => clients.get(req.params.clientId),
  );
  app.patch(
    "/:clientId",
    {
      preHandler,
      schema: {
        tags,
        summary: "修改接入应用 / Update an OIDC client",
        params: ClientParams,
        body: OidcClientUpdate,
        response: { 200: OidcClient, ...errors },
      },
    },
    async (req) => clients.update(req.params.clientId, req.body, actorOf(req)),
  );
  app.post(
    "/:clientId/revoke",
    {
      preHandler,
      schema: {
        tags,
        summary: "吊销接入应用 / Revoke an OIDC client",
        params: ClientParams,
        response: { 200: OidcClient, ...errors },
      },
    },
    async (req) => clients.revoke(req.params.clientId, actorOf(req)),
  );
  app.post(
    "/:clientId/secret",
    {
      preHandler,
      schema: {
        tags,
        summary: "重置应用密钥 / Rotate the client secret",
        params: ClientParams,
        response: { 200: OidcClientWithSecret, ...errors },
      },
    },
    async (req) => clients.rotateSecret(req.params.clientId, actorOf(req)),
  );
};
