import type { FastifyBaseLogger } from "fastify";
import type { AuditLog } from "./service.js";

/**
 * Background work of the log in a serving process: sequence the queue every `sequenceIntervalMs`, sign
 * a tree head every `sthIntervalSeconds` when the tree grew. Safe with many processes: sequencing takes
 * an advisory lock and skips when another process holds it. Returns a function that stops both timers.
 */
export function startAuditJobs(
  log: AuditLog,
  options: { sequenceIntervalMs: number; sthIntervalSeconds: number },
  logger: FastifyBaseLogger,
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const run = (what: string, fn: () => Promise<unknown>) => {
    if (stopped) return;
    running = running.then(fn).catch((err) => logger.error({ err }, `audit ${what} failed`));
  };
  const seq = setInterval(() => run("sequencing", () => log.flush()), options.sequenceIntervalMs);
  const sth = setInterval(() => run("tree head signing", () => log.signIfChanged()), options.sthIntervalSeconds * 1000);
  seq.unref();
  sth.unref();
  return async () => {
    stopped = true;
    clearInterval(seq);
    clearInterval(sth);
    await running;
    await log.flush().catch((err) => logger.error({ err }, "audit final flush failed"));
  };
}
