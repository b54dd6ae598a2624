/**
 * Case submission benchmark (part of npm run bench), on PostgreSQL only (BENCH_DATABASE_URL, else
 * TEST_DATABASE_URL; skipped without one): POST /api/cases/:id/submit over HTTP, signed in as the demo
 * citizen acting for the demo enterprise, for item 990100-XK-001 (its real form, 5 required PDFs). A submit
 * locks the draft, validates the form with ajv against the version's JSON Schema, checks the materials,
 * numbers the case (per-region-per-day counter row) and opens the first step: history, audit entry, outbox
 * event, task — one transaction.
 *
 * A scratch database gets the schema and the demo city (with the demo accounts, which app-server.ts leaves
 * out in production mode); the real app (bench/app-server.ts, its own process, 127.0.0.1) then runs on it.
 * Drafts (create + form + uploads + re-read) are prepared before the timed phase, for at most
 * PREPARE_SECONDS, over HTTP and — to use the other core — through a second instance of the app in this
 * process (inject) on the same database; the drafts made are shared out among the levels. Each submit takes
 * a different draft (autocannon, `amount` = the level's drafts, so a level ends when they are used up).
 * While it runs, pg_stat_activity is sampled: what the app's connections do (running, waiting for a commit's
 * WAL flush, on a lock).
 * Baseline, same run, same database, at the same concurrency: single-row INSERTs (uuid, text, jsonb, one
 * commit each) through node-postgres with the app's pool size. Then full applications (create, form, five
 * uploads, re-read, submit) per second over HTTP from a bounded loop. The database is dropped at the end.
 * BENCH_CASES: drafts submitted per concurrency level at most (default 500; 0 skips the section);
 * BENCH_CASES_CONNECTIONS: the concurrency levels (default "10,50").
 */

import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { buildApp } from "../apps/server/src/app.js";
import { type Database, openDatabase } from "../apps/server/src/platform/db/database.js";
import { migrate } from "../apps/server/src/platform/db/migrator.js";
import { pdfBytes } from "../apps/server/src/platform/files/testing.js";
import demo from "../apps/server/src/seed/data/demo-accounts.json" with { type: "json" };
import { seedDemo } from "../apps/server/src/seed/index.js";
import { benchAppConfig } from "./app-config.js";
import { cpuPerRequest, cpuProfileEnv, cpuSnapshot, describeCpu } from "./cpu-meter.js";
import { reportIssue16 } from "./issue16.js";
import { scratchDatabase } from "./server-sql.js";

export const CASES = Number(process.env.BENCH_CASES ?? 500);
const LEVELS = (process.env.BENCH_CASES_CONNECTIONS ?? "10,50").split(",").map(Number);
/** openDatabase's default pool size, which the app (app-server.ts) runs with. */
const POOL_SIZE = 10;
export const ITEM = "990100-XK-001";
const PHONE = "13800000003"; // 李娜, legal representative of the demo enterprise
const USCC = "91990100MA0001018E";
const WARM_UP = 30;
/** application_name of the bench's own connections (the baseline's pool, the sampler), left out of the samples. */
const BENCH_APP_NAME = "yiwang-bench";
const PREPARE_SECONDS = 25;
const PREPARE_CONCURRENCY = 8; // per preparing instance
const BASELINE_SECONDS = 3;
const APPLY_SECONDS = 5;
const APPLY_CONCURRENCY = 10;

const here = import.meta.dirname;
const tsx = path.resolve(here, "../node_modules/.bin/tsx");

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Requests answered 2xx (what CPU per request divides by). */
  ok?: number;
}

interface Draft {
  id: string;
  version: number;
}

export function pct(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}

const f1 = (x: number) => x.toFixed(1);

/** A minimal valid PDF (header, one empty page, xref, trailer), as the cases tests upload. */
const tinyPdf = (text: string) => pdfBytes(text);

