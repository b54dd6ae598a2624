/**
 * Case reads benchmark (part of npm run bench; also `npx tsx bench/case-reads.ts` alone), on PostgreSQL only
 * (BENCH_DATABASE_URL, else TEST_DATABASE_URL; skipped without one). Issue 16's row: case detail / my cases /
 * inbox at 50 connections, target ≥ 2 k req/s and p99 ≤ 50 ms.
 *
 * A scratch database gets the schema and the demo city; one real case (990100-XK-001, five PDFs) is filed
 * through the API as the demo enterprise's representative and then cloned in bulk SQL (generate_series, not
 * the API): BENCH_CASE_READS_OPEN open cases (default 10,000: a third each waiting at 受理, 审查 and 决定, half
 * of them in the demo item's lead department, the rest spread over the others; deadlines from overdue to a
 * month ahead) and BENCH_CASE_READS_CLOSED delivered ones (default 100,000), each with its tasks, the five
 * materials and its history. One case in a thousand is the demo enterprise's (its 我的办件); the rest are the
 * same person's own cases (a real account: a staff read records whose data was read), which the enterprise's
 * list leaves out. The cases read in detail get a real sealed form (the app's key), so the detail
 * decrypts as in production.
 *
 * Measured at BENCH_CONNECTIONS (default 50) for BENCH_DURATION seconds each (default 10), each beside the
 * same run's bare-Fastify baseline (bench/baseline-server.ts) and raw PostgreSQL single-row SELECTs by primary
 * key (node-postgres, pool of the app's size, the same concurrency): GET /api/cases/:id as the applicant and
 * as an approver of the lead department (rotating over 100 cases each), GET /api/cases/mine, and the
 * approver's GET /api/cases/inbox (first page, and a next page). The statements each path runs are recorded
 * from an in-process instance of the app over the same database (counted in the output), and each scenario
 * that only reads is run again against its floor: those same statements under bare Fastify (bench/read-floor.ts).
 * BENCH_CASE_READS=0 skips the section; BENCH_CASE_READS_ONLY=text runs only the scenarios whose name contains it
 * (with BENCH_CPU_PROF=dir, bench/cases.ts: one route's CPU profile); BENCH_CASE_READS_KEEP=1 keeps the database.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { sql } from "kysely";
import pg from "pg";
import { cryptoSuite } from "../apps/server/src/platform/crypto/suite.js";
import { openDatabase } from "../apps/server/src/platform/db/database.js";
import { migrate } from "../apps/server/src/platform/db/migrator.js";
import { seedDemo } from "../apps/server/src/seed/index.js";
import { benchAppConfig } from "./app-config.js";
import { applicant, draft, ITEM, pct, startApp, stopApp } from "./cases.js";
import { type CpuPerRequest, cpuPerRequest, cpuSnapshot, describeCpu } from "./cpu-meter.js";
import { type Issue16Key, reportIssue16 } from "./issue16.js";
import { readsOnly, recordScenarios, startReadFloor, stopReadFloor } from "./read-floor.js";
import { scratchDatabase } from "./server-sql.js";
import { benchStaffSession } from "./staff-session.js";

export const CASE_READS_ENABLED = process.env.BENCH_CASE_READS !== "0";
const OPEN_CASES = Number(process.env.BENCH_CASE_READS_OPEN ?? 10_000);
const CLOSED_CASES = Number(process.env.BENCH_CASE_READS_CLOSED ?? 100_000);
const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** openDatabase's default pool size, which the app (app-server.ts) runs with. */
const POOL_SIZE = 10;
const DETAIL_TARGETS = 100;
const TARGET_RPS = 2000;
const TARGET_P99 = 50;

/** The issue-16 row a scenario reports under (bench/issue16.ts), from its name. */
function issue16Key(name: string): Issue16Key {
  if (name.includes("/inbox")) return "case-inbox";
  if (name.includes("/mine")) return "case-mine";
  return "case-detail";
}
const here = import.meta.dirname;
const tsx = path.resolve(here, "../node_modules/.bin/tsx");

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  /** Requests answered in the measured interval (CPU per request divides by it). */
  requests: number;
  errors: number;
}

