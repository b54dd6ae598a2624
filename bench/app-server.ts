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

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-bench-"));
const config = loadConfig({
  NODE_ENV: "production",
  LOG_LEVEL: "warn",
  SESSION_SECRET: "b".repeat(40),
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
  DATA_DIR: dataDir,
  RATE_LIMIT_PER_MINUTE: "0", // the load generator is one client; measure the app, not the limiter
});
const database = await openDatabase({
  databaseUrl: process.env.BENCH_DATABASE_URL,
  pgliteDir: path.join(dataDir, "pglite"),
});
await migrate(database.db);
await seedDemo(database.db);
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
