/**
 * The application for the license-verification benchmark (bench/licenses.ts): like app-server.ts, plus
 * BENCH_LICENSES 居民身份证 licenses imported over the API by a psb approver (CSV, so each is really
 * issued: identifier, VC-JWT, QR token, sealed PDF). Their QR tokens go to BENCH_TOKENS_FILE.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { idNumberCheckChar } from "@yiwang/contracts";
import { buildApp } from "../apps/server/src/app.js";
import { openDatabase } from "../apps/server/src/platform/db/database.js";
import { migrate } from "../apps/server/src/platform/db/migrator.js";
import { tuneHeapForServing } from "../apps/server/src/platform/heap-tuning.js";
import { seedDemo } from "../apps/server/src/seed/index.js";
import type { TestApp } from "../apps/server/src/test-support/app.js";
import { createStaff } from "../apps/server/src/test-support/identity.js";
import { benchAppConfig } from "./app-config.js";

tuneHeapForServing(); // as main.ts does
const count = Number(process.env.BENCH_LICENSES ?? 200);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-bench-licenses-"));
const config = benchAppConfig(dataDir);
const database = await openDatabase({
  databaseUrl: process.env.BENCH_DATABASE_URL,
  pgliteDir: path.join(dataDir, "pglite"),
});
await migrate(database.db);
await seedDemo(database.db, config);
const app = await buildApp(config, { database });

/** Fictional, valid ID numbers: region 990102, born 1990-01-01 + i days, sequence per i. */
function idNumber(i: number): string {
  const birth = new Date(Date.UTC(1990, 0, 1 + (i % 7000))).toISOString().slice(0, 10).replace(/-/g, "");
  const first17 = `990102${birth}${String(100 + (i % 900)).padStart(3, "0")}`;
  return `${first17}${idNumberCheckChar(first17)}`;
}

const asTestApp = { app, database, config, close: async () => {} } as unknown as TestApp;
const staff = await createStaff(asTestApp, { roles: ["approver"], departmentKey: "psb" });
const rows = Array.from({ length: count }, (_, i) => `压测${i},${idNumber(i)},2020-01-01,男,1990-01-01,示例市`);
const importStart = performance.now();
const res = await app.inject({
  method: "POST",
  url: "/api/licenses/import?type=ID",
  headers: { ...staff.headers, "content-type": "text/csv" },
  payload: ["持证主体名称,证件号码,有效期起,性别,出生日期,住址", ...rows].join("\n"),
});
if (res.statusCode !== 201) throw new Error(`license import: ${res.statusCode} ${res.body}`);
const importMs = performance.now() - importStart;
const tokens = await database.db.selectFrom("licenses").select("qr_token").execute();
fs.writeFileSync(
  process.env.BENCH_TOKENS_FILE ?? path.join(dataDir, "tokens.json"),
  JSON.stringify(tokens.map((t) => t.qr_token)),
);

await app.listen({ host: "127.0.0.1", port: 0 });
const address = app.server.address();
process.stdout.write(`IMPORTED ${count} ${importMs.toFixed(0)}\n`);
process.stdout.write(`LISTENING ${typeof address === "object" && address ? address.port : 0} ${database.driver}\n`);
process.on("SIGTERM", async () => {
  await app.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
});
