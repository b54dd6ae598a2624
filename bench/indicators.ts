/**
 * 一网统管 benchmark (part of npm run bench), on PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL;
 * skipped without one). A scratch database gets the demo seed and BENCH_INDICATORS synthetic filed cases
 * (default 1,000,000; generated with generate_series over 13 departments × 10 items × a year of days, a
 * fifth filed at a window, four fifths decided, some late); the rollups are built from them by the same
 * aggregate the recompute job runs (its time is printed). Then, over HTTP at BENCH_CONNECTIONS (50):
 *   - the public dashboard (last 30 days by department, four indicators), and
 *   - a supervisor's dashboard API (a year by department, every indicator; and by day),
 * beside the same run's bare-Fastify baseline (run.ts passes its req/s); and in one process the rollup
 * update cost per case event (outbox delivery → the subscriber re-reads the case, replaces its contribution),
 * beside a bare single-row UPDATE transaction on the same database. BENCH_INDICATORS=0 skips it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { sql } from "kysely";
import { buildApp } from "../apps/server/src/app.js";
import { caseMeasureSource } from "../apps/server/src/modules/cases/index.js";
import { IndicatorRepository } from "../apps/server/src/modules/indicators/repository.js";
import { openDatabase } from "../apps/server/src/platform/db/database.js";
import { migrate } from "../apps/server/src/platform/db/migrator.js";
import { seedDemo } from "../apps/server/src/seed/index.js";
import { benchAppConfig } from "./app-config.js";
import { runSql } from "./server-sql.js";
import { benchStaffSession } from "./staff-session.js";

export const INDICATORS_CASES = Number(process.env.BENCH_INDICATORS ?? 1_000_000);
const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const EVENTS = 300;
const here = import.meta.dirname;
const tsx = path.resolve(here, "../node_modules/.bin/tsx");
const DAY_MS = 86_400_000;

type Db = Awaited<ReturnType<typeof openDatabase>>["db"];

async function load(db: Db, lines: string[]): Promise<void> {
  const t0 = performance.now();
  const depts = (await db.selectFrom("departments").select("id").orderBy("key").execute()).map((d) => d.id);
  const today = Date.now();
  const CHUNK = 200_000;
  for (let from = 1; from <= INDICATORS_CASES; from += CHUNK) {
    const to = Math.min(INDICATORS_CASES, from + CHUNK - 1);
    // Filed over the last 365 days; 80 % decided after 0–9 days, their deadline 5 days after filing.
    await sql`
      insert into cases (number, item_code, item_version, item_name, audience, lead_dept, dept_ids, region_code,
        steps, materials_spec, form, promise_days, applicant_account_id, applicant_name, form_data_enc, status,
        submitted_at, accepted_at, decided_at, deadline_date, outcome, created_at, updated_at)
      select format('B-%s', i), format('BENCH-%s', i % 10), 1, format('压测事项 %s', i % 10), 'person', 'bench',
        array[(${depts}::uuid[])[1 + i % ${depts.length}]], '990101', '{"steps":[]}', '[]', '{}', 5,
        '00000000-0000-4000-8000-000000000000', '压测', '\\x00'::bytea,
        case when i % 5 = 0 then 'accepted' else 'approved' end, s, s,
        case when i % 5 = 0 then null else s + make_interval(hours => (i % 217)) end,
        (s + interval '5 days')::date, case when i % 5 = 0 then null else 'approved' end, s, s
      from generate_series(${from}::int, ${to}::int) i,
        lateral (select to_timestamp(${Math.floor(today / 1000)}::bigint - (i % 365) * 86400 - (i % 86400)) as s) t`.execute(
      db,
    );
    await sql`
      insert into case_actions (case_id, seq, type, actor_kind, actor_name, at, payload)
      select id, 1, 'submitted', 'staff', '窗口', submitted_at, '{}' from cases
      where lead_dept = 'bench' and number in (select format('B-%s', i) from generate_series(${from}::int, ${to}::int) i where i % 5 = 1)`.execute(
      db,
    );
  }
  await sql`analyze`.execute(db);
  const loaded = performance.now();
  // The rollups from the raw rows: the recompute job's aggregate.
  const rows = await db.transaction().execute((trx) => caseMeasureSource("Asia/Shanghai").rollupFromRaw(trx));
  const aggregated = performance.now();
  const now = new Date();
  for (let i = 0; i < rows.length; i += 2000)
    await db
      .insertInto("indicator_case_rollups")
      .values(
        rows.slice(i, i + 2000).map((r) => ({
          day: r.day,
          department_id: r.departmentId,
          region_code: r.regionCode,
          item_code: r.itemCode,
          channel: r.channel,
          volume: r.volume,
          online: r.online,
          decided: r.decided,
          immediate: r.immediate,
          overdue: r.overdue,
          open: r.open,
          elapsed_minutes: r.elapsedMinutes,
          promised_days: r.promisedDays,
          updated_at: now,
        })),
      )
      .execute();
  await sql`analyze indicator_case_rollups`.execute(db);
  lines.push(
    `一网统管 on PostgreSQL: ${INDICATORS_CASES.toLocaleString("en")} cases generated in ${((loaded - t0) / 1000).toFixed(1)} s; ` +
      `recompute aggregate over all of them ${((aggregated - loaded) / 1000).toFixed(1)} s → ${rows.length.toLocaleString("en")} rollup rows`,
  );
}

/** The rollup queries behind one dashboard request, one caller, no HTTP: the database's share. */
async function databaseShare(db: Db, lines: string[]) {
  const repo = new IndicatorRepository(db);
  const local = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
  const to = local(Date.now());
  const cases: [string, () => Promise<unknown>][] = [
    ["30 days by department", () => repo.sums("department_id", { from: local(Date.now() - 29 * DAY_MS), to })],
    ["a year by department", () => repo.sums("department_id", { from: local(Date.now() - 364 * DAY_MS), to })],
    ["a year by day", () => repo.sums("day", { from: local(Date.now() - 364 * DAY_MS), to })],
  ];
  for (const [name, run] of cases) {
    const ms: number[] = [];
    for (let i = 0; i < 30; i++) {
      const s = performance.now();
      await run();
      ms.push(performance.now() - s);
    }
    ms.sort((a, b) => a - b);
    lines.push(`  rollup sums, one caller: ${name}: p50 ${ms[15]?.toFixed(2)} ms, p99 ${ms[29]?.toFixed(2)} ms`);
  }
}

