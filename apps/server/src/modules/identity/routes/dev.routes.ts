import { errorResponses, mobile } from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { DevSmsSender } from "../sms/sender.js";

const DevSmsList = z.object({ items: z.array(z.object({ text: z.string(), sentAt: z.string() })) });

/**
 * Development only (never registered in production or with a real SMS gateway): the messages the
 * development SMS sender "sent" to a number, newest first, so testers and browser tests can read codes.
 */
export const devRoutes: FastifyPluginAsyncZod<{ sender: DevSmsSender }> = async (app, { sender }) => {
  app.get(
    "/sms",
    {
      schema: {
        tags: ["identity 统一身份认证"],
        summary: "开发环境：查看已发送短信 / Development: SMS sent to a number",
        querystring: z.object({ phone: mobile }),
        response: { 200: DevSmsList, ...errorResponses(400) },
      },
    },
    async (req) => ({
      items: (await sender.recent(req.query.phone)).map((m) => ({ text: m.text, sentAt: m.sentAt.toISOString() })),
    }),
  );
};
