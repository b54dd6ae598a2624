/** The exchange module's public surface (数据共享交换): catalog, applications, gateway. */
import type { FastifyInstance } from "fastify";
import { RegistryService } from "../registry/index.js";
import { GatewayService } from "./gateway.service.js";
import { exchangeRoutes } from "./routes.js";
import { ExchangeService } from "./service.js";
import { hostedSources } from "./sources.js";

export { EXCHANGE_CALLS_PER_MINUTE } from "./gateway.service.js";
export { seedExchange } from "./seed.js";

export async function registerExchangeModule(app: FastifyInstance) {
  const { db, audit, clock, rateLimiter, pii } = app.platform;
  const sources = hostedSources(new RegistryService(db, pii));
  const service = new ExchangeService(db, { audit, clock, sources });
  const gateway = new GatewayService(db, { repo: service.repo, audit, clock, rateLimiter, sources });
  await app.register(exchangeRoutes, { prefix: "/api/exchange", service, gateway });
  return service;
}
