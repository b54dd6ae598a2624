/**
 * The configuration the benchmarked application runs with (bench/app-server.ts): production mode with
 * production's logging (level "info": every write and error logged, 1 % of successful reads), limiters out
 * of the way. Benches that build a
 * second instance on the same database (bench/cases.ts prepares drafts in-process) use the same secrets.
 */
import { type AppConfig, loadConfig } from "../apps/server/src/platform/config.js";

/** /metrics answers only with this bearer token in production. */
export const BENCH_METRICS_TOKEN = "bench-metrics-token-0123456789";

/** What production mode requires (no development secrets, a real SMS sender, a metrics token). */
export const BENCH_PRODUCTION_ENV = {
  NODE_ENV: "production",
  LOG_LEVEL: "info",
  SESSION_SECRET: "b".repeat(40),
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
  PII_INDEX_KEY: Buffer.alloc(32, 2).toString("base64"),
  SMS_SENDER: "http",
  SMS_HTTP_URL: "http://127.0.0.1:9/unused",
  METRICS_TOKEN: BENCH_METRICS_TOKEN,
  PAYMENT_CALLBACK_SECRET: "c".repeat(40),
};

export function benchAppConfig(dataDir: string): AppConfig {
  return loadConfig({
    ...BENCH_PRODUCTION_ENV,
    DATA_DIR: dataDir,
    // The load generator is one client on one address hammering one account: measure the app, not the limiters.
    RATE_LIMIT_PER_MINUTE: "0",
    LOGIN_RATE_PER_IP: "100000000",
    LOGIN_RATE_PER_ACCOUNT: "100000000",
    LOGIN_MAX_FAILURES: "100",
  });
}
