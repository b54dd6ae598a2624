/**
 * The help centre's public path (no sign-in): FAQ answers for a question, or the common questions. Limited per
 * client IP in PostgreSQL (HELP_RATE_PER_IP, shared by all processes) on top of the platform's /api limit,
 * like the other public reads that run a search per request.
 */
import { errorResponses, HelpQuery, HelpResult } from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { serializeOnce } from "../../../platform/http/serialized.js";
import type { HelpService } from "../help/help.service.js";

export const helpRoutes: FastifyPluginAsyncZod<{ help: HelpService }> = async (app, { help }) => {
  const { rateLimiter, config } = app.platform;
  const body = serializeOnce(HelpResult);
  app.get(
    "", // /api/help itself
    {
      preHandler: async (req) => rateLimiter.hit(`help:${req.ip}`, config.help.ratePerIp, 60, { fast: true }),
      schema: {
        tags: ["help 帮助中心"],
        summary: "常见问题解答 / Answers from the guides' FAQ",
        description:
          "Chinese-aware search (the catalog's jieba words, synonyms, English and pinyin prefixes) over every FAQ " +
          "entry of the published guides, each with its item. Without q: the common questions. When no entry has " +
          "every word, entries with some of them (match = some).",
        querystring: HelpQuery,
        response: { 200: HelpResult, ...errorResponses(400, 429) },
      },
    },
    async (req, reply) => body(reply, await help.answers(req.query)),
  );
};
