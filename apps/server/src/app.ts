import fastifyCookie from "@fastify/cookie";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import { jsonSchemaTransform, jsonSchemaTransformObject, type ZodTypeProvider } from "fastify-type-provider-zod";
import { registerAppointmentsModule } from "./modules/appointments/index.js";
import { registerArchivesModule } from "./modules/archives/index.js";
import { AuditLog, registerAuditModule } from "./modules/audit/index.js";
import { caseParticipation, pendingCaseReader, registerCasesModule } from "./modules/cases/index.js";
import { registerCatalogModule } from "./modules/catalog/index.js";
import { evaluationMeasureSource, registerEvaluationModule } from "./modules/evaluation/index.js";
import { exchangeMeasureSource, registerExchangeModule } from "./modules/exchange/index.js";
import {
  complaintCounter,
  hotlineMeasureSource,
  registerHotlineModule,
  requestParticipation,
} from "./modules/hotline/index.js";
import {
  AccountPhones,
  DevSmsSender,
  enterpriseAccounts,
  HttpSmsSender,
  registerIdentityModule,
} from "./modules/identity/index.js";
import { registerIndicatorsModule } from "./modules/indicators/index.js";
import { licenseMeasureSource, registerLicensesModule } from "./modules/licenses/index.js";
import { registerMessagingModule } from "./modules/messaging/index.js";
import { NoticeChannels, NotificationService, registerNotifyModule } from "./modules/notify/index.js";
import { registerOnecodeModule } from "./modules/onecode/index.js";
import { registerOpendataModule } from "./modules/opendata/index.js";
import { registerOrgModule } from "./modules/org/index.js";
import { createPaymentsModule } from "./modules/payments/index.js";
import { registerPoliciesModule } from "./modules/policies/index.js";
import { registerRegistryModule } from "./modules/registry/index.js";
import { registerSealsModule } from "./modules/seals/index.js";
import { registerSecurityModule } from "./modules/security/index.js";
import { registerSupervisionModule } from "./modules/supervision/index.js";
import { registerAuth } from "./platform/auth/guard.js";
import { CacheRegistry, registerCacheListener } from "./platform/cache/index.js";
import { calendarRoutes } from "./platform/calendar/calendar.routes.js";
import { CalendarService } from "./platform/calendar/calendar.service.js";
import { type Clock, clockFromOffset } from "./platform/clock/clock.js";
import type { AppConfig } from "./platform/config.js";
import type { Platform } from "./platform/context.js";
import { cryptoSuite } from "./platform/crypto/suite.js";
import type { Database } from "./platform/db/database.js";
import { EventBus } from "./platform/events/events.js";
import { FileStore } from "./platform/files/files.js";
import { blobStoreFromConfig } from "./platform/files/index.js";
import { registerErrorHandler } from "./platform/http/error-handler.js";
import { healthRoutes } from "./platform/http/health.js";
import { lazyChildLogger } from "./platform/http/lazy-logger.js";
import { registerMetrics } from "./platform/http/metrics.js";
import { registerNotFound } from "./platform/http/not-found.js";
import { genRequestId } from "./platform/http/request-id.js";
import { SampledRequestLog } from "./platform/http/request-log.js";
import { responseSerializerCompiler } from "./platform/http/response-serializer.js";
import { registerSecurityHeaders } from "./platform/http/security-headers.js";
import { validatorCompiler } from "./platform/http/validator.js";
import { registerWeb } from "./platform/http/web.js";
import { JobQueue, registerJobAdmin } from "./platform/jobs/index.js";
import { logSerializers, REDACT_PATHS } from "./platform/logging.js";
import { RateLimiter } from "./platform/rate-limit.js";

export interface BuildOptions {
  /** An opened, migrated database. The caller owns it (closes it after the app). */
  database: Database;
  /** Pino options override (tests pass a stream to read the log lines). */
  logger?: boolean | Record<string, unknown>;
  /** Overrides the configured clock (tests pass a `TestClock`). */
  clock?: Clock;
}

/**
 * Builds the whole application without listening: platform plugins first (errors, auth, metrics,
 * OpenAPI), then each module under its prefix. Tests drive the result with `app.inject()`.
 */
