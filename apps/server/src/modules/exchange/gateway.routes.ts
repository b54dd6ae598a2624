import {
  type ErrorResponse,
  ExchangeGatewayResponse,
  ExchangeListQuery,
  ExchangeLookupQuery,
  errorResponses,
} from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { principalOf } from "../../platform/auth/guard.js";
import type { GatewayService } from "./gateway.service.js";

const ResourceParams = z.object({ resourceCode: z.string().min(1).max(64) });

/**
 * The gateway's machine API. Every answer is in the call log: `gateway.call` logs what reaches it, and
 * the onSend hook logs what was refused before (credential, scope, parameters, the per-IP limit).
 */
export const gatewayRoutes: FastifyPluginAsyncZod<{
  gateway: GatewayService;
  tags: string[];
  errors: Record<number, typeof ErrorResponse>;
}> = async (app, { gateway, tags, errors }) => {
  const gatewayErrors = { ...errors, ...errorResponses(502, 503, 504) };
  const reached = new WeakSet<object>();
  app.addHook("onSend", async (req, reply, payload) => {
    if (reply.statusCode < 400 || reached.has(req)) return payload;
    let code = `HTTP_${reply.statusCode}`;
    try {
      code = JSON.parse(String(payload)).code ?? code;
    } catch {}
    const params = req.params as { resourceCode?: unknown };
    await gateway
      .logRefusedAtDoor(
        req.principal ?? null,
        String(params.resourceCode ?? ""),
        { pattern: req.url.split("?")[0]?.endsWith("/records") ? "list" : "lookup_by_key", raw: req.query },
        code,
        req.id,
      )
      .catch((error) => req.log.error({ err: error }, "exchange call log failed"));
    return payload;
  });

  app.get(
    "/gateway/:resourceCode",
    {
      preHandler: app.authorize("exchange.call"),
      schema: {
        tags,
        summary: "按主键查询（机器接口）/ Lookup by key (machine API)",
        security: [{ bearer: [] }],
        params: ResourceParams,
        querystring: ExchangeLookupQuery,
        response: { 200: ExchangeGatewayResponse, ...gatewayErrors },
      },
    },
    async (req) => {
      reached.add(req);
      return gateway.call(
        principalOf(req),
        req.params.resourceCode,
        { pattern: "lookup_by_key", key: req.query.key },
        req.id,
      );
    },
  );

  app.get(
    "/gateway/:resourceCode/records",
    {
      preHandler: app.authorize("exchange.call"),
      schema: {
        tags,
        summary: "批量查询（机器接口）/ List records (machine API)",
        security: [{ bearer: [] }],
        params: ResourceParams,
        querystring: ExchangeListQuery,
        response: { 200: ExchangeGatewayResponse, ...gatewayErrors },
      },
    },
    async (req) => {
      reached.add(req);
      return gateway.call(principalOf(req), req.params.resourceCode, { pattern: "list", ...req.query }, req.id);
    },
  );
};
