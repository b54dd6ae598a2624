/**
 * The DCAT-AP catalogue: `/catalog.ttl` (Turtle) and `/catalog.jsonld` (JSON-LD), public, limited per IP
 * (the whole catalogue is built on each request).
 */
import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import type { OpendataServices } from "../index.js";

const PER_MINUTE = 60;

export const dcatRoutes: FastifyPluginAsync<{ services: OpendataServices }> = async (app, { services }) => {
  const limited = async (req: FastifyRequest) =>
    app.platform.rateLimiter.hit(`opendata.dcat:${req.ip}`, PER_MINUTE, 60, { fast: true });
  app.get("/catalog.ttl", { preHandler: limited, schema: { hide: true } }, async (_req, reply) =>
    reply.type("text/turtle; charset=utf-8").send(await services.catalogue.turtle()),
  );
  app.get("/catalog.jsonld", { preHandler: limited, schema: { hide: true } }, async (_req, reply) =>
    reply.type("application/ld+json; charset=utf-8").send(JSON.stringify(await services.catalogue.jsonLd())),
  );
};
