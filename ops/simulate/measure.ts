import { type Kysely, type LogEvent, sql } from "kysely";
import type pg from "pg";
import type { AuditLog } from "../../apps/server/src/modules/audit/index.js";
import { CaseRepository } from "../../apps/server/src/modules/cases/repository.js";
import { analyzeQuery } from "../../apps/server/src/modules/catalog/search/query.js";
import { SearchRepository } from "../../apps/server/src/modules/catalog/search/repository.js";
import { syntheticQueries } from "../../apps/server/src/modules/catalog/synthetic.js";
import { ExchangeStatsRepository } from "../../apps/server/src/modules/exchange/stats.repository.js";
import { IndicatorRepository } from "../../apps/server/src/modules/indicators/repository.js";
import type { DB } from "../../apps/server/src/platform/db/schema.js";

/**
 * Sizes and hot-query latencies after the load. The queries are the application's own: its repositories
 * called through a Kysely whose log captures each statement (for the EXPLAIN), or — where the statement is
 * built in a service rather than a repository — the same builder calls copied from the named function.
 */

export interface TableSize {
  table: string;
  rows: number;
  heapBytes: number;
  toastBytes: number;
  indexBytes: number;
  totalBytes: number;
}

export async function tableSizes(client: pg.Client): Promise<TableSize[]> {
  const tables = await client.query<{ relname: string }>(
    `select relname from pg_stat_user_tables where schemaname = 'public' order by relname`,
  );
  const out: TableSize[] = [];
  for (const { relname } of tables.rows) {
    const r = await client.query(
      `select (select count(*) from ${relname})::bigint as rows, pg_relation_size($1) as heap,
         pg_total_relation_size($1) - pg_relation_size($1) - pg_indexes_size($1) as toast,
         pg_indexes_size($1) as idx, pg_total_relation_size($1) as total`,
      [relname],
    );
    const x = r.rows[0];
    out.push({
      table: relname,
      rows: Number(x.rows),
      heapBytes: Number(x.heap),
      toastBytes: Number(x.toast),
      indexBytes: Number(x.idx),
      totalBytes: Number(x.total),
    });
  }
  return out.sort((a, b) => b.totalBytes - a.totalBytes);
}

export interface IndexSize {
  index: string;
  table: string;
  bytes: number;
  scans: number;
}

export async function indexSizes(client: pg.Client): Promise<IndexSize[]> {
  const r = await client.query(
    `select indexrelname as index, relname as table, pg_relation_size(indexrelid) as bytes, idx_scan as scans
     from pg_stat_user_indexes where schemaname = 'public' order by pg_relation_size(indexrelid) desc`,
  );
  return r.rows.map((x) => ({ index: x.index, table: x.table, bytes: Number(x.bytes), scans: Number(x.scans) }));
}

export interface QueryTiming {
  name: string;
  /** Where the statements come from in the application. */
  source: string;
  runs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** EXPLAIN (ANALYZE, BUFFERS) of each statement of one sampled call. */
  plans: string[];
}

interface Captured {
  sql: string;
  parameters: readonly unknown[];
}

/** Captures every statement a Kysely runs (its `log` option), for the EXPLAIN of a sampled call. */
export class StatementCapture {
  statements: Captured[] = [];
  on = false;
  log = (e: LogEvent) => {
    if (this.on) this.statements.push({ sql: e.query.sql, parameters: e.query.parameters });
  };
}

interface Samples {
  caseIds: string[];
  applicants: string[];
  enterprises: string[];
  departments: string[];
  /** Departments that provide exchange resources (the statistics page is theirs). */
  providers: string[];
  days: string[];
  auditSize: number;
}

async function samples(client: pg.Client): Promise<Samples> {
  const cases = await client.query(
    `select id, applicant_account_id, enterprise_id from cases order by md5(id::text) limit 2000`,
  );
  const depts = await client.query(`select distinct dept_ids[1] as id from cases`);
  const days = await client.query(
    `select distinct to_char(at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as d from exchange_calls order by 1`,
  );
  const tree = await client.query(`select size from audit_tree`);
  const providers = await client.query(`select distinct provider_department_id as id from exchange_resources`);
  return {
    caseIds: cases.rows.map((r) => r.id),
    applicants: cases.rows.filter((r) => !r.enterprise_id).map((r) => r.applicant_account_id),
    enterprises: cases.rows.filter((r) => r.enterprise_id).map((r) => r.enterprise_id),
    departments: depts.rows.map((r) => r.id),
    providers: providers.rows.map((r) => r.id),
    days: days.rows.map((r) => r.d),
    auditSize: Number(tree.rows[0].size),
  };
}

type Pick = <T>(xs: readonly T[]) => T;

interface HotQuery {
  name: string;
  source: string;
  run(pick: Pick, s: Samples): Promise<unknown>;
}