type Db = Awaited<ReturnType<typeof openDatabase>>["db"];

function startBaseline(): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [path.join(here, "baseline-server.ts")], { stdio: ["ignore", "pipe", "inherit"] });
    child.stdout?.on("data", (d: Buffer) => {
      const m = /LISTENING (\d+)/.exec(d.toString());
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on("exit", (code) => reject(new Error(`baseline-server.ts exited with ${code}`)));
  });
}

/** autocannon over `paths` (round robin), with a session cookie. */
async function load(port: number, paths: string[], cookie: string, seconds = duration): Promise<Figures> {
  let k = 0;
  const r = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    headers: cookie ? { cookie } : {},
    requests: [{ setupRequest: (req) => ({ ...req, path: paths[k++ % paths.length] as string }) }],
  });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
    requests: r.requests.total,
  };
}

/** Single-row SELECTs by primary key from `connections` callers through a pool of the app's size. */
async function selectRate(pool: pg.Pool, ids: string[], seconds: number): Promise<Figures> {
  const ms: number[] = [];
  let i = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const s = performance.now();
        await pool.query("select * from cases where id = $1", [ids[i++ % ids.length]]);
        ms.push(performance.now() - s);
      }
    }),
  );
  return {
    rps: ms.length / ((performance.now() - start) / 1000),
    p50: pct(ms, 50),
    p99: pct(ms, 99),
    errors: 0,
    requests: ms.length,
  };
}

