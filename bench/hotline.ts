/**
 * 12345 hotline intake benchmark (part of npm run bench), on PostgreSQL (BENCH_DATABASE_URL, else
 * TEST_DATABASE_URL; skipped without one): POST /api/hotline/desk/requests over HTTP, signed in as a hotline
 * operator (session cookie, permission hotline.intake), each request a different category × district so the
 * routing rule, the department lookup, the number sequence, the deadline on the work calendar, the timeline
 * row, the audit entry, the outbox event, the deadline job and the department's notification are all paid —
 * one transaction per request.
 * Beside it in the same run: the bare-Fastify baseline (run.ts passes its req/s) and single-row INSERTs
 * through node-postgres with the app's pool size into the same database. Then the headroom against
 * Beijing's load: 21 M requests in 2023 ≈ 0.67/s on average, peaks taken as 50× that.
 * BENCH_HOTLINE: seconds per measurement (default 5; 0 skips the section); BENCH_HOTLINE_CONNECTIONS (default 10).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { openDatabase } from "../apps/server/src/platform/db/database.js";
import { migrate } from "../apps/server/src/platform/db/migrator.js";
import { seedDemo } from "../apps/server/src/seed/index.js";
import { benchAppConfig } from "./app-config.js";
import { runSql } from "./server-sql.js";
import { benchStaffSession } from "./staff-session.js";

export const HOTLINE_SECONDS = Number(process.env.BENCH_HOTLINE ?? 5);
const CONNECTIONS = Number(process.env.BENCH_HOTLINE_CONNECTIONS ?? 10);
const POOL_SIZE = 10;
/** Beijing 接诉即办, 2023: 21 M requests a year. */
const BEIJING_PER_SECOND = 21_000_000 / (365 * 86_400);
const PEAK_FACTOR = 50;

const here = import.meta.dirname;
const tsx = path.resolve(here, "../node_modules/.bin/tsx");
const CATEGORIES = ["030101", "020101", "050101", "060101", "020105", "010102", "080102", "100101"];
const DISTRICTS = ["990102", "990103", "990104", "990105"];

function startApp(databaseUrl: string): Promise<{ child: ChildProcess; port: number; driver: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [path.join(here, "app-server.ts")], {
      env: { ...process.env, BENCH_DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "inherit"],
    });
    child.stdout?.on("data", (d: Buffer) => {
      const m = /LISTENING (\d+) ?(\S*)/.exec(d.toString());
      if (m) resolve({ child, port: Number(m[1]), driver: m[2] ?? "" });
    });
    child.on("exit", (code) => reject(new Error(`app-server.ts exited with ${code}`)));
  });
}

function stopApp(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    child.removeAllListeners("exit");
    child.on("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

function body(i: number) {
  return JSON.stringify({
    kind: "help",
    categoryCode: CATEGORIES[i % CATEGORIES.length],
    description: `压测诉求 ${i}：小区门口路灯不亮，请尽快处理。`,
    location: {
      address: `示例市和平路 ${i % 900} 号`,
      districtCode: DISTRICTS[i % DISTRICTS.length],
      lat: 39.9 + (i % 100) / 1000,
      long: 116.4 + (i % 97) / 1000,
    },
    caller: { name: "张三", phone: "13800001234" },
  });
}

async function insertRate(pool: pg.Pool, concurrency: number, seconds: number) {
  let n = 0;
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await pool.query("insert into bench_hotline_rows (id, number, payload) values ($1, $2, $3)", [
          randomUUID(),
          `12345-${n}`,
          body(n),
        ]);
        n++;
      }
    }),
  );
  return n / ((performance.now() - start) / 1000);
}

export async function benchHotline(baselineRps: number): Promise<string[]> {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!server) return ["12345 intake: skipped (needs PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL)"];
  const name = `yiwang_bench_hotline_${Date.now()}`;
  await runSql(server, `create database ${name}`);
  const u = new URL(server);
  u.pathname = `/${name}`;
  const url = u.toString();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-bench-hotline-"));
  const config = benchAppConfig(dataDir);
  const database = await openDatabase({ databaseUrl: url });
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  const out: string[] = [];
  try {
    await migrate(database.db);
    await seedDemo(database.db, config);
    app = await startApp(url);
    const base = `http://127.0.0.1:${app.port}`;
    const cookie = await benchStaffSession(base, database.db, config.secrets.dataEncryptionKey, {
      role: "hotline_operator",
      username: "bench.hotline",
      displayName: "压测话务员",
    });
    await pool.query(
      "create table bench_hotline_rows (id uuid primary key, number text not null, payload jsonb not null)",
    );
    await insertRate(pool, CONNECTIONS, 1);
    const insert = await insertRate(pool, CONNECTIONS, HOTLINE_SECONDS);
    let i = 0;
    const r = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: HOTLINE_SECONDS,
      // The run ends at autocannon's next sample after the duration (one a second by default): sampled every
      // 20 ms, finish − start is the time the requests ran, not up to a second more.
      sampleInt: 20,
      headers: { cookie, "content-type": "application/json" },
      requests: [
        { method: "POST", path: "/api/hotline/desk/requests", setupRequest: (req) => ({ ...req, body: body(i++) }) },
      ],
    });
    const rps = r["2xx"] / ((r.finish.getTime() - r.start.getTime()) / 1000);
    const stored = await pool.query<{ n: number; audited: number }>(
      "select count(*)::int as n, (select count(*)::int from hotline_actions) as audited from hotline_requests",
    );
    const peak = BEIJING_PER_SECOND * PEAK_FACTOR;
    out.push(
      `12345 intake on PostgreSQL [${app.driver}], ${CONNECTIONS} connections, ${HOTLINE_SECONDS} s, one operator session:`,
      "| scenario | req/s | p50 ms | p99 ms | errors | vs bare Fastify | vs raw INSERT |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
      `| baseline: bare Fastify GET /healthz (no DB) | ${baselineRps.toFixed(0)} | | | | 1.00 | |`,
      `| baseline: raw single-row INSERT, pg Pool ${POOL_SIZE}, ${CONNECTIONS} in flight | ${insert.toFixed(0)} | | | 0 | | 1.00 |`,
      `| POST /api/hotline/desk/requests (HTTP, session, permission, routing, deadline, audit, outbox, job) | ` +
        `${rps.toFixed(0)} | ${r.latency.p50} | ${r.latency.p99} | ${r.errors + r.timeouts + r.non2xx} | ` +
        `${(rps / baselineRps).toFixed(3)} | ${(rps / insert).toFixed(3)} |`,
      `  stored: ${stored.rows[0]?.n ?? 0} requests, ${stored.rows[0]?.audited ?? 0} timeline rows`,
      `  Beijing-scale load (21 M/year): ${BEIJING_PER_SECOND.toFixed(2)}/s average, ${peak.toFixed(1)}/s at a ${PEAK_FACTOR}× peak; ` +
        `a week is ${Math.round(BEIJING_PER_SECOND * 7 * 86_400).toLocaleString("en")} requests. ` +
        `Headroom of one node: ${(rps / BEIJING_PER_SECOND).toFixed(0)}× the average, ${(rps / peak).toFixed(1)}× the peak.`,
    );
  } finally {
    await pool.end();
    await database.close();
    if (app) await stopApp(app.child);
    await runSql(server, `drop database if exists ${name} with (force)`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return out;
}
