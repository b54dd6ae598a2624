import type { FastifyInstance } from "fastify";
import { collectDefaultMetrics, Registry } from "prom-client";
import { PlatformErrors } from "../errors.js";

/**
 * Prometheus metrics at /metrics: per-route request counts and latency histograms plus the process
 * defaults. One registry per app instance (not prom-client's global) so tests can build many apps.
 * Labels use the route pattern (/api/org/departments/:id), never the raw URL, to keep cardinality bounded.
 */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

const escapeLabel = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

interface Series {
  labels: string;
  count: number;
  sum: number;
  /** Answers per bucket (not cumulative: cumulated when written out). */
  buckets: number[];
}

/**
 * The per-route request counter and latency histogram, kept as plain numbers per (method, route, status)
 * and written in the Prometheus text format when scraped. prom-client's Counter and Histogram hash the
 * label object on every update: 8.6 % of the CPU of `POST /api/onecode/verify` under load (cpuprofile,
 * 2026-12-04) — more than the rest of the request's platform hooks together. Here an answer costs one Map
 * lookup and a short bucket scan.
 */
export class RequestStats {
  readonly #series = new Map<string, Series>();

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let s = this.#series.get(key);
    if (!s) {
      s = {
        labels: `method="${escapeLabel(method)}",route="${escapeLabel(route)}",status_code="${status}"`,
        count: 0,
        sum: 0,
        buckets: BUCKETS.map(() => 0),
      };
      this.#series.set(key, s);
    }
    s.count++;
    s.sum += seconds;
    for (let i = 0; i < BUCKETS.length; i++) {
      if (seconds <= (BUCKETS[i] as number)) {
        (s.buckets[i] as number)++;
        break;
      }
    }
  }

  /** The two metrics in the Prometheus text exposition format (0.0.4). */
  exposition(): string {
    const counts = [
      "# HELP http_requests_total HTTP requests by route and status",
      "# TYPE http_requests_total counter",
    ];
    const durations = [
      "# HELP http_request_duration_seconds HTTP request latency by route",
      "# TYPE http_request_duration_seconds histogram",
    ];
    for (const s of this.#series.values()) {
      counts.push(`http_requests_total{${s.labels}} ${s.count}`);
      let cumulative = 0;
      BUCKETS.forEach((le, i) => {
        cumulative += s.buckets[i] as number;
        durations.push(`http_request_duration_seconds_bucket{le="${le}",${s.labels}} ${cumulative}`);
      });
      durations.push(`http_request_duration_seconds_bucket{le="+Inf",${s.labels}} ${s.count}`);
      durations.push(`http_request_duration_seconds_sum{${s.labels}} ${s.sum}`);
      durations.push(`http_request_duration_seconds_count{${s.labels}} ${s.count}`);
    }
    return `${counts.join("\n")}\n\n${durations.join("\n")}\n`;
  }
}

/**
 * Prometheus metrics at /metrics: per-route request counts and latency histograms (RequestStats) plus the
 * process defaults and what other parts register. One registry per app instance (not prom-client's
 * global) so tests can build many apps. Labels use the route pattern (/api/org/departments/:id), never the
 * raw URL, to keep cardinality bounded.
 */
export function registerMetrics(app: FastifyInstance, options: { token?: string } = {}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const stats = new RequestStats();

  // Callback style: every answer runs it, and an async hook would cost each one a promise.
  app.addHook("onResponse", (request, reply, done) => {
    const route = request.routeOptions.url ?? "unmatched";
    if (route !== "/metrics") stats.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  app.get("/metrics", { schema: { hide: true } }, async (request, reply) => {
    if (options.token && request.headers.authorization !== `Bearer ${options.token}`) {
      throw PlatformErrors.AUTH_REQUIRED();
    }
    reply.type(registry.contentType);
    return `${stats.exposition()}\n${await registry.metrics()}`;
  });
  return registry;
}
