/**
 * A year of synthetic load at (a fraction of) city scale in a fresh PostgreSQL database, then its table and
 * index sizes and the p50/p99 of the hot queries, with the plans. docs/scale.md holds a run's figures and
 * what they mean for a national deployment.
 *
 *   npx tsx ops/simulate-year.ts [--database-url postgres://postgres@127.0.0.1:5432/postgres]
 *     [--scale tiny|small|medium|city] [--factor 0.02] [--days 365] [--runs 200] [--keep] [--verify]
 *     [--json out.json] [--markdown out.md] [--plans]
 *   npx tsx ops/simulate-year.ts --from-json out.json     (renders a saved run again)
 *
 * The database named in the URL is only used to create (and afterwards drop, unless --keep) a new one,
 * yiwang_sim_<time>, migrated with the project's migrator and seeded with the demo city and a synthetic
 * catalog. Only a server on this machine is accepted: this is a load generator.
 */
import fs from "node:fs";
import os from "node:os";
import { pathToFileURL } from "node:url";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { AuditLog, verifyLog } from "../apps/server/src/modules/audit/index.js";
import { seedSyntheticItems } from "../apps/server/src/modules/catalog/index.js";
import { loadConfig } from "../apps/server/src/platform/config.js";
import { cryptoSuite } from "../apps/server/src/platform/crypto/suite.js";
import { openDatabase } from "../apps/server/src/platform/db/database.js";
import { migrate } from "../apps/server/src/platform/db/migrator.js";
import type { DB } from "../apps/server/src/platform/db/schema.js";
import { defaultApplicationForm } from "../apps/server/src/platform/forms/json-schema.js";
import { seedDemo } from "../apps/server/src/seed/index.js";
import { appendAuditYear } from "./simulate/audit-tree.js";
import { loadSteps, runSteps } from "./simulate/load.js";
import {
  type IndexSize,
  indexSizes,
  measureHotQueries,
  type QueryTiming,
  StatementCapture,
  type TableSize,
  tableSizes,
} from "./simulate/measure.js";
import { growthMultipliers, SCALES, type ScaleName, type Volumes, volumes } from "./simulate/model.js";

export interface SimulateOptions {
  /** A URL of the server (its database is only used to create the simulation's). */
  databaseUrl: string;
  factor: number;
  days: number;
  /** Calls of each hot query. */
  runs: number;
  keep?: boolean;
  /** Recompute the whole audit log afterwards (`yiwang audit verify`). */
  verify?: boolean;
  log?: (line: string) => void;
}

