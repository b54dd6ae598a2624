/** The exchange module's public surface (数据共享交换): catalog, applications, gateway. */
import { hkdfSync } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { Counter, type Registry } from "prom-client";
import { AccountRepository, type PopulationCheck } from "../identity/index.js";
import type { DepartmentService } from "../org/index.js";
import type { HostedRegistry } from "../registry/index.js";
import { CircuitBreakers } from "./circuit-breaker.js";
import { GatewayService } from "./gateway.service.js";
import { ObjectionRepository } from "./objections.repository.js";
import { objectionRoutes } from "./objections.routes.js";
import { OBJECTION_DEADLINE_JOB, ObjectionService } from "./objections.service.js";
import { gatewayPopulationCheck, PlatformConsumer, REALNAME_CONSUMER } from "./platform-consumers.js";
import { ProxySource } from "./proxy-source.js";
import { exchangeRoutes } from "./routes.js";
import { ExchangeService } from "./service.js";
import { hostedSources } from "./sources.js";
import { ExchangeStatsService } from "./stats.service.js";

export { EXCHANGE_CALLS_PER_MINUTE, type GatewayService } from "./gateway.service.js";
export { type ExchangeMeasureSource, exchangeMeasureSource } from "./measures-source.js";
export { seedExchange } from "./seed.js";

export interface ExchangeModule {
  service: ExchangeService;
  gateway: GatewayService;
  /** Identity's real-name check, as an approved consumer of population.person. */
  population: PopulationCheck;
}

export async function registerExchangeModule(
  app: FastifyInstance,
  deps: { departments: DepartmentService; registry: HostedRegistry },
  options: { metrics?: Registry } = {},
): Promise<ExchangeModule> {
  const { db, audit, clock, rateLimiter, config, calendar, jobs, events, notify } = app.platform;
  const accounts = new AccountRepository(db);
  const sources = hostedSources(deps.registry);
  const service = new ExchangeService(db, { audit, clock, sources });
  const breakers = new CircuitBreakers(
    { failures: config.exchange.breakerFailures, cooldownMs: config.exchange.breakerCooldownSeconds * 1000 },
    () => clock.now().getTime(),
  );
  const proxy = new ProxySource({ breakers, defaultTimeoutMs: config.exchange.providerTimeoutMs });
  const queryKey = Buffer.from(
    hkdfSync("sha256", config.secrets.piiIndexKey, "yiwang", "exchange call-log query hmac v1", 32),
  );
  // Every gateway call by outcome, in-process platform consumers included (they have no HTTP route to
  // count): the error rate an operator alerts on, even when the call log itself cannot be written.
  const calls = new Counter({
    name: "exchange_gateway_calls_total",
    help: "Exchange gateway calls by result (ok, refused, failed) and outcome code",
    labelNames: ["result", "outcome"] as const,
    registers: options.metrics ? [options.metrics] : [],
  });
  const hints = new Counter({
    name: "exchange_gateway_grant_hints_total",
    help: "Gateway calls by what became of the grant hint: used (answered without reading the grant), stale, none",
    labelNames: ["result"] as const,
    registers: options.metrics ? [options.metrics] : [],
  });
  const gateway = new GatewayService({
    repo: service.repo,
    audit,
    clock,
    rateLimiter,
    sources,
    proxy,
    queryKey,
    callsPerMinute: config.exchange.callsPerMinute,
    count: (outcome, result) => calls.inc({ result, outcome }),
    countHint: (result) => hints.inc({ result }),
  });
  const stats = new ExchangeStatsService(db, config.timeZone);
  await app.register(exchangeRoutes, { prefix: "/api/exchange", service, gateway, stats });
  const objections = new ObjectionService(db, {
    repo: new ObjectionRepository(db),
    resources: service.repo,
    audit,
    clock,
    calendar,
    jobs,
    events,
    notify,
    staffWithRole: (role, departmentId, trx) => accounts.staffIdsWithRole(role, departmentId, trx),
  });
  jobs.register(OBJECTION_DEADLINE_JOB, (job, trx) => objections.fire(job, trx));
  await app.register(objectionRoutes, { prefix: "/api/exchange", objections });
  const population = gatewayPopulationCheck(new PlatformConsumer(gateway, deps.departments, REALNAME_CONSUMER));
  return { service, gateway, population };
}
