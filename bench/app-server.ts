/**
 * The real application for benchmarks: migrated and seeded, request logging at "warn" (as a busy
 * production node would run), on PGlite in a temporary directory or on BENCH_DATABASE_URL.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildApp } from "../apps/server/src/app.js";
import { loadConfig } from "../apps/server/src/platform/config.js";
import { openDatabase } from "../apps/server/src/platform/db/database.js";
import { migrate } from "../apps/server/src/platform/db/migrator.js";
import { seedDemo } from "../apps/server/src/seed/index.js";
import { createBenchAccounts } from "./identity.js";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-bench-"));
const config = loadConfig({
  NODE_ENV: "production",
  LOG_LEVEL: "warn",
  SESSION_SECRET: "b".repeat(40),
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
  PII_INDEX_KEY: Buffer.alloc(32, 2).toString("base64"),
  SMS_SENDER: "http",
  SMS_HTTP_URL: "http://127.0.0.1:9/unused",
  DATA_DIR: dataDir,
  // The load generator is one client on one address hammering one account: measure the app, not the limiters.
  RATE_LIMIT_PER_MINUTE: "0",
  LOGIN_RATE_PER_IP: "100000000",
  LOGIN_RATE_PER_ACCOUNT: "100000000",
  LOGIN_MAX_FAILURES: "100",
});
const database = await openDatabase({
  databaseUrl: process.env.BENCH_DATABASE_URL,
  pgliteDir: path.join(dataDir, "pglite"),
});
await migrate(database.db);
await seedDemo(database.db, config);
await createBenchAccounts(database.db, config);
const app = await buildApp(config, { database });
await app.listen({ host: "127.0.0.1", port: 0 });
const address = app.server.address();
process.stdout.write(`LISTENING ${typeof address === "object" && address ? address.port : 0} ${database.driver}\n`);
process.on("SIGTERM", async () => {
  await app.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
});
