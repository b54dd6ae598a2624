/**
 * Public paths (no sign-in): verification of a code (亮码核验) and the signed key list verifiers refresh.
 * Verification is read-only and touches neither the database nor a write-ahead log — keys come from the
 * in-memory cache — so it stays near the cost of the signature check (bench/onecode.ts). It is limited per
 * IP by the platform's in-memory /api limit only: a PostgreSQL counter would be the write per request
 * that made an earlier attempt 0.01× of raw verification.
 */
import { errorResponses, OnecodeKeyList, OnecodeVerifyRequest, OnecodeVerifyResult } from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { OnecodeServices } from "../index.js";

const tags = ["onecode 一码通（公开核验）"];

export const onecodePublicRoutes: FastifyPluginAsyncZod<{ services: OnecodeServices }> = async (app, { services }) => {
  app.post(
    "/verify",
    {
      // A code is ~330 characters; the schema allows 8 KiB so a longer one answers `oversize`, not 413.
      bodyLimit: 16 * 1024,
      // It changes nothing: its request log line is sampled like a read's (platform/http/request-log.ts).
      config: { readOnly: true },
      schema: {
        tags,
        summary: "核验一码通 / Verify a personal code",
        body: OnecodeVerifyRequest,
        response: { 200: OnecodeVerifyResult, ...errorResponses(400, 413, 415, 429) },
      },
    },
    async (request) => {
      const { result, kid, claims, extensions } = await services.codes.check(request.body.code);
      return { result, kid, expiresAt: claims ? new Date(claims.exp * 1000).toISOString() : null, extensions };
    },
  );

  app.get(
    "/keys",
    {
      schema: {
        tags,
        summary: "签名公钥列表（已签名）/ The signed list of code-signing keys",
        response: { 200: OnecodeKeyList, ...errorResponses(429) },
      },
    },
    async (_request, reply) => {
      await services.keys.signer(); // the first request of a fresh installation creates the keys
      const { list, listKey } = await services.keys.published();
      // Short: a removed key must leave every verifier's list soon.
      reply.header("cache-control", "public, max-age=60");
      return { list, listKey: { ...listKey } };
    },
  );
};
