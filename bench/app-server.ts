/**
 * The real application for benchmarks: migrated and seeded, configured by app-config.ts (production,
 * request logging at "warn"), on PGlite in a temporary directory or on BENCH_DATABASE_URL.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildApp } from "../apps/server/src/app.js";
import { openDatabase } from "../apps/server/src/platform/db/database.js";
import { migrate } from "../apps/server/src/platform/db/migrator.js";
import { tuneHeapForServing } from "../apps/server/src/platform/heap-tuning.js";
import { seedDemo } from "../apps/server/src/seed/index.js";
import { benchAppConfig } from "./app-config.js";
import { createBenchAccounts } from "./identity.js";

tuneHeapForServing(); // as main.ts does
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-bench-"));
const config = benchAppConfig(dataDir);
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
// The server's own pid (tsx runs it in a child of the process the bench spawned): bench/cpu-meter.ts reads it.
process.stdout.write(`PID ${process.pid}\n`);
process.stdout.write(`LISTENING ${typeof address === "object" && address ? address.port : 0} ${database.driver}\n`);
process.on("SIGTERM", async () => {
  await app.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
});