/** The template case cloned: open and closed cases with tasks, materials and history, in bulk SQL. */
async function generate(db: Db, templateId: string, enterpriseId: string) {
  const t = await db.selectFrom("cases").selectAll().where("id", "=", templateId).executeTakeFirstOrThrow();
  const depts = await db.selectFrom("departments").select(["id", "key", "name"]).orderBy("key").execute();
  const lead = (t.steps as { lead: { id: string } }).lead.id;
  const others = depts.filter((d) => d.id !== lead);
  const total = OPEN_CASES + CLOSED_CASES;
  // Case i: open when i <= OPEN_CASES (i % 3: 0 受理, 1 审查, 2 决定), in the lead department when i is even.
  await sql`
    create temporary table bench_gen as
    select i, gen_random_uuid() as id, i <= ${OPEN_CASES} as open,
      case when i % 2 = 0 then ${lead}::uuid else (${others.map((d) => d.id)}::uuid[])[1 + (i / 2) % ${others.length}] end as dept_id,
      now() - make_interval(mins => i) as created
    from generate_series(1, ${total}::int) i`.execute(db);
  await sql`
    insert into cases (id, number, item_code, item_version, item_name, audience, lead_dept, dept_ids, region_code,
      steps, materials_spec, form, promise_days, applicant_account_id, applicant_name, enterprise_id,
      enterprise_uscc, enterprise_name, form_data_enc, prefilled, status, current_step, submitted_at, accepted_at,
      decided_at, delivered_at, outcome, decided_by, deadline_date, version, created_at, updated_at)
    select g.id, format('990100-20250101-%s', lpad(g.i::text, 6, '0')), c.item_code, c.item_version, c.item_name,
      c.audience, c.lead_dept, array[g.dept_id], c.region_code, c.steps, c.materials_spec, c.form, c.promise_days,
      c.applicant_account_id, c.applicant_name,
      case when g.i % 1000 = 0 then ${enterpriseId}::uuid end,
      case when g.i % 1000 = 0 then c.enterprise_uscc end, case when g.i % 1000 = 0 then c.enterprise_name end,
      c.form_data_enc, c.prefilled,
      case when not g.open then 'delivered' when g.i % 3 = 0 then 'submitted' when g.i % 3 = 1 then 'in_review' else 'accepted' end,
      case when not g.open then null else g.i % 3 end,
      g.created, case when g.open and g.i % 3 = 0 then null else g.created end,
      case when g.open then null else g.created + interval '3 days' end,
      case when g.open then null else g.created + interval '4 days' end,
      case when g.open then null else 'approved' end, case when g.open then null else '审批人' end,
      case when g.open and g.i % 3 = 0 then null else current_date + (g.i % 40 - 10) end,
      3, g.created, g.created
    from bench_gen g, cases c where c.id = ${templateId}`.execute(db);
  // Tasks: the steps done so far, and the open one; a closed case also its 送达.
  await sql`
    insert into case_tasks (case_id, step, branch, stage, dept, dept_id, dept_name, status, outcome,
      completed_by, completed_by_name, completed_at, created_at)
    select g.id, s.step, 0, s.stage, 'bench', g.dept_id, '部门',
      case when g.open and s.step = g.i % 3 then 'open' else 'done' end,
      case when g.open and s.step = g.i % 3 then null else 'pass' end,
      case when g.open and s.step = g.i % 3 then null else gen_random_uuid() end,
      case when g.open and s.step = g.i % 3 then null else '办理人' end,
      case when g.open and s.step = g.i % 3 then null else g.created + make_interval(hours => s.step) end,
      g.created + make_interval(hours => s.step)
    from bench_gen g,
      (values (0, 'accept'), (1, 'review'), (2, 'decide'), (3, 'deliver')) s(step, stage)
    where s.step <= case when g.open then g.i % 3 else 3 end`.execute(db);
  await sql`
    insert into case_materials (case_id, material, kind, file_id, file_name, content_type, size, sha256,
      license_id, supplement, added_by, added_at)
    select g.id, m.material, m.kind, m.file_id, m.file_name, m.content_type, m.size, m.sha256, m.license_id,
      m.supplement, m.added_by, g.created
    from bench_gen g, case_materials m where m.case_id = ${templateId}`.execute(db);
  // History: the template's own entries (created … submitted), then one per later step.
  await sql`
    insert into case_actions (case_id, seq, type, actor_kind, actor_id, actor_name, acting_for, at, comment, payload)
    select g.id, a.seq, a.type, a.actor_kind, a.actor_id, a.actor_name, a.acting_for, g.created, a.comment, a.payload
    from bench_gen g, case_actions a where a.case_id = ${templateId}`.execute(db);
  await sql`
    insert into case_actions (case_id, seq, type, actor_kind, actor_id, actor_name, at, comment, payload)
    select g.id, m.n + s.k, s.type, 'staff', gen_random_uuid()::text, '办理人', g.created + make_interval(hours => s.k),
      null, '{}'
    from bench_gen g, (select max(seq) as n from case_actions where case_id = ${templateId}) m,
      (values (1, 'accepted'), (2, 'review_passed'), (3, 'approved'), (4, 'delivered')) s(k, type)
    where s.k <= case when g.open then g.i % 3 else 4 end`.execute(db);
  await sql`analyze`.execute(db);
}

const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;

