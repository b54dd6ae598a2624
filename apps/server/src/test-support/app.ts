import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../app.js";
import type { Clock } from "../platform/clock/clock.js";
import { type AppConfig, loadConfig } from "../platform/config.js";
import { logSerializers, REDACT_PATHS } from "../platform/logging.js";
import { openTestDatabase, type TestDatabase } from "./database.js";

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  config: AppConfig;
  close(): Promise<void>;
}

export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    // Rate limits high unless a test is about them (every test request comes from 127.0.0.1).
    RATE_LIMIT_PER_MINUTE: "0",
    LOGIN_RATE_PER_IP: "100000",
    LOGIN_RATE_PER_ACCOUNT: "1000",
    SMS_RATE_PER_IP: "100000",
    // Nor a security alert for refused requests: every test request comes from 127.0.0.1, so a file's 403s
    // would add up to alerts (audit entries, notices) in tests about something else.
    SECURITY_DENIED_ALERT_COUNT: "100000",
    // Content-addressed, so all test apps may share one directory (never the repository's .data).
    FILES_DIR: path.join(os.tmpdir(), "yiwang-test-files"),
    ...env,
  });
}

/** A complete app over a private migrated database; drive it with `app.inject()`. */
export async function createTestApp(
  options: { env?: Record<string, string>; logger?: Record<string, unknown>; clock?: Clock } = {},
): Promise<TestApp> {
  const config = testConfig(options.env);
  const database = await openTestDatabase();
  const app = await buildApp(config, { database, logger: options.logger, clock: options.clock });
  await app.ready();
  return {
    app,
    database,
    config,
    async close() {
      await app.close();
      await database.dispose();
    },
  };
}

/**
 * Logger options with the production redaction and serializers, writing each line into `lines`, for tests
 * that check what reaches the logs.
 */
export function capturedLogger(lines: string[], level = "info"): Record<string, unknown> {
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { level, stream, redact: { paths: REDACT_PATHS, censor: "[REDACTED]" }, serializers: logSerializers };
}
