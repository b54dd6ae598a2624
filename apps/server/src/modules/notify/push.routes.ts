import {
  errorResponses,
  PushPublicKey,
  PushSubscription,
  PushSubscriptionInput,
  PushUnsubscribe,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../platform/auth/guard.js";
import type { PushService } from "./push.service.js";

const tags = ["notify 消息"];
const signedIn = { kinds: ["citizen", "staff"] } as const;
/** A subscription is ~0.5 kB (endpoint ≤ 2 kB): anything much larger is not one. */
const BODY_LIMIT = 4096;

/** My browser's Web Push subscription: every signed-in person subscribes and unsubscribes only their own. */
export const pushRoutes: FastifyPluginAsyncZod<{ push: PushService }> = async (app, { push }) => {
  app.get(
    "/push-public-key",
    {
      preHandler: app.authenticate(signedIn),
      schema: {
        tags,
        summary: "浏览器通知公钥 (VAPID) / The VAPID public key to subscribe with",
        response: { 200: PushPublicKey, ...errorResponses(401, 403, 404) },
      },
    },
    async () => push.publicKey(),
  );

  app.post(
    "/push-subscriptions",
    {
      preHandler: app.authenticate(signedIn),
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary: "开启本浏览器通知 / Subscribe this browser to notices",
        body: PushSubscriptionInput,
        response: { 201: PushSubscription, ...errorResponses(400, 401, 403, 404, 413, 422) },
      },
    },
    async (req, reply) => reply.code(201).send(await push.subscribe(principalOf(req).id, req.body)),
  );

  app.delete(
    "/push-subscriptions",
    {
      preHandler: app.authenticate(signedIn),
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary: "关闭本浏览器通知 / Unsubscribe this browser",
        body: PushUnsubscribe,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404, 413) },
      },
    },
    async (req, reply) => {
      await push.unsubscribe(principalOf(req).id, req.body.endpoint);
      return reply.code(204).send(null);
    },
  );
};
