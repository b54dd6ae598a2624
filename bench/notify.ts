/**
 * Notice delivery benchmark (part of npm run bench): notices per second through the outbox — each notice is
 * `notify.send` in its own transaction (an in-app row, its log row, a queued SMS delivery and its job), then
 * the job runner drains the queue, sending every SMS through identity's HTTP adapter to a stub gateway in
 * this process (a local HTTP server answering 200) — beside the same run's raw rate of single-row INSERTs
 * into `notifications`, one commit each, on the same database. In one process on PGlite, then on a scratch
 * PostgreSQL database (BENCH_DATABASE_URL, else TEST_DATABASE_URL) when one is configured.
 * BENCH_NOTIFY: notices per run (default 500; 0 skips the section).
 */
import { once } from "node:events";
import fs from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { buildApp } from "../apps/server/src/app.js";
import { loadConfig } from "../apps/server/src/platform/config.js";
import { openDatabase } from "../apps/server/src/platform/db/database.js";
import { migrate } from "../apps/server/src/platform/db/migrator.js";
import { BENCH_PRODUCTION_ENV } from "./app-config.js";
import { runSql } from "./server-sql.js";

export const NOTICES = Number(process.env.BENCH_NOTIFY ?? 500);

export async function benchNotify(): Promise<string[]> {
  let gatewayHits = 0;
  const gateway = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      gatewayHits++;
      res.writeHead(200, { "content-type": "application/json" }).end('{"errcode":0}');
    });
  });
  gateway.listen(0, "127.0.0.1");
  await once(gateway, "listening");
  const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`;
  try {
    const lines = await benchOn(undefined, url, () => gatewayHits);
    const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
    if (!server) return [...lines, "  (PostgreSQL: skipped, no BENCH_DATABASE_URL or TEST_DATABASE_URL)"];
    const name = `yiwang_bench_notify_${Date.now()}`;
    await runSql(server, `create database ${name}`);
    try {
      const u = new URL(server);
      u.pathname = `/${name}`;
      return [...lines, ...(await benchOn(u.toString(), url, () => gatewayHits))];
    } finally {
      await runSql(server, `drop database if exists ${name} with (force)`);
    }
  } finally {
    gateway.closeAllConnections();
    gateway.close();
  }
}

async function benchOn(databaseUrl: string | undefined, smsUrl: string, hits: () => number): Promise<string[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-bench-notify-"));
  const config = loadConfig({
    ...BENCH_PRODUCTION_ENV,
    LOG_LEVEL: "warn",
    DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    NOTIFY_SMS_HTTP_URL: smsUrl,
    NOTIFY_CHANNEL_RATE_PER_SECOND: "100000",
  });
  const database = await openDatabase({ databaseUrl, pgliteDir: path.join(dataDir, "pglite") });
  await migrate(database.db);
  const app = await buildApp(config, { database, logger: false });
  await app.ready();
  const driver = databaseUrl ? "PostgreSQL" : "PGlite";
  try {
    const db = app.platform.db;
    const account = await db
      .insertInto("accounts")
      .values({
        kind: "citizen",
        display_name: "压测用户",
        phone_enc: app.platform.pii.encrypt("phone", "13900000000"),
        phone_bidx: app.platform.pii.blindIndex("phone", "13900000000"),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // Raw: one INSERT per commit, the in-app row alone.
    let t0 = performance.now();
    for (let i = 0; i < NOTICES; i++)
      await db
        .insertInto("notifications")
        .values({
          recipient_account_id: account.id,
          kind: "bench.raw",
          title_zh: "办件已办结",
          title_en: "Case decided",
          body_zh: `您的办件 ${i} 已办结。`,
          body_en: `Your case ${i} was decided.`,
          link: `/cases/${i}`,
          subject: `case:raw-${i}`,
          created_at: new Date(),
        })
        .execute();
    const raw = NOTICES / ((performance.now() - t0) / 1000);

    // Through the outbox: a legally required notice (case.decided) goes in-app + SMS by default.
    const before = hits();
    t0 = performance.now();
    for (let i = 0; i < NOTICES; i++)
      await db.transaction().execute((trx) =>
        app.platform.notify.send(trx, {
          recipients: [account.id],
          kind: "case.decided",
          title: { zh: "办件已办结", en: "Case decided" },
          body: { zh: `您的办件 ${i} 已办结。`, en: `Your case ${i} was decided.` },
          link: `/cases/${i}`,
          subject: `case:bench-${i}`,
        }),
      );
    const queuedMs = performance.now() - t0;
    while ((await app.platform.jobs.runDue(50)) > 0);
    const totalMs = performance.now() - t0;
    const sent = hits() - before;
    if (sent !== NOTICES) throw new Error(`notify bench: ${sent} SMS reached the stub gateway, expected ${NOTICES}`);
    const perSecond = NOTICES / (totalMs / 1000);
    return [
      `notices (${driver}, ${NOTICES}): raw INSERT ${raw.toFixed(0)}/s; notify.send (in-app + queue) ${(NOTICES / (queuedMs / 1000)).toFixed(0)}/s; ` +
        `end to end (in-app + SMS to a stub HTTP gateway through the outbox) ${perSecond.toFixed(0)}/s = ${(perSecond / raw).toFixed(2)}× raw`,
    ];
  } finally {
    await app.close();
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
