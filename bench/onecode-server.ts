/**
 * The application for the onecode benchmark (bench/onecode.ts): like app-server.ts on the demo city, plus
 * BENCH_ONECODE personal codes of the bench citizen (bench/identity.ts, raised to real-name level 2) issued over the API — each a different
 * nonce and sealed subject — written with the signed key list to BENCH_ONECODE_FILE. Codes live 600 s here
 * (the longest ONECODE_LIFETIME_SECONDS allows) so that none expires during the run.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildApp } from "../apps/server/src/app.js";
import { PiiCipher } from "../apps/server/src/platform/crypto/pii.js";
import { openDatabase } from "../apps/server/src/platform/db/database.js";
import { migrate } from "../apps/server/src/platform/db/migrator.js";
import { tuneHeapForServing } from "../apps/server/src/platform/heap-tuning.js";
import { seedDemo } from "../apps/server/src/seed/index.js";
import { sessionHeaders } from "../apps/server/src/test-support/identity.js";
import { benchAppConfig } from "./app-config.js";
import { BENCH_PASSWORD, BENCH_PHONE, createBenchAccounts } from "./identity.js";

tuneHeapForServing(); // as main.ts does
const count = Number(process.env.BENCH_ONECODE ?? 200);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-bench-onecode-"));
const base = benchAppConfig(dataDir);
const config = { ...base, onecode: { ...base.onecode, lifetimeSeconds: 600 } };
const database = await openDatabase({
  databaseUrl: process.env.BENCH_DATABASE_URL,
  pgliteDir: path.join(dataDir, "pglite"),
});
await migrate(database.db);
await seedDemo(database.db, config);
await createBenchAccounts(database.db, config);
// A code needs real-name level 2 (a fictional ID number; codes carry none anyway).
const pii = new PiiCipher({ key: config.secrets.dataEncryptionKey, indexKey: config.secrets.piiIndexKey });
const idNumber = "99010219900101123X";
await database.db
  .updateTable("accounts")
  .set({
    realname_level: 2,
    real_name: "压测用户",
    id_number_enc: pii.encrypt("id_number", idNumber),
    id_number_bidx: pii.blindIndex("id_number", idNumber),
  })
  .where("display_name", "=", "压测用户")
  .execute();
const app = await buildApp(config, { database });

const login = await app.inject({
  method: "POST",
  url: "/api/identity/login/password",
  payload: { phone: BENCH_PHONE, password: BENCH_PASSWORD },
});
if (login.statusCode !== 200) throw new Error(`login: ${login.statusCode} ${login.body}`);
const headers = sessionHeaders(login);
const codes: string[] = [];
for (let i = 0; i < count; i++) {
  const res = await app.inject({ method: "GET", url: "/api/onecode/code", headers });
  if (res.statusCode !== 200) throw new Error(`code: ${res.statusCode} ${res.body}`);
  codes.push(res.json().code);
}
const keys = (await app.inject({ method: "GET", url: "/api/onecode/keys" })).json();
fs.writeFileSync(process.env.BENCH_ONECODE_FILE ?? path.join(dataDir, "codes.json"), JSON.stringify({ codes, keys }));

await app.listen({ host: "127.0.0.1", port: 0 });
const address = app.server.address();
process.stdout.write(`LISTENING ${typeof address === "object" && address ? address.port : 0} ${database.driver}\n`);
process.on("SIGTERM", async () => {
  await app.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
});