function startApp(databaseUrl: string): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [path.join(here, "app-server.ts")], {
      env: { ...process.env, BENCH_DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "inherit"],
    });
    child.stdout?.on("data", (d: Buffer) => {
      const m = /LISTENING (\d+)/.exec(d.toString());
      if (m) resolve({ child, port: Number(m[1]) });
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

async function measure(port: number, url: string, cookie?: string) {
  const r = await autocannon({
    url: `http://127.0.0.1:${port}${url}`,
    connections,
    duration,
    headers: cookie ? { cookie } : {},
  });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

/** Per-event cost of keeping the rollups, in one process: publish, then drain the deliveries. */
async function eventCost(db: Db, url: string, lines: string[]) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-bench-ind-"));
  const database = await openDatabase({ databaseUrl: url });
  const app = await buildApp(benchAppConfig(dataDir), { database });
  try {
    const { events, jobs } = app.platform;
    // Cases filed after the rollups were built (as in production, every counted case has its fact).
    const depts = (await db.selectFrom("departments").select("id").orderBy("key").execute()).map((d) => d.id);
    const ids = (
      await sql<{ id: string }>`
        insert into cases (number, item_code, item_version, item_name, audience, lead_dept, dept_ids, region_code,
          steps, materials_spec, form, promise_days, applicant_account_id, applicant_name, form_data_enc, status,
          submitted_at, accepted_at, deadline_date)
        select format('E-%s', i), format('BENCH-%s', i % 10), 1, '压测事项', 'person', 'bench',
          array[(${depts}::uuid[])[1 + i % ${depts.length}]], '990101', '{"steps":[]}', '[]', '{}', 5,
          '00000000-0000-4000-8000-000000000000', '压测', '\\x00'::bytea, 'accepted', now(), now(), current_date + 5
        from generate_series(1, ${EVENTS}) i returning id`.execute(db)
    ).rows.map((r) => r.id);
    const round = async (label: string, change: (trx: Db, id: string) => Promise<void>) => {
      for (const id of ids)
        await database.db.transaction().execute(async (trx) => {
          await change(trx, id);
          await events.publish(trx, { type: "case.escalated", subject: `case:${id}`, payload: { caseId: id } });
        });
      const s = performance.now();
      while ((await jobs.runDue(50)) > 0) {}
      const ms = (performance.now() - s) / ids.length;
      lines.push(`  rollup update per case event (${label}): ${ms.toFixed(2)} ms (delivery job included)`);
    };
    await round("first event of a case: its fact is written", async () => {});
    await round("a decision moves it between cells", async (trx, id) => {
      await sql`update cases set status = 'approved', decided_at = now(), outcome = 'approved' where id = ${id}`.execute(
        trx,
      );
    });
    const s = performance.now();
    for (const id of ids)
      await database.db.transaction().execute(async (trx) => {
        await sql`update cases set updated_at = now() where id = ${id}`.execute(trx);
      });
    lines.push(
      `  baseline: one single-row UPDATE transaction, same database: ${((performance.now() - s) / ids.length).toFixed(2)} ms`,
    );
    const check = await database.db.transaction().execute(async (trx) => {
      const raw = await caseMeasureSource("Asia/Shanghai").rollupFromRaw(trx);
      const kept = await sql<{ n: number }>`select sum(volume)::bigint as n from indicator_case_rollups`.execute(trx);
      return { raw: raw.reduce((n, r) => n + r.volume, 0), kept: Number(kept.rows[0]?.n) };
    });
    lines.push(
      `  after the events: ${check.kept.toLocaleString("en")} cases in the rollups, ${check.raw.toLocaleString("en")} in the raw rows`,
    );
  } finally {
    await app.close();
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchIndicators(baselineRps: number): Promise<string[]> {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!server) return ["indicators: skipped (needs BENCH_DATABASE_URL or TEST_DATABASE_URL)"];
  const name = `yiwang_bench_indicators_${Date.now()}`;
  await runSql(server, `create database ${name}`);
  const u = new URL(server);
  u.pathname = `/${name}`;
  const url = u.toString();
  const lines: string[] = [];
  try {
    const database = await openDatabase({ databaseUrl: url });
    try {
      await migrate(database.db);
      await seedDemo(database.db);
      await load(database.db, lines);
      await databaseShare(database.db, lines);
      const app = await startApp(url);
      try {
        const base = `http://127.0.0.1:${app.port}`;
        const key = benchAppConfig(os.tmpdir()).secrets.dataEncryptionKey;
        const cookie = await benchStaffSession(base, database.db, key, {
          role: "supervisor",
          username: "bench.supervisor",
          displayName: "压测督查",
        });
        const local = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
        const to = local(Date.now());
        const from = local(Date.now() - 364 * DAY_MS);
        const scenarios: [string, string, string?][] = [
          ["public dashboard: 30 days by department, 4 indicators", "/api/indicators/public/summary"],
          [
            "supervisor: a year by department, every indicator",
            `/api/indicators/values?from=${from}&to=${to}&by=department`,
            cookie,
          ],
          ["supervisor: a year by day, every indicator", `/api/indicators/values?from=${from}&to=${to}&by=day`, cookie],
        ];
        await measure(app.port, scenarios[0]?.[1] as string);
        lines.push(
          `Dashboard API at ${connections} connections over the rollups of ${INDICATORS_CASES.toLocaleString("en")} cases:`,
          "| scenario | req/s | p50 ms | p99 ms | errors | non-2xx | req/s vs baseline |",
          "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        );
        for (const [label, path_, c] of scenarios) {
          const f = await measure(app.port, path_, c);
          lines.push(
            `| ${label} | ${f.rps.toFixed(0)} | ${f.p50} | ${f.p99} | ${f.errors} | ${f.non2xx} | ${(f.rps / baselineRps).toFixed(2)} |`,
          );
        }
      } finally {
        await stopApp(app.child);
      }
      await eventCost(database.db, url, lines);
    } finally {
      await database.close();
    }
  } finally {
    await runSql(server, `drop database if exists ${name} with (force)`);
  }
  return lines;
}