export interface SimulateReport {
  date: string;
  machine: string;
  postgres: string;
  database: string;
  volumes: Volumes;
  loadSeconds: number;
  auditEntries: number;
  databaseBytes: number;
  tables: TableSize[];
  indexes: IndexSize[];
  queries: QueryTiming[];
  verify?: { ok: boolean; entriesChecked: number; headsChecked: number; seconds: number; problems: string[] };
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

export async function simulateYear(o: SimulateOptions): Promise<SimulateReport> {
  const say = o.log ?? (() => {});
  const server = new URL(o.databaseUrl);
  if (!LOCAL_HOSTS.has(server.hostname))
    throw new Error(`simulate-year runs against this machine only, not ${server.host}`);
  const name = `yiwang_sim_${Date.now()}`;
  const admin = new pg.Client({ connectionString: o.databaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(o.databaseUrl);
  url.pathname = `/${name}`;
  const v = volumes(o.factor, o.days);
  say(`simulating ${v.days} days at ${v.factor} of a 10 M city (${v.casesPerDay} cases/day) into ${name}`);
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  const client = new pg.Client({ connectionString: url.toString() });
  const capture = new StatementCapture();
  const pool = new pg.Pool({ connectionString: url.toString(), max: 5 });
  pool.on("error", () => {}); // an idle client closed by the final drop database … with (force)
  const measured = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: capture.log,
  });
  try {
    const t0 = performance.now();
    const config = loadConfig({ NODE_ENV: "test" });
    const crypto = cryptoSuite(config);
    await migrate(database.db);
    await seedDemo(database.db, config);
    const auditLog = new AuditLog(database.db, crypto);
    await seedSyntheticItems(database.db, v.catalogItems, auditLog);
    await auditLog.flush();
    await auditLog.signTreeHead(v.start.getTime());
    say(`  schema, demo city and ${v.catalogItems} catalog items: ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    await client.connect();
    await client.query(`set work_mem = '256MB'; set maintenance_work_mem = '512MB'; select setseed(0.17)`);
    await runSteps(
      client,
      loadSteps(v, {
        person: JSON.stringify(defaultApplicationForm("natural_person")),
        enterprise: JSON.stringify(defaultApplicationForm("legal_person")),
      }),
      say,
    );
    const t1 = performance.now();
    const auditEntries = await appendAuditYear(client, auditLog, v);
    await auditLog.signTreeHead(v.start.getTime() + v.days * 86_400_000);
    say(
      `  audit log (${auditEntries} entries, Merkle tree, signed head): ${((performance.now() - t1) / 1000).toFixed(1)} s`,
    );
    // A production database is vacuumed and analysed by autovacuum; the measurement should see the same.
    const t2 = performance.now();
    await client.query(`vacuum analyze`);
    say(`  vacuum analyze: ${((performance.now() - t2) / 1000).toFixed(1)} s`);
    const loadSeconds = (performance.now() - t0) / 1000;

    const tables = await tableSizes(client);
    const indexes = await indexSizes(client);
    const dbBytes = Number((await client.query(`select pg_database_size(current_database()) as b`)).rows[0].b);
    say(`  measuring ${o.runs} calls of each hot query`);
    const queries = await measureHotQueries(measured, capture, client, new AuditLog(measured, crypto), o.runs);
    const version = (await client.query(`show server_version`)).rows[0].server_version;
    const report: SimulateReport = {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.platform()} ${os.release()}`,
      postgres: `PostgreSQL ${version}, shared_buffers ${(await client.query("show shared_buffers")).rows[0].shared_buffers}`,
      database: name,
      volumes: v,
      loadSeconds,
      auditEntries,
      databaseBytes: dbBytes,
      tables,
      indexes,
      queries,
    };
    if (o.verify) {
      const t3 = performance.now();
      const r = await verifyLog(auditLog);
      report.verify = {
        ok: r.ok,
        entriesChecked: r.entriesChecked,
        headsChecked: r.headsChecked,
        seconds: (performance.now() - t3) / 1000,
        problems: r.problems.slice(0, 5).map((p) => p.message),
      };
      say(`  audit verify: ${r.ok ? "ok" : "FAILED"} (${r.entriesChecked} entries, ${r.headsChecked} heads)`);
    }
    return report;
  } finally {
    await client.end().catch(() => {});
    await measured.destroy().catch(() => {});
    await database.close();
    if (!o.keep) await admin.query(`drop database if exists ${name} with (force)`);
    else say(`kept database ${name}`);
    await admin.end();
  }
}

const serverMs = (q: QueryTiming) =>
  q.plans.reduce((sum, p) => sum + Number(/Execution Time: ([\d.]+) ms/.exec(p)?.[1] ?? 0), 0);
const mb = (b: number) => (b / 2 ** 20).toFixed(1);

/** The report as Markdown tables (the form docs/scale.md quotes). */
export function renderMarkdown(r: SimulateReport, top = 20): string {
  const v = r.volumes;
  const lines = [
    `Run ${r.date} on ${r.machine}; ${r.postgres}.`,
    `Scale ${v.factor} of a 10 M-person city for ${v.days} days: ${v.casesPerDay} cases/day, ${v.citizens} citizens, ` +
      `${v.enterprises} enterprises, ${v.hotlinePerDay} hotline requests/day, ${v.loginsPerDay} sign-ins/day, ` +
      `${v.catalogItems} catalog items. Loaded in ${r.loadSeconds.toFixed(0)} s; database ${mb(r.databaseBytes)} MB; ` +
      `${r.auditEntries} audit entries.`,
    "",
    "| table | rows | heap MB | toast MB | index MB | total MB |",
    "|---|---:|---:|---:|---:|---:|",
    ...r.tables
      .slice(0, top)
      .map(
        (t) =>
          `| ${t.table} | ${t.rows} | ${mb(t.heapBytes)} | ${mb(t.toastBytes)} | ${mb(t.indexBytes)} | ${mb(t.totalBytes)} |`,
      ),
    "",
    "| index | table | MB |",
    "|---|---|---:|",
    ...r.indexes.slice(0, top).map((i) => `| ${i.index} | ${i.table} | ${mb(i.bytes)} |`),
    "",
    // server ms: the sampled call's statements' EXPLAIN ANALYZE execution times, summed — the database's
    // share of the wall-clock figures (the rest is round trips, transfer, parsing and this machine's load).
    "| hot query | calls | p50 ms | p99 ms | max ms | server ms (sample) |",
    "|---|---:|---:|---:|---:|---:|",
    ...r.queries.map(
      (q) =>
        `| ${q.name} | ${q.runs} | ${q.p50Ms.toFixed(2)} | ${q.p99Ms.toFixed(2)} | ${q.maxMs.toFixed(2)} | ${serverMs(q).toFixed(2)} |`,
    ),
  ];
  lines.push("", ...renderGrowth(r, top));
  if (r.verify)
    lines.push(
      "",
      `Audit verify: ${r.verify.ok ? "ok" : "FAILED"}, ${r.verify.entriesChecked} entries and ${r.verify.headsChecked} ` +
        `signed heads in ${r.verify.seconds.toFixed(1)} s.`,
    );
  return lines.join("\n");
}

const gb = (b: number) => (b / 2 ** 30).toFixed(b < 2 ** 30 ? 2 : 0);
const count = (n: number) =>
  n >= 1e9
    ? `${(n / 1e9).toFixed(1)} G`
    : n >= 1e6
      ? `${(n / 1e6).toFixed(1)} M`
      : n >= 1e3
        ? `${(n / 1e3).toFixed(0)} k`
        : `${n}`;

/** The run projected to a city-year and a nation-year (model.ts `growthMultipliers`): linear in rows and bytes. */
function renderGrowth(r: SimulateReport, top: number): string[] {
  const rows = r.tables.slice(0, top).map((t) => {
    const m = growthMultipliers(t.table, r.volumes);
    return `| ${t.table} | ${count(t.rows * m.city)} | ${gb(t.totalBytes * m.city)} | ${count(t.rows * m.nation)} | ${gb(t.totalBytes * m.nation)} |`;
  });
  const total = (k: "city" | "nation") =>
    r.tables.reduce((s, t) => s + t.totalBytes * growthMultipliers(t.table, r.volumes)[k], 0);
  return [
    "| table | rows / city-year | GB / city-year | rows / nation-year | GB / nation-year |",
    "|---|---:|---:|---:|---:|",
    ...rows,
    `| **all tables** | | ${gb(total("city"))} | | ${gb(total("nation"))} |`,
  ];
}

function parseArgs(argv: string[]) {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) throw new Error(`unexpected argument ${a}`);
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith("--")) {
      flags.set(a.slice(2), next);
      i++;
    } else flags.set(a.slice(2), true);
  }
  const str = (k: string) => (typeof flags.get(k) === "string" ? (flags.get(k) as string) : undefined);
  const scaleName = (str("scale") ?? "small") as ScaleName;
  const scale = SCALES[scaleName];
  if (!scale) throw new Error(`--scale is one of ${Object.keys(SCALES).join(", ")}`);
  return {
    databaseUrl: str("database-url") ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    factor: Number(str("factor") ?? scale.factor),
    days: Number(str("days") ?? scale.days),
    runs: Number(str("runs") ?? 200),
    keep: flags.has("keep"),
    verify: flags.has("verify"),
    json: str("json"),
    markdown: str("markdown"),
    plans: flags.has("plans"),
    fromJson: str("from-json"),
  };
}

async function main() {
  const a = parseArgs(process.argv.slice(2));
  // --from-json: render a saved run again (no database).
  const report: SimulateReport = a.fromJson
    ? JSON.parse(fs.readFileSync(a.fromJson, "utf8"))
    : await simulateYear({ ...a, log: (l) => process.stderr.write(`${l}\n`) });
  const md = renderMarkdown(report);
  process.stdout.write(`${md}\n`);
  if (a.plans) for (const q of report.queries) process.stdout.write(`\n## ${q.name}\n${q.plans.join("\n\n")}\n`);
  if (a.json) fs.writeFileSync(a.json, JSON.stringify(report, null, 2));
  if (a.markdown) fs.writeFileSync(a.markdown, `${md}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
