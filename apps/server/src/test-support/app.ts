import type { FastifyInstance } from "fastify";
import { buildApp } from "../app.js";
import { type AppConfig, loadConfig } from "../platform/config.js";
import { openTestDatabase, type TestDatabase } from "./database.js";

export const DEV_ADMIN = { authorization: "Bearer test-dev-admin-token" };

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
    DEV_ADMIN_TOKEN: "test-dev-admin-token",
    RATE_LIMIT_PER_MINUTE: "0", // off unless a test is about it
    ...env,
  });
}

/** A complete app over a private migrated database; drive it with `app.inject()`. */
export async function createTestApp(
  options: { env?: Record<string, string>; logger?: Record<string, unknown> } = {},
): Promise<TestApp> {
  const config = testConfig(options.env);
  const database = await openTestDatabase();
  const app = await buildApp(config, { database, logger: options.logger });
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
