/**
 * npx tsx bench/denied-counter.ts [n] — the figures behind counting refused (403) requests in process
 * memory (modules/security/detector.ts `DeniedBursts`) rather than in PostgreSQL: the in-memory hit per
 * refusal, beside the platform's shared PostgreSQL counter (`platform/rate-limit.ts`, one upsert) on
 * embedded PGlite — and on a server when DATABASE_URL is set — and a whole refused request through the app
 * (`inject`, 403 from the permission guard) with the detector's hook, for scale.
 */

import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildApp } from "../apps/server/src/app.js";
import { DeniedBursts } from "../apps/server/src/modules/security/index.js";
import { systemClock } from "../apps/server/src/platform/clock/clock.js";
import { openDatabase } from "../apps/server/src/platform/db/database.js";
import { migrate } from "../apps/server/src/platform/db/migrator.js";
import { RateLimiter } from "../apps/server/src/platform/rate-limit.js";
import { benchAppConfig } from "./app-config.js";

const n = Number(process.argv[2] ?? 5_000);

async function per(name: string, count: number, run: (i: number) => unknown) {
  const t = performance.now();
  for (let i = 0; i < count; i++) await run(i);
  const us = ((performance.now() - t) * 1000) / count;
  console.log(`${name.padEnd(62)} ${us.toFixed(2).padStart(10)} µs per refusal`);
}

const counter = new DeniedBursts(systemClock, 20, 60_000);
const dir = mkdtempSync(path.join(os.tmpdir(), "yiwang-bench-denied-"));
const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, pgliteDir: path.join(dir, "pglite") });
try {
  await migrate(database.db);
  const limiter = new RateLimiter(database.db);
  const app = await buildApp(benchAppConfig(dir), { database, logger: false });
  await app.ready();
  console.log(`Node ${process.version}, ${database.driver}, n = ${n}`);
  for (let round = 1; round <= 2; round++) {
    console.log(`round ${round}`);
    await per("in memory: DeniedBursts.hit, 1,000 keys", n * 20, (i) =>
      counter.hit(`ip:10.0.${(i % 1000) >> 8}.${i & 255}`),
    );
    await per(`PostgreSQL counter: RateLimiter.hit (one upsert), ${database.driver}`, n, (i) =>
      limiter.hit(`bench:denied:${i % 1000}`, 1_000_000_000, 60).catch(() => {}),
    );
    // A 401 skips the hook's counting (only 403s count); it is the cheapest guarded answer, for scale.
    await per("whole request: anonymous GET /api/admin/jobs/dead (401), inject", n, () =>
      app.inject({ method: "GET", url: "/api/admin/jobs/dead" }),
    );
  }
  await app.close();
} finally {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}