/** A multipart body as a browser sends it: the `material` field, then the file. */
function multipart(material: string, bytes: Buffer) {
  const boundary = `----yiwang${randomUUID()}`;
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="material"\r\n\r\n${material}\r\n`),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="material.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  };
}

/** The 990100-XK-001 form's required fields that are not prefilled (name, USCC and contact are). */
function formFields(i: number) {
  return {
    legalRepresentative: "李娜",
    premisesAddress: `示例市示例区示例路${(i % 900) + 1}号`,
    businessFormat: "餐饮服务经营者",
    businessItems: ["热食类食品制售", "冷食类食品制售"],
    floorArea: 80 + (i % 200),
    onlineSales: i % 2 === 0,
  };
}

type Json = Record<string, unknown>;

/** The API as one signed-in applicant sees it: over HTTP, or injected into an in-process instance. */
export interface Api {
  call(method: "GET" | "POST" | "PUT", url: string, body?: unknown, expect?: number): Promise<Json>;
  upload(caseId: string, material: string, bytes: Buffer): Promise<void>;
}

/** The `yw_session=…` pair a response sets, if it sets a non-empty one. */
function sessionCookieOf(res: Response): string | undefined {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] as string)
    .find((c) => c.startsWith("yw_session=") && c.length > "yw_session=".length);
}

export class HttpApi implements Api {
  constructor(
    readonly base: string,
    public cookie = "",
  ) {}

  async call(method: string, url: string, body?: unknown, expect = 200): Promise<Json> {
    const res = await fetch(`${this.base}${url}`, {
      method,
      headers: { cookie: this.cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // Like a browser: a new session token (switching the identity acted for) replaces the old one.
    this.cookie = sessionCookieOf(res) ?? this.cookie;
    const text = await res.text();
    if (res.status !== expect) throw new Error(`${method} ${url}: ${res.status} ${text}`);
    return JSON.parse(text);
  }

  async upload(caseId: string, material: string, bytes: Buffer) {
    const m = multipart(material, bytes);
    const res = await fetch(`${this.base}/api/cases/${caseId}/materials`, {
      method: "POST",
      headers: { cookie: this.cookie, "content-type": m.contentType },
      body: m.body,
    });
    if (res.status !== 201) throw new Error(`upload ${material}: ${res.status} ${await res.text()}`);
  }
}

class InjectApi implements Api {
  constructor(
    readonly app: FastifyInstance,
    readonly cookie: string,
  ) {}

  async call(method: "GET" | "POST" | "PUT", url: string, body?: unknown, expect = 200): Promise<Json> {
    const res = await this.app.inject({ method, url, headers: { cookie: this.cookie }, payload: body as Json });
    if (res.statusCode !== expect) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  }

  async upload(caseId: string, material: string, bytes: Buffer) {
    const m = multipart(material, bytes);
    const res = await this.app.inject({
      method: "POST",
      url: `/api/cases/${caseId}/materials`,
      headers: { cookie: this.cookie, "content-type": m.contentType },
      payload: m.body,
    });
    if (res.statusCode !== 201) throw new Error(`upload ${material}: ${res.statusCode} ${res.body}`);
  }
}

export function startApp(
  databaseUrl: string,
): Promise<{ child: ChildProcess; port: number; driver: string; pid: number | undefined }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [path.join(here, "app-server.ts")], {
      env: { ...process.env, BENCH_DATABASE_URL: databaseUrl, ...cpuProfileEnv() },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out: string | null = "";
    child.stdout?.on("data", (d: Buffer) => {
      if (out === null) return;
      out += d.toString();
      const m = /LISTENING (\d+) ?(\S*)/.exec(out);
      const pid = /PID (\d+)/.exec(out);
      if (!m) return;
      out = null;
      resolve({ child, port: Number(m[1]), driver: m[2] ?? "", pid: pid ? Number(pid[1]) : undefined });
    });
    child.on("exit", (code) => reject(new Error(`app-server.ts exited with ${code}`)));
  });
}

export function stopApp(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    child.removeAllListeners("exit");
    child.on("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** The demo representative signed in and acting for the demo enterprise. */
export async function applicant(base: string): Promise<HttpApi> {
  const res = await fetch(`${base}/api/identity/login/password`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ phone: PHONE, password: demo.password }),
  });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  const cookie = sessionCookieOf(res);
  if (!cookie) throw new Error("login: no yw_session cookie");
  const api = new HttpApi(base, cookie);
  const list = await api.call("GET", "/api/identity/me/enterprises");
  const items = (list.items ?? list) as { id?: string; enterpriseId?: string; uscc: string }[];
  const e = items.find((x) => x.uscc === USCC);
  if (!e) throw new Error(`demo enterprise not bound: ${JSON.stringify(list)}`);
  await api.call("PUT", "/api/identity/me/acting-for", { enterpriseId: e.enterpriseId ?? e.id });
  return api;
}

/** Create, fill in the form, upload every required material, re-read: a draft ready to submit. */
export async function draft(api: Api, materials: string[], i: number): Promise<Draft> {
  const created = await api.call("POST", "/api/cases", { itemCode: ITEM }, 201);
  const id = created.id as string;
  const saved = await api.call("PUT", `/api/cases/${id}/form`, {
    formData: { ...(created.formData as Json), ...formFields(i) },
    version: created.version,
  });
  for (const m of materials) await api.upload(id, m, tinyPdf(`${m.length}-${i % 7}`));
  const fresh = await api.call("GET", `/api/cases/${id}`);
  if (
    (fresh.materials as unknown[]).length < materials.length ||
    (fresh.version as number) <= (saved.version as number)
  )
    throw new Error(`draft ${id}: uploads missing`);
  return { id, version: fresh.version as number };
}

/** Up to `count` drafts, `concurrency` callers per API, stopping after `seconds`. */
async function prepare(apis: Api[], materials: string[], count: number, concurrency: number, seconds: number) {
  const out: Draft[] = [];
  let next = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    apis.flatMap((api) =>
      Array.from({ length: concurrency }, async () => {
        while (next < count && performance.now() < end) out.push(await draft(api, materials, next++));
      }),
    ),
  );
  return out;
}

/**
 * Runs every due job (mostly the submissions' event deliveries: indicators.case-rollups) through an
 * in-process instance of the app, one run after another as the app's poller does: what the worker costs
 * per submission, and how fast it catches up.
 */
async function drainJobs(config: ReturnType<typeof benchAppConfig>, database: Database, pool: pg.Pool) {
  const due = await pool.query<{ kind: string; n: number }>(
    "select kind, count(*)::int as n from jobs where run_at <= now() and dead_at is null group by kind order by 2 desc",
  );
  const worker = await buildApp(config, { database });
  await worker.ready();
  try {
    const t = performance.now();
    let ran = 0;
    for (let n = 1; n > 0; ran += n) n = await worker.platform.jobs.runDue(100);
    const seconds = (performance.now() - t) / 1000;
    const kinds = due.rows.map((r) => `${r.kind} ${r.n.toLocaleString("en")}`).join(", ") || "none";
    return { ran, seconds, rate: ran / seconds, kinds };
  } finally {
    await worker.close();
  }
}

/** Every draft submitted exactly once, `connections` at a time. */
async function submitAll(api: HttpApi, drafts: Draft[], connections: number): Promise<Figures> {
  let k = 0;
  // Timed here, to the last answer: with `amount`, autocannon reports its finish at its next sample after
  // the last response — one a second by default, which put every level's rate at drafts ÷ whole seconds (a
  // 1.3 s level counted as 2 s). Sampling every 20 ms also ends the run (and the CPU meter's window) then.
  const started = performance.now();
  let last = started;
  const instance = autocannon({
    url: api.base,
    connections,
    amount: drafts.length,
    sampleInt: 20,
    timeout: 30,
    headers: { cookie: api.cookie, "content-type": "application/json" },
    requests: [
      {
        method: "POST",
        setupRequest: (req) => {
          const d = drafts[Math.min(k++, drafts.length - 1)] as Draft;
          return { ...req, path: `/api/cases/${d.id}/submit`, body: JSON.stringify({ version: d.version }) };
        },
      },
    ],
  });
  (instance as unknown as { on(event: "response", listener: () => void): void }).on("response", () => {
    last = performance.now();
  });
  const r = await instance;
  const seconds = (last - started) / 1000;
  return {
    rps: r["2xx"] / seconds,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
    ok: r["2xx"],
  };
}

/** Single-row autocommit INSERTs from `concurrency` callers through a pool of the app's size. */
async function insertRate(pool: pg.Pool, concurrency: number, seconds: number): Promise<Figures> {
  const ms: number[] = [];
  let i = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const n = i++;
        const s = performance.now();
        await pool.query(
          "insert into bench_case_rows (id, type, subject, actor, payload) values ($1, $2, $3, $4, $5)",
          [
            randomUUID(),
            "submitted",
            `case:${n}`,
            `citizen:${PHONE}`,
            JSON.stringify({
              itemCode: ITEM,
              number: `990100-20260302-${String(n).padStart(6, "0")}`,
              immediate: false,
            }),
          ],
        );
        ms.push(performance.now() - s);
      }
    }),
  );
  return { rps: ms.length / ((performance.now() - start) / 1000), p50: pct(ms, 50), p99: pct(ms, 99), errors: 0 };
}

/** Samples the database's other sessions every 100 ms: how many wait on a heavyweight lock (mean). */
/**
 * What the app's connections do while the submits run (pg_stat_activity every 100 ms; the bench's own pools
 * are named BENCH_APP_NAME and left out; its migration pool sits idle): running a statement, waiting for
 * the WAL flush of a commit, waiting on a lock. Means over the samples; the rest of the pool is idle.
 */
function connectionSampler(pool: pg.Pool) {
  const samples: { running: number; wal: number; lock: number }[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const r = await pool.query<{ running: number; wal: number; lock: number }>(
        `select count(*) filter (where state = 'active' and wait_event is null)::int as running,
                count(*) filter (where wait_event in ('WALSync', 'WALWrite', 'WALInitSync', 'WALWriteLock', 'WALInsert', 'WALBufMapping'))::int as wal,
                count(*) filter (where wait_event_type = 'Lock')::int as lock
           from pg_stat_activity
          where datname = current_database() and backend_type = 'client backend'
            and application_name <> '${BENCH_APP_NAME}'`,
      );
      if (r.rows[0]) samples.push(r.rows[0]);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    const mean = (k: "running" | "wal" | "lock") =>
      samples.length ? samples.reduce((a, x) => a + x[k], 0) / samples.length : 0;
    return { running: mean("running"), wal: mean("wal"), lock: mean("lock") };
  };
}

/** Whole applications (create, form, uploads, re-read, submit) per second from a bounded loop. */
async function applyRate(api: Api, materials: string[], concurrency: number, seconds: number) {
  const ms: number[] = [];
  let i = 1_000_000;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const s = performance.now();
        const d = await draft(api, materials, i++);
        await api.call("POST", `/api/cases/${d.id}/submit`, { version: d.version });
        ms.push(performance.now() - s);
      }
    }),
  );
  return { rps: ms.length / ((performance.now() - start) / 1000), p50: pct(ms, 50), p99: pct(ms, 99), n: ms.length };
}

export async function benchCases(): Promise<string[]> {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!server) return ["case submission: skipped (needs PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL)"];
  const began = performance.now();
  const scratch = await scratchDatabase(server, "yiwang_bench_cases");
  const url = scratch.url;
  const out: string[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-bench-cases-"));
  const config = benchAppConfig(dataDir);
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  let local: FastifyInstance | undefined;
  const database = await openDatabase({ databaseUrl: url });
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, application_name: BENCH_APP_NAME });
  const sampling = new pg.Pool({ connectionString: url, max: 1, application_name: BENCH_APP_NAME });
  try {
    // The demo city with its demo accounts (a non-production seed) under the app's keys.
    await migrate(database.db);
    await seedDemo(database.db, { ...config, env: "test" });
    app = await startApp(url);
    const api = await applicant(`http://127.0.0.1:${app.port}`);
    const item = await api.call("GET", `/api/catalog/items/${ITEM}`);
    const materials = (item.materials as { name: string; required: boolean }[])
      .filter((m) => m.required)
      .map((m) => m.name);
    local = await buildApp(config, { database });
    await local.ready();
    const setup = (performance.now() - began) / 1000;

    const t = performance.now();
    const drafts = await prepare(
      [api, new InjectApi(local, api.cookie)],
      materials,
      WARM_UP + CASES * LEVELS.length,
      PREPARE_CONCURRENCY,
      PREPARE_SECONDS,
    );
    const prepSeconds = (performance.now() - t) / 1000;
    await local.close();
    local = undefined;
    const perLevel = Math.floor((drafts.length - WARM_UP) / LEVELS.length);
    if (perLevel < 20) throw new Error(`only ${drafts.length} drafts prepared in ${PREPARE_SECONDS} s`);
    out.push(
      `Case submission on PostgreSQL [${app.driver}], item ${ITEM} (JSON Schema form, ${materials.length} required PDFs), ` +
        `app pool ${POOL_SIZE}, one applicant session, ${perLevel.toLocaleString("en")} drafts per level, each submitted once:`,
      `  set-up (scratch database, migrate, seed, app start, sign-in) ${f1(setup)} s; drafts prepared before timing ` +
        `(create + form + ${materials.length} uploads + re-read; HTTP and an in-process instance, ${PREPARE_CONCURRENCY} in flight each): ` +
        `${drafts.length.toLocaleString("en")} in ${f1(prepSeconds)} s`,
      "",
    );

    await pool.query(
      "create table bench_case_rows (id uuid primary key, type text not null, subject text not null, actor text not null, " +
        "payload jsonb not null, created_at timestamptz not null default now())",
    );
    await insertRate(pool, 10, 1);
    const warm = await submitAll(api, drafts.slice(0, WARM_UP), 10);
    if (warm.errors > 0) throw new Error(`warm-up submits: ${warm.errors} failed`);

    out.push(
      "| case scenario | req/s | p50 ms | p99 ms | errors | vs INSERT | app's connections: running / WAL flush / lock |",
    );
    out.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    let offset = WARM_UP;
    // Where each submission's CPU goes (bench/cpu-meter.ts): the app process is the limit when it is near a core.
    const cpuLines: string[] = [];
    for (const connections of LEVELS) {
      const base = await insertRate(pool, connections, BASELINE_SECONDS);
      const stop = connectionSampler(sampling);
      const cpuBefore = cpuSnapshot(app.pid);
      const sub = await submitAll(api, drafts.slice(offset, offset + perLevel), connections);
      cpuLines.push(
        `  CPU per submission, ${connections} connections: ${describeCpu(cpuPerRequest(cpuBefore, cpuSnapshot(app.pid), sub.ok ?? 0))}`,
      );
      const waiting = await stop();
      offset += perLevel;
      reportIssue16("case-submit", {
        measured: `${sub.rps.toFixed(0)}/s, p99 ${sub.p99} ms, ${connections} connections [${app.driver}]`,
        floor: `raw INSERT ${base.rps.toFixed(0)}/s`,
        ratio: sub.rps / base.rps,
        met: sub.rps / base.rps >= 0.05 && sub.errors === 0,
      });
      out.push(
        `| baseline: raw single-row INSERT, pg Pool ${POOL_SIZE}, ${connections} in flight | ${base.rps.toFixed(0)} | ` +
          `${base.p50.toFixed(2)} | ${base.p99.toFixed(2)} | 0 | 1.00 | |`,
        `| POST /api/cases/:id/submit (HTTP, session, form validation), ${connections} connections | ${sub.rps.toFixed(0)} | ` +
          `${sub.p50} | ${sub.p99} | ${sub.errors} | ${(sub.rps / base.rps).toFixed(3)} | ${f1(waiting.running)} / ${f1(waiting.wal)} / ${f1(waiting.lock)} of ${POOL_SIZE} |`,
      );
    }
    const filed = await pool.query<{ n: number }>(
      "select count(*)::int as n from cases where status <> 'draft' and number is not null",
    );
    const apply = await applyRate(api, materials, APPLY_CONCURRENCY, APPLY_SECONDS);
    out.push(
      "",
      ...cpuLines,
      "  the app's connections while the submits ran (pg_stat_activity, means of 100 ms samples): running a statement, " +
        "waiting for a commit's WAL flush, waiting on a lock (the rest of the pool idle)",
      `  cases filed by the timed submits (checked in the database): ${(filed.rows[0]?.n ?? 0) - WARM_UP} of ${perLevel * LEVELS.length}`,
      `  full application end to end over HTTP (create + form + ${materials.length} uploads + re-read + submit = ` +
        `${materials.length + 4} requests), ${APPLY_CONCURRENCY} in flight, ${APPLY_SECONDS}s: ${f1(apply.rps)} applications/s ` +
        `(${apply.n} filed; p50 ${apply.p50.toFixed(0)} ms, p99 ${apply.p99.toFixed(0)} ms each)`,
    );
    const drained = await drainJobs(config, database, pool);
    out.push(
      `  then the job worker (the app's JobQueue, in this process, nothing else running): ${drained.ran.toLocaleString("en")} ` +
        `due jobs (${drained.kinds}) run in ${f1(drained.seconds)} s = ${drained.rate.toFixed(0)} jobs/s — the timed ` +
        "submits above ran without it (app-server.ts starts no worker); in production each submission's event " +
        "delivery runs in the same process",
    );
  } finally {
    await local?.close();
    await pool.end();
    await sampling.end();
    await database.close();
    if (app) await stopApp(app.child);
    await scratch.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  out.push(`  cases section: ${f1((performance.now() - began) / 1000)} s in all`);
  return out;
}