export async function buildApp(config: AppConfig, options: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? {
      level: config.logLevel,
      redact: { paths: REDACT_PATHS, censor: "[REDACTED]" },
      serializers: logSerializers,
    },
    bodyLimit: config.bodyLimit,
    genReqId: genRequestId,
    // One line per request, sampled for successful reads.
    logController: new SampledRequestLog(config.requestLogSample),
    // The request's child logger is made when the request logs, not for every request.
    childLoggerFactory: lazyChildLogger,
    trustProxy: config.trustProxy,
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  // The API speaks JSON only (uploads will register multipart explicitly): anything else is 415.
  app.removeContentTypeParser(["text/plain"]);
  app.setValidatorCompiler(validatorCompiler);
  // Compiled response writers; outside production each body is also checked against zod's (response-serializer.ts).
  app.setSerializerCompiler(responseSerializerCompiler({ checked: config.env !== "production" }));
  registerErrorHandler(app);
  // The security headers and x-request-id, in one onRequest hook (security-headers.ts).
  registerSecurityHeaders(app, { publicUrl: config.publicUrl });

  // CRYPTO_SUITE is read here, once: the suite goes to the platform and from there to the modules.
  const crypto = cryptoSuite(config);
  const audit = new AuditLog(options.database.db, crypto);
  const clock = options.clock ?? clockFromOffset(config.clockOffsetSeconds);
  const jobs = new JobQueue(options.database.db, clock, {
    logger: app.log,
    // PGlite has one connection: jobs side by side would only queue for it.
    concurrency: options.database.driver === "pglite" ? 1 : config.jobs.concurrency,
  });
  // The platform's ports (platform/ports.ts) get their implementations here: modules write through
  // `app.platform.audit` / `app.platform.notify`, and only the owning module sees the whole class.
  // Notices also leave by SMS, email and group webhooks: the channels' router, queue and SMS port.
  const noticeChannels = new NoticeChannels({ db: options.database.db, clock, config, box: crypto.box, jobs, audit });
  const notify = new NotificationService(options.database.db, clock, noticeChannels.router);
  // Read-mostly data (departments, calendar, license types, catalog pages) is cached in each process and
  // invalidated on every process through LISTEN/NOTIFY from the writing transaction (platform/cache).
  const cache = new CacheRegistry();
  const platform: Platform = {
    config,
    database: options.database,
    db: options.database.db,
    calendar: new CalendarService(options.database.db, config.timeZone, cache, audit),
    cache,
    cacheListener: registerCacheListener(app, cache, options.database),
    audit,
    pii: crypto.pii,
    crypto,
    rateLimiter: new RateLimiter(options.database.db),
    clock,
    jobs,
    events: new EventBus(options.database.db, jobs, clock),
    files: new FileStore(options.database.db, blobStoreFromConfig(config.files), clock),
    notify,
    sms: noticeChannels.smsNotices,
  };
  app.decorate("platform", platform);
  await app.register(fastifyCookie);
  registerAuth(app);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "一网 Yiwang API",
        description: "一网通办平台接口 / One-stop digital government platform API",
        version: "0.1.0",
      },
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer" },
          session: { type: "apiKey", in: "cookie", name: "yw_session" },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/docs" });
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  if (config.rateLimitPerMinute > 0) {
    // Public API protection per client IP, the OIDC endpoints included (client secrets are guessed at
    // /oidc/token). Health, metrics, docs and the web app's files are not limited.
    await app.register(fastifyRateLimit, {
      max: config.rateLimitPerMinute,
      timeWindow: "1 minute",
      allowList: (request) => !request.url.startsWith("/api/") && !request.url.startsWith("/oidc/"),
    });
  }
  const metrics = registerMetrics(app, { token: config.metricsToken });
  cache.registerMetrics(metrics);
  const spaFallback = await registerWeb(app, config.webDist);
  registerNotFound(app, spaFallback);

  await app.register(healthRoutes);
  await app.register(calendarRoutes, { prefix: "/api/calendar", service: platform.calendar });
  await registerJobAdmin(app, { metrics });
  await registerAuditModule(app, audit);
  await registerNotifyModule(app, notify, noticeChannels);
  const departments = await registerOrgModule(app);
  // Exchange before identity: identity's real-name check is a consumer of the exchange gateway.
  // One registry service; population reads (real-name checks) go through the exchange gateway, identity's
  // enterprise binding reads the business registry directly (modules/registry/index.ts says why).
  const { registry } = registerRegistryModule(app);
  const exchange = await registerExchangeModule(app, { departments, registry }, { metrics });
  const identity = await registerIdentityModule(app, {
    departments,
    population: exchange.population,
    businesses: registry,
  });
  // Notice SMS go through identity's SMS adapter (its own URL: NOTIFY_SMS_HTTP_URL) to identity's phones.
  noticeChannels.connect({
    sms: config.notify.smsHttpUrl
      ? new HttpSmsSender(config.notify.smsHttpUrl, config.notify.smsHttpToken)
      : new DevSmsSender(options.database.db, crypto.pii),
    phones: new AccountPhones(crypto.pii),
  });
  // Security alerts: lockout events from identity, every 403 answered, audit verification failures.
  await registerSecurityModule(app);
  const catalog = await registerCatalogModule(app);
  const seals = await registerSealsModule(app, { departments });
  const licenses = await registerLicensesModule(app, { departments, seals, catalog, identity });
  // 互联网+监管 and 信用 before cases: the cases module asks its credit service about joint punishment (CreditCheck);
  // the audit log is its randomness beacon (a draw's seed is a future root hash of the log).
  const supervision = await registerSupervisionModule(app, {
    registry,
    beacon: {
      flush: () => audit.flush(),
      size: async () => (await audit.tree()).size,
      rootAt: (size) => audit.rootAt(size),
      inclusionProof: (leafIndex, size) => audit.inclusionProof(leafIndex, size),
      find: async (type, subject) => (await audit.search({ type, subject, limit: 1, offset: 0 }))[0],
    },
    // 信用记录's 12345 complaint count, through the hotline module's narrow reader (it owns the requests).
    complaints: complaintCounter(options.database.db),
  });
  // 缴费: payment orders raised with the approval (the cases module's FeeGate); its routes follow the cases module.
  const payments = createPaymentsModule(app, { catalog, departments, seals });
  const cases = await registerCasesModule(app, {
    departments,
    catalog,
    identity,
    licenses: licenses.uses,
    registry,
    seals,
    credit: {
      check: (trx, q) => supervision.credit.check(trx, q),
      deferral: (trx, q) => supervision.credit.deferral(trx, q),
      summary: (q) => supervision.credit.summary(q),
    },
    fees: payments.fees,
  });
  await payments.connectCases(cases.fees);
  licenses.connectCases(cases.issuance);
  // 好差评: invitations from the cases module's events; a case is read through its issuance view.
  // 12345 接诉即办: phone desk, portal and Open311 requests (before evaluation, which invites their callers).
  const hotline = await registerHotlineModule(app, { personalData: identity.personalData });
  await registerEvaluationModule(app, { cases: cases.issuance, personalData: identity.personalData, hotline });
  // 一码通: the clerk sees the licenses the holder consents to (licenses module) and their pending cases (cases reader).
  await registerOnecodeModule(app, { licenses, departments, cases: pendingCaseReader(options.database.db) });
  // 电子档案: delivered cases archived as BagIt packages, read through the cases and licenses modules' index.
  await registerArchivesModule(app, { cases: cases.archive, licenses });
  // 会商与消息: staff threads on cases and 12345 requests (their departments from the owning modules' narrow
  // readers), channels, DMs.
  await registerMessagingModule(app, {
    departments,
    cases: caseParticipation(options.database.db),
    requests: requestParticipation(options.database.db),
  });
  // 公共数据开放: CKAN Action API, DCAT-AP catalogue, conditional access by API key.
  await registerOpendataModule(app, { departments });
  // 一网统管: indicators over rollups kept from case events (cases read through its measure source only), and
  // 好差评 / 12345 / 共享交换 / 电子证照 measures aggregated by those modules' narrow readers.
  await registerIndicatorsModule(app, {
    departments,
    measures: {
      evaluation: evaluationMeasureSource(config.timeZone),
      hotline: hotlineMeasureSource(config.timeZone),
      exchange: exchangeMeasureSource(config.timeZone),
      licenses: licenseMeasureSource(config.timeZone),
    },
  });
  // 网上预约 and the service hall: slots of catalog items (published guides), numbers and calls, the hall screen.
  await registerAppointmentsModule(app, { items: catalog.items, departments });
  // 惠企政策 / 免申即享: matches every enterprise's registry facts (法人库, read in pages) against the live
  // benefits; pushes to the enterprise's accounts (identity's narrow reader).
  await registerPoliciesModule(app, {
    registry,
    enterpriseAccounts: enterpriseAccounts(() => clock.now()),
    personalData: identity.personalData,
    // 快申快享 as a 办件: its generated catalog item, and the short case filed and decided in the cases module.
    catalog: catalog.items,
    departments,
    cases: cases.quickFiling,
  });

  return app;
}
