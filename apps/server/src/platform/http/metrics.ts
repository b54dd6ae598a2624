import type { FastifyInstance } from "fastify";
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";
import { PlatformErrors } from "../errors.js";

/**
 * Prometheus metrics at /metrics: per-route request counts and latency histograms plus the process
 * defaults. One registry per app instance (not prom-client's global) so tests can build many apps.
 * Labels use the route pattern (/api/org/departments/:id), never the raw URL, to keep cardinality bounded.
 */
export function registerMetrics(app: FastifyInstance, options: { token?: string } = {}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ["method", "route", "status_code"] as const;
  const requests = new Counter({
    name: "http_requests_total",
    help: "HTTP requests by route and status",
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request latency by route",
    labelNames,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  // Callback style: every answer runs it, and an async hook would cost each one a promise.
  app.addHook("onResponse", (request, reply, done) => {
    const route = request.routeOptions.url ?? "unmatched";
    if (route !== "/metrics") {
      const labels = { method: request.method, route, status_code: String(reply.statusCode) };
      requests.inc(labels);
      duration.observe(labels, reply.elapsedTime / 1000);
    }
    done();
  });

  app.get("/metrics", { schema: { hide: true } }, async (request, reply) => {
    if (options.token && request.headers.authorization !== `Bearer ${options.token}`) {
      throw PlatformErrors.AUTH_REQUIRED();
    }
    reply.type(registry.contentType);
    return registry.metrics();
  });
  return registry;
}