function hotQueries(db: Kysely<DB>, log: AuditLog): HotQuery[] {
  const cases = new CaseRepository(db);
  const search = new SearchRepository(db);
  const stats = new ExchangeStatsRepository(db);
  const indicators = new IndicatorRepository(db);
  const queries = syntheticQueries();
  let synonyms: Map<string, string[]> | undefined;
  return [
    {
      // The floor every figure below includes: a round trip through the same pool and Kysely.
      name: "baseline: select 1",
      source: "same-run baseline (no table)",
      async run() {
        await sql`select 1`.execute(db);
      },
    },
    {
      name: "case detail",
      source: "cases/queries.service.ts detail → CaseRepository find, tasks, materials, actions, pauses, deferral",
      async run(pick, s) {
        const id = pick(s.caseIds);
        await cases.find(id);
        await Promise.all([
          cases.tasks(id),
          cases.materials(id),
          cases.actions(id),
          cases.pauses(id),
          cases.deferral(id),
        ]);
      },
    },
    {
      name: "my cases (person)",
      source: "cases/queries.service.ts mine (page of 20 + total)",
      async run(pick, s) {
        const q = db
          .selectFrom("cases")
          .where("applicant_account_id", "=", pick(s.applicants))
          .where("enterprise_id", "is", null);
        await Promise.all([
          q.selectAll().orderBy("created_at", "desc").limit(20).offset(0).execute(),
          q.select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow(),
        ]);
      },
    },
    {
      name: "my cases (enterprise)",
      source: "cases/queries.service.ts mine, acting for an enterprise",
      async run(pick, s) {
        const q = db.selectFrom("cases").where("enterprise_id", "=", pick(s.enterprises));
        await Promise.all([
          q.selectAll().orderBy("created_at", "desc").limit(20).offset(0).execute(),
          q.select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow(),
        ]);
      },
    },
    {
      name: "department inbox",
      source: "cases/queries.service.ts inbox (scope all: open tasks of the department, then their cases)",
      async run(pick, s) {
        const tasks = await db
          .selectFrom("case_tasks as t")
          .innerJoin("cases as c", "c.id", "t.case_id")
          .selectAll("t")
          .select(["c.number", "c.item_name"])
          .where("t.status", "=", "open")
          .where("t.dept_id", "=", pick(s.departments))
          .where("t.stage", "in", ["accept", "review", "decide"])
          .orderBy("t.created_at", "asc")
          .limit(5000)
          .execute();
        if (tasks.length)
          await db
            .selectFrom("cases")
            .selectAll()
            .where("id", "in", [...new Set(tasks.map((t) => t.case_id))])
            .execute();
      },
    },
    {
      name: "catalog search",
      source: "catalog/search SearchRepository.search (catalog_search function), first page with bundles",
      async run(pick) {
        synonyms ??= await search.synonyms();
        const a = analyzeQuery(pick(queries), synonyms);
        if (!a.all) return;
        await search.search(
          { all: a.all, inName: a.inName!, inNameOrTopics: a.inNameOrTopics!, text: a.text, phrases: a.phrases },
          { limit: 20, offset: 0 },
          5,
        );
      },
    },
    {
      name: "audit entry by index",
      source: "audit AuditRepository.entries(i, i + 1)",
      async run(pick, s) {
        const i = pick(Array.from({ length: 64 }, () => Math.floor(Math.random() * s.auditSize)));
        await log.repo.entries(i, i + 1);
      },
    },
    {
      name: "audit inclusion proof",
      source: "audit AuditLog.proofByIndex (tree size read, O(log n) stored subtree hashes)",
      async run(_pick, s) {
        await log.proofByIndex(Math.floor(Math.random() * s.auditSize), s.auditSize);
      },
    },
    {
      name: "exchange calls, one day, one provider",
      source: "exchange ExchangeStatsRepository.daily (the provider's statistics page)",
      async run(pick, s) {
        const day = pick(s.days);
        await stats.daily({ from: day, to: day, timeZone: "Asia/Shanghai", providerDepartmentId: pick(s.providers) });
      },
    },
    {
      name: "exchange call log, consumer + day",
      source: "exchange_calls by (consumer_department_id, at) — the index an auditor's call-log lookup uses",
      async run(pick, s) {
        const day = pick(s.days);
        await db
          .selectFrom("exchange_calls")
          .selectAll()
          .where("consumer_department_id", "=", pick(s.departments))
          .where(sql<boolean>`at >= (${day}::date::timestamp at time zone 'Asia/Shanghai')`)
          .where(sql<boolean>`at < ((${day}::date + 1)::timestamp at time zone 'Asia/Shanghai')`)
          .orderBy("at")
          .limit(1000)
          .execute();
      },
    },
    {
      name: "indicator values, a month by department",
      source: "indicators IndicatorRepository.sums(department_id, month)",
      async run(pick, s) {
        const day = pick(s.days);
        const month = day.slice(0, 7);
        await indicators.sums("department_id", { from: `${month}-01`, to: `${month}-28` });
      },
    },
    {
      name: "indicator values, a month, one department",
      source: "indicators IndicatorRepository.sums(day, month, departmentId)",
      async run(pick, s) {
        const month = pick(s.days).slice(0, 7);
        await indicators.sums("day", { from: `${month}-01`, to: `${month}-28`, departmentId: pick(s.departments) });
      },
    },
  ];
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Runs each hot query `runs` times with random parameters (after a warm-up), then EXPLAINs one call. */
export async function measureHotQueries(
  db: Kysely<DB>,
  capture: StatementCapture,
  client: pg.Client,
  log: AuditLog,
  runs: number,
  seed = 1,
): Promise<QueryTiming[]> {
  const s = await samples(client);
  let state = seed;
  const rnd = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const pick: Pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const out: QueryTiming[] = [];
  for (const q of hotQueries(db, log)) {
    for (let i = 0; i < Math.min(20, runs); i++) await q.run(pick, s); // warm-up: plans cached, pages in memory
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await q.run(pick, s);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    capture.statements = [];
    capture.on = true;
    await q.run(pick, s);
    capture.on = false;
    const plans: string[] = [];
    for (const st of capture.statements) {
      const r = await client.query(`explain (analyze, buffers, costs off) ${st.sql}`, st.parameters as unknown[]);
      plans.push(`${st.sql}\n${r.rows.map((x) => x["QUERY PLAN"]).join("\n")}`);
    }
    out.push({
      name: q.name,
      source: q.source,
      runs,
      p50Ms: pct(times, 50),
      p99Ms: pct(times, 99),
      maxMs: times[times.length - 1],
      plans,
    });
  }
  return out;
}