export async function benchCaseReads(): Promise<string[]> {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!server) return ["case reads: skipped (needs PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL)"];
  const began = performance.now();
  const scratch = await scratchDatabase(server, "yiwang_bench_case_reads");
  const url = scratch.url;
  const out: string[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-bench-case-reads-"));
  const config = benchAppConfig(dataDir);
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  let baseline: Awaited<ReturnType<typeof startBaseline>> | undefined;
  const database = await openDatabase({ databaseUrl: url });
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
  try {
    await migrate(database.db);
    await seedDemo(database.db, { ...config, env: "test" });
    app = await startApp(url);
    const base = `http://127.0.0.1:${app.port}`;
    const api = await applicant(base);
    const item = await api.call("GET", `/api/catalog/items/${ITEM}`);
    const materials = (item.materials as { name: string; required: boolean }[])
      .filter((m) => m.required)
      .map((m) => m.name);
    const d = await draft(api, materials, 1);
    await api.call("POST", `/api/cases/${d.id}/submit`, { version: d.version });
    const template = await database.db
      .selectFrom("cases")
      .select(["enterprise_id", "applicant_account_id"])
      .where("id", "=", d.id)
      .executeTakeFirstOrThrow();
    const setup = (performance.now() - began) / 1000;

    const t0 = performance.now();
    await generate(database.db, d.id, template.enterprise_id as string);
    const genSeconds = (performance.now() - t0) / 1000;
    const lead = (
      await database.db
        .selectFrom("cases")
        .select(sql<string>`steps->'lead'->>'key'`.as("k"))
        .where("id", "=", d.id)
        .executeTakeFirstOrThrow()
    ).k;

    // Real sealed forms on the cases read in detail (a form is bound to its case id).
    const pii = cryptoSuite(config).pii;
    const { openForm, sealForm } = await import("../apps/server/src/modules/cases/form-data.js");
    const sealed = await database.db
      .selectFrom("cases")
      .select("form_data_enc")
      .where("id", "=", d.id)
      .executeTakeFirstOrThrow();
    const form = openForm(pii, d.id, sealed.form_data_enc);
    const mine = (
      await database.db
        .selectFrom("cases")
        .select("id")
        .where("enterprise_id", "=", template.enterprise_id)
        .where("id", "<>", d.id)
        .orderBy("created_at", "desc")
        .limit(DETAIL_TARGETS)
        .execute()
    ).map((r) => r.id);
    const leadDeptId = (
      await database.db.selectFrom("departments").select("id").where("key", "=", lead).executeTakeFirstOrThrow()
    ).id;
    const staffCases = (
      await database.db
        .selectFrom("cases")
        .select("id")
        .where(sql<boolean>`dept_ids = array[${leadDeptId}]::uuid[]`)
        .where("status", "in", ["in_review", "accepted"])
        .orderBy("created_at", "desc")
        .limit(DETAIL_TARGETS)
        .execute()
    ).map((r) => r.id);
    for (const id of [...mine, ...staffCases])
      await database.db
        .updateTable("cases")
        .set({ form_data_enc: sealForm(pii, id, form) })
        .where("id", "=", id)
        .execute();

    // A city's database after a bulk load has been vacuumed and analysed (autovacuum gets there within
    // minutes): without it the planner has no statistics for the new rows and no index-only scan is possible.
    const v0 = performance.now();
    await pool.query("vacuum (analyze)");
    const vacuumSeconds = (performance.now() - v0) / 1000;

    const staffCookie = await benchStaffSessionIn(base, database.db, config.secrets.dataEncryptionKey, lead);
    const inbox1 = (await (
      await fetch(`${base}/api/cases/inbox?limit=50`, { headers: { cookie: staffCookie } })
    ).json()) as { total: number; nextCursor?: string | null };
    const next = inbox1.nextCursor
      ? `/api/cases/inbox?limit=50&after=${encodeURIComponent(inbox1.nextCursor)}`
      : "/api/cases/inbox?limit=50&offset=50";

    const only = process.env.BENCH_CASE_READS_ONLY;
    const allScenarios: { name: string; paths: string[]; cookie: string }[] = [
      {
        name: "GET /api/cases/:id (applicant, 100 cases)",
        paths: mine.map((id) => `/api/cases/${id}`),
        cookie: api.cookie,
      },
      {
        name: "GET /api/cases/:id (approver of the department, 100 cases)",
        paths: staffCases.map((id) => `/api/cases/${id}`),
        cookie: staffCookie,
      },
      { name: "GET /api/cases/mine (first page of 20)", paths: ["/api/cases/mine"], cookie: api.cookie },
      {
        name: `GET /api/cases/inbox (first page of 50 of ${inbox1.total})`,
        paths: ["/api/cases/inbox?limit=50"],
        cookie: staffCookie,
      },
      { name: "GET /api/cases/inbox (next page)", paths: [next], cookie: staffCookie },
    ];
    const scenarios = only ? allScenarios.filter((s) => s.name.includes(only)) : allScenarios;

    out.push(
      `Case reads on PostgreSQL [${app.driver}]: ${OPEN_CASES.toLocaleString("en")} open and ${CLOSED_CASES.toLocaleString("en")} ` +
        `closed cases of ${ITEM} (tasks, 5 materials, history each), ${connections} connections, ${duration}s each, app pool ${POOL_SIZE}:`,
      `  set-up (scratch database, migrate, seed, app start, sign-in, one real case) ${setup.toFixed(1)} s; cases generated in bulk SQL in ${genSeconds.toFixed(1)} s, ` +
        `vacuum (analyze) ${vacuumSeconds.toFixed(1)} s`,
      "",
    );

    baseline = await startBaseline();
    await load(baseline.port, ["/healthz"], "", 2);
    const bare = await load(baseline.port, ["/healthz"], "");
    await stopApp(baseline.child);
    baseline = undefined;
    const ids = [...mine, ...staffCases];
    await selectRate(pool, ids, 1);
    const raw = await selectRate(pool, ids, Math.min(duration, 5));

    // The statements each path runs, recorded from an in-process instance: counted, and replayed by the floor.
    const { recorded, firsts } = await recordScenarios(config, url, scenarios);
    const counts = statementCounts(scenarios, firsts);
    const floor = await startReadFloor(url, recorded, POOL_SIZE);
    const results: Result[] = [];
    try {
      for (const s of scenarios) {
        await load(app.port, s.paths, s.cookie, 2);
        const before = cpuSnapshot(app.pid);
        const f = await load(app.port, s.paths, s.cookie);
        const cpu = cpuPerRequest(before, cpuSnapshot(app.pid), f.requests);
        // The floor only replays reads: a write replayed would conflict or pile up rows.
        const statements = recorded[s.paths[0] as string] ?? [];
        let floorFigures: Result["floor"] = null;
        if (readsOnly(statements)) {
          await load(floor.port, s.paths, "", 2);
          const fb = cpuSnapshot(floor.pid);
          const ff = await load(floor.port, s.paths, "");
          floorFigures = { figures: ff, cpu: cpuPerRequest(fb, cpuSnapshot(floor.pid), ff.requests) };
        }
        results.push({ name: s.name, figures: f, cpu, statements: statements.length, floor: floorFigures });
        const replay = floorFigures
          ? `; the same ${statements.length} statements under bare Fastify ${floorFigures.figures.rps.toFixed(0)} req/s (route ${(f.rps / floorFigures.figures.rps).toFixed(2)}× of it)`
          : "";
        reportIssue16(issue16Key(s.name), {
          measured: `${s.name}: ${f.rps.toFixed(0)} req/s, p99 ${f.p99} ms [${app.driver}]`,
          floor: `bare Fastify ${bare.rps.toFixed(0)} req/s; raw SELECT ${raw.rps.toFixed(0)}/s${replay}`,
          ratio: f.rps / bare.rps,
          met: f.rps >= TARGET_RPS && f.p99 <= TARGET_P99 && f.errors === 0,
        });
      }
    } finally {
      await stopReadFloor(floor);
    }

    const met = (f: Figures) => (f.rps >= TARGET_RPS && f.p99 <= TARGET_P99 && f.errors === 0 ? "met" : "NOT MET");
    out.push(
      row([
        "case read",
        "req/s",
        "p50 ms",
        "p99 ms",
        "errors",
        "vs bare Fastify",
        "vs raw SELECT",
        "target ≥ 2 k/s, p99 ≤ 50 ms",
      ]),
    );
    out.push(row(["---", "---:", "---:", "---:", "---:", "---:", "---:", "---"]));
    out.push(
      row([
        "baseline: bare Fastify GET /healthz (no DB)",
        bare.rps.toFixed(0),
        bare.p50,
        bare.p99,
        bare.errors,
        "1.00",
        "",
        "",
      ]),
      row([
        `baseline: raw single-row SELECT by id (pg Pool ${POOL_SIZE}, ${connections} in flight)`,
        raw.rps.toFixed(0),
        raw.p50.toFixed(2),
        raw.p99.toFixed(2),
        0,
        (raw.rps / bare.rps).toFixed(2),
        "1.00",
        "",
      ]),
    );
    for (const r of results) {
      const f = r.figures;
      out.push(
        row([
          r.name,
          f.rps.toFixed(0),
          f.p50,
          f.p99,
          f.errors,
          (f.rps / bare.rps).toFixed(3),
          (f.rps / raw.rps).toFixed(3),
          `${met(f)}${r.floor ? `; ${(f.rps / r.floor.figures.rps).toFixed(2)}× its floor` : ""}`,
        ]),
      );
      const ff = r.floor?.figures;
      if (ff)
        out.push(
          row([
            `  floor: its ${r.statements} statements under bare Fastify (bench/read-floor.ts)`,
            ff.rps.toFixed(0),
            ff.p50,
            ff.p99,
            ff.errors,
            (ff.rps / bare.rps).toFixed(3),
            (ff.rps / raw.rps).toFixed(3),
            met(ff),
          ]),
        );
    }
    out.push(
      "",
      "  Where each request's CPU goes (bench/cpu-meter.ts; the load generator, the server and PostgreSQL share the cores):",
      ...results.flatMap((r) => [
        `    ${r.name}: ${describeCpu(r.cpu)}`,
        ...(r.floor ? [`      its floor: ${describeCpu(r.floor.cpu)}`] : []),
      ]),
    );
    if (process.env.BENCH_CASE_READS_EXPLAIN)
      for (const q of [
        `select c.id, c.steps->'steps'->c.current_step->'branches'->0->>'stage' as st, t.* from case_tasks t join cases c on c.id = t.case_id where t.status = 'open' and t.dept_id = '${leadDeptId}' and t.stage in ('review', 'decide') order by t.created_at, t.id limit 50`,
        `select c.status, c.promise_days, c.deadline_date, count(*) from case_tasks t join cases c on c.id = t.case_id where t.status = 'open' and t.dept_id = '${leadDeptId}' and t.stage in ('review', 'decide') group by 1, 2, 3`,
      ])
        out.push(
          ...(await pool.query<{ "QUERY PLAN": string }>(`explain analyze ${q}`)).rows.map(
            (r) => `    ${r["QUERY PLAN"]}`,
          ),
        );
    out.push(
      "",
      `  SQL statements per request (sent to PostgreSQL by an in-process instance, same database): ${counts}`,
    );
  } finally {
    await pool.end();
    await database.close();
    if (baseline) await stopApp(baseline.child);
    if (app) await stopApp(app.child);
    // BENCH_CASE_READS_KEEP=1 leaves the database for a look (EXPLAIN, a profile of one route); its name is printed.
    if (process.env.BENCH_CASE_READS_KEEP === "1") out.push(`  database kept: ${url}`);
    else await scratch.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  out.push(`  case reads section: ${((performance.now() - began) / 1000).toFixed(1)} s in all`);
  return out;
}

/** An approver of the department `key`, signed in (bench/staff-session.ts puts staff in the platform's own). */
async function benchStaffSessionIn(base: string, db: Db, secret: string, key: string): Promise<string> {
  return benchStaffSession(
    base,
    db,
    secret,
    { role: "approver", username: "bench.reads", displayName: "压测审批人" },
    key,
  );
}

interface Result {
  name: string;
  figures: Figures;
  cpu: CpuPerRequest | null;
  statements: number;
  floor: { figures: Figures; cpu: CpuPerRequest | null } | null;
}

/** Per scenario: how many statements its first path sent, and how long that request took alone. */
function statementCounts(
  scenarios: { name: string }[],
  firsts: { statements: number; ms: number; status: number }[],
): string {
  return scenarios
    .map((s, i) => {
      const f = firsts[i]!;
      const label = `${s.name.replace(/ \(.*/, "")}${s.name.includes("approver") ? " (staff)" : s.name.includes("next") ? " (next)" : ""}`;
      return `${label} ${f.statements} (${f.ms.toFixed(1)} ms alone${f.status === 200 ? "" : `, ${f.status}`})`;
    })
    .join("; ");
}

if (process.argv[1] === import.meta.filename) for (const line of await benchCaseReads()) console.log(line);
