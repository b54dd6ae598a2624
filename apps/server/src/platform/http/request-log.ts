import type { FastifyReply, FastifyRequest } from "fastify";
import { LogController } from "fastify";

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * A POST that changes nothing (a public verification): its log line is sampled like a GET's. Logging
     * every `POST /api/onecode/verify` was 6.9 % of its CPU under load (cpuprofile, 2026-12-04).
     */
    readOnly?: boolean;
  }
}

/** An answer at least this slow is always logged, whatever the sample. */
const SLOW_MS = 1000;

/**
 * One log line per request, written when the answer is sent, instead of Fastify's two ("incoming request"
 * and "request completed"). Writes, errors and slow answers are always logged (they are what an operator
 * or an investigation needs); successful reads only in the configured share (`REQUEST_LOG_SAMPLE`, 1 % in
 * production), because at a few thousand GETs per second per node two JSON lines each were the largest
 * per-request cost after the socket write, and the metrics already count every read.
 * The line carries the request (method, scrubbed URL, address: `logSerializers.req`), the status and the
 * time taken; the request id is in every line of the request's child logger.
 */
export class SampledRequestLog extends LogController {
  constructor(private readonly sample: number) {
    super({});
  }

  override incomingRequest() {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    const responseTime = reply.elapsedTime;
    if (error) {
      reply.log.error({ req: request, res: reply, err: error, responseTime }, "request errored");
      return;
    }
    // The level check first: at "warn" (or "silent") nothing below is worth computing.
    if (!(reply.log as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled?.("info")) return;
    const read =
      request.method === "GET" || request.method === "HEAD" || request.routeOptions.config?.readOnly === true;
    if (read && reply.statusCode < 400 && responseTime < SLOW_MS && !(this.sample > 0 && Math.random() < this.sample))
      return;
    reply.log.info({ req: request, res: reply, responseTime }, "request completed");
  }
}
