/**
 * Open data portal benchmark (part of npm run bench): CKAN package_search over BENCH_OPENDATA's datasets and
 * datastore_search over its rows, over HTTP, beside the same run's bare-Fastify baseline; and the same
 * datastore queries through the repository in one process (no HTTP), the database's share.
 *
 * BENCH_OPENDATA = "<datasets>,<rows>" (default "1000,100000"; the full size is "1000,1000000";
 * "0" skips). It needs PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL): a scratch database gets the
 * demo seed, <datasets> synthetic datasets (13 departments, themes, tags; each with a 10-row CSV resource)
 * and one resource of <rows> rows (district × industry × month, a count) — generated in SQL with the same
 * jsonb and lexemes the app writes, GIN indexes built after the load. The database is dropped after.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import autocannon from "autocannon";
import { type RawBuilder, sql } from "kysely";
import { OpendataRepository } from "../apps/server/src/modules/opendata/index.js";
import { rowLexemes } from "../apps/server/src/modules/opendata/terms.js";
import { openDatabase } from "../apps/server/src/platform/db/database.js";
import { migrate } from "../apps/server/src/platform/db/migrator.js";
import { seedDemo } from "../apps/server/src/seed/index.js";
import { runSql } from "./server-sql.js";

const [DATASETS, ROWS] = (process.env.BENCH_OPENDATA ?? "1000,100000").split(",").map(Number) as [number, number];
const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const here = import.meta.dirname;
const tsx = path.resolve(here, "../node_modules/.bin/tsx");

const DISTRICTS = ["东城区", "西城区", "南湖区", "北山区", "高新区", "滨江区", "新城区", "老城区"];
const INDUSTRIES = ["批发和零售业", "住宿和餐饮业", "信息技术服务业", "制造业", "建筑业", "交通运输业"];
const THEMES = ["经济建设", "交通出行", "医疗卫生", "教育文化", "就业创业", "生态环境", "社会保障", "城建住房"];
const TAGS = ["统计", "名录", "许可", "公交", "学校", "空气质量", "岗位", "住房", "企业", "价格"];
const FIELDS = [
  { id: "district", label: "区", type: "text" },
  { id: "industry", label: "行业", type: "text" },
  { id: "month", label: "月份", type: "text" },
  { id: "count", label: "户数", type: "integer" },
];

export const OPENDATA_ENABLED = process.env.BENCH_OPENDATA !== "0" && DATASETS > 0;

async function load(url: string): Promise<string> {
  const database = await openDatabase({ databaseUrl: url });
  const db = database.db;
  try {
    await migrate(db);
    await seedDemo(db);
    const t0 = performance.now();
    const depts = (await db.selectFrom("departments").select("id").orderBy("key").execute()).map((d) => d.id);
    await sql`
      insert into opendata_datasets (name, title, description, department_id, open_level, themes, keywords, formats,
        license_id, frequency, spatial, contact_name, contact_email, search_text, created_at, updated_at)
      select format('bench-%s', lpad(i::text, 5, '0')),
             format('%s%s数据 第%s号', (${THEMES}::text[])[1 + i % 8], (${TAGS}::text[])[1 + i % 10], i),
             format('示例市%s领域的%s数据（合成，第 %s 号）', (${THEMES}::text[])[1 + i % 8], (${TAGS}::text[])[1 + i % 10], i),
             (${depts}::uuid[])[1 + i % ${depts.length}],
             case when i % 10 = 0 then 'conditional' else 'open' end,
             array[(${THEMES}::text[])[1 + i % 8]],
             array[(${TAGS}::text[])[1 + i % 10], (${TAGS}::text[])[1 + (i / 10) % 10]],
             array['CSV'], 'cc-by-4.0', 'monthly', '示例市', '数据开放专员', 'open@example.gov.cn',
             lower(format('bench-%s %s%s数据 第%s号 示例市%s领域的%s数据 %s %s', lpad(i::text, 5, '0'),
               (${THEMES}::text[])[1 + i % 8], (${TAGS}::text[])[1 + i % 10], i, (${THEMES}::text[])[1 + i % 8],
               (${TAGS}::text[])[1 + i % 10], (${TAGS}::text[])[1 + i % 10], (${THEMES}::text[])[1 + i % 8])),
             now() - make_interval(mins => i), now() - make_interval(mins => i)
      from generate_series(1, ${DATASETS}) i`.execute(db);
    await sql`
      insert into opendata_resources (dataset_id, name, format, fields, row_count, size_bytes, sha256)
      select id, '数据表', 'CSV', ${JSON.stringify(FIELDS)}::jsonb, case when name = 'bench-00001' then ${ROWS} else 10 end,
             0, repeat('0', 64)
      from opendata_datasets where name like 'bench-%'`.execute(db);
    // Every (district, industry) pair's jsonb and lexemes as the app writes them; the count and month vary by row.
    const combos = DISTRICTS.flatMap((district) => INDUSTRIES.map((industry) => ({ district, industry })));
    const data = combos.map((c) => JSON.stringify(c));
    const lex = combos.map((c) => rowLexemes([c.district, c.industry]));
    await sql`drop index opendata_rows_data`.execute(db);
    await sql`drop index opendata_rows_search`.execute(db);
    const big = await db
      .selectFrom("opendata_resources as r")
      .innerJoin("opendata_datasets as d", "d.id", "r.dataset_id")
      .select("r.id")
      .where("d.name", "=", "bench-00001")
      .executeTakeFirstOrThrow();
    const insertRows = (resource: RawBuilder<unknown>, from: number, to: number) => sql`
      insert into opendata_rows (resource_id, row_no, data, search)
      select r.id, i,
             c.data::jsonb || jsonb_build_object('month', format('2025-%s', lpad((1 + i % 12)::text, 2, '0')), 'count', i % 997),
             (c.lex || format(' ''2025-%s'' ''2025'' ''%s'' ''%s''', lpad((1 + i % 12)::text, 2, '0'),
               lpad((1 + i % 12)::text, 2, '0'), i % 997))::tsvector
      from ${resource} r cross join generate_series(${from}::int, ${to}::int) i
      join unnest(${data}::text[], ${lex}::text[]) with ordinality as c(data, lex, k) on c.k = 1 + i % ${combos.length}`;
    await insertRows(
      sql`(select r.id from opendata_resources r join opendata_datasets d on d.id = r.dataset_id
        where d.name like 'bench-%' and r.id <> ${big.id})`,
      1,
      10,
    ).execute(db);
    for (let from = 1; from <= ROWS; from += 200_000)
      await insertRows(sql`(select ${big.id}::uuid as id)`, from, Math.min(ROWS, from + 199_999)).execute(db);
    await sql`create index opendata_rows_data on opendata_rows using gin (data jsonb_path_ops)`.execute(db);
    await sql`create index opendata_rows_search on opendata_rows using gin (search)`.execute(db);
    await sql`analyze`.execute(db);
    console.log(
      `opendata bench: ${DATASETS.toLocaleString("en")} datasets, ${(ROWS + (DATASETS - 1) * 10).toLocaleString("en")} rows ` +
        `(${ROWS.toLocaleString("en")} in one resource) loaded and indexed in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    // The database's share: the datastore queries through the repository, one caller, no HTTP.
    const repo = new OpendataRepository(db);
    const base = { resourceId: big.id, filters: [], tsquery: null, sort: [], limit: 100, offset: 0 };
    const filtered = {
      ...base,
      filters: [
        ["district", ["东城区"]],
        ["industry", ["住宿和餐饮业"]],
      ] as [string, unknown[]][],
    };
    const cases: [string, () => Promise<unknown>][] = [
      [
        "page at a random offset (keyset)",
        () => repo.searchRows({ ...base, offset: Math.floor(Math.random() * (ROWS - 100)) }),
      ],
      ["2 filters, page", () => repo.searchRows(filtered)],
      ["2 filters, total (counted to 10,000)", () => repo.countRows(filtered, 10_000)],
      ["q=餐饮, page", () => repo.searchRows({ ...base, tsquery: "'餐饮':*" })],
    ];
    for (const [name, run] of cases) {
      const ms: number[] = [];
      for (let i = 0; i < 50; i++) {
        const s = performance.now();
        await run();
        ms.push(performance.now() - s);
      }
      ms.sort((a, b) => a - b);
      console.log(`  repository, one caller: ${name}: p50 ${ms[25]?.toFixed(2)} ms, p99 ${ms[49]?.toFixed(2)} ms`);
    }
    return big.id;
  } finally {
    await database.close();
  }
}

function start(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [path.join(here, "app-server.ts")], { env, stdio: ["ignore", "pipe", "inherit"] });
    child.stdout?.on("data", (d: Buffer) => {
      const m = /LISTENING (\d+)/.exec(d.toString());
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on("exit", (code) => reject(new Error(`app-server exited with ${code}`)));
  });
}

async function measure(port: number, paths: string[], seconds = duration) {
  let next = -1;
  const r = await autocannon({
    url: `http://127.0.0.1:${port}${paths[0]}`,
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (req) => {
          next = (next + 1) % paths.length;
          return { ...req, path: paths[next] };
        },
      },
    ],
  });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

export async function benchOpendata(baselineRps: number): Promise<string[]> {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!server) return ["opendata: skipped (needs BENCH_DATABASE_URL or TEST_DATABASE_URL)"];
  const name = `yiwang_bench_opendata_${Date.now()}`;
  await runSql(server, `create database ${name}`);
  const u = new URL(server);
  u.pathname = `/${name}`;
  const url = u.toString();
  const lines: string[] = [];
  try {
    const resource = await load(url);
    const app = await start({ ...process.env, BENCH_DATABASE_URL: url });
    try {
      const action = (a: string, q: Record<string, string>) => `/api/3/action/${a}?${new URLSearchParams(q)}`;
      const ds = (q: Record<string, string>) => action("datastore_search", { resource_id: resource, ...q });
      const facets = JSON.stringify(["organization", "groups", "tags", "res_format"]);
      const offsets = Array.from({ length: 500 }, (_, i) => Math.floor(((i * 7919) % 500) * ((ROWS - 100) / 500)));
      const scenarios: [string, string[]][] = [
        [
          "package_search q=交通 + 4 facets, rows=10",
          [action("package_search", { q: "交通", "facet.field": facets, rows: "10" })],
        ],
        [
          "package_search fq=organization:… tags:…, sort, rows=20 (13 orgs in turn)",
          [
            "amr",
            "psb",
            "hrss",
            "civil",
            "health",
            "housing",
            "land",
            "tax",
            "hpf",
            "eco",
            "medins",
            "dongcheng",
            "platform",
          ].map((o) =>
            action("package_search", { fq: `organization:${o} tags:统计`, sort: "metadata_modified desc", rows: "20" }),
          ),
        ],
        [
          "package_show (500 datasets in turn)",
          offsets.map((_, i) => action("package_show", { id: `bench-${String(1 + i).padStart(5, "0")}` })),
        ],
        [
          "datastore_search limit=100, 500 offsets in turn (keyset)",
          offsets.map((o) => ds({ limit: "100", offset: String(o) })),
        ],
        [
          "datastore_search 2 filters + total, limit=100",
          [ds({ filters: JSON.stringify({ district: "东城区", industry: "住宿和餐饮业" }), limit: "100" })],
        ],
        ["datastore_search q=餐饮 + total (estimated above 10,000), limit=100", [ds({ q: "餐饮", limit: "100" })]],
        [
          "datastore_search filter + sort count desc, limit=100",
          [
            ds({
              filters: JSON.stringify({ district: "西城区", industry: "制造业" }),
              sort: "count desc",
              limit: "100",
            }),
          ],
        ],
      ];
      await measure(app.port, scenarios[0]?.[1] ?? [], 2);
      lines.push(
        `Open data (CKAN API) on PostgreSQL, ${DATASETS.toLocaleString("en")} datasets / ${ROWS.toLocaleString("en")} rows in one resource:`,
        "| scenario | req/s | p50 ms | p99 ms | errors | non-2xx | req/s vs baseline |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
      );
      for (const [label, paths] of scenarios) {
        const f = await measure(app.port, paths);
        lines.push(
          `| ${label} | ${f.rps.toFixed(0)} | ${f.p50} | ${f.p99} | ${f.errors} | ${f.non2xx} | ${(f.rps / baselineRps).toFixed(2)} |`,
        );
      }
    } finally {
      await new Promise<void>((resolve) => {
        app.child.removeAllListeners("exit");
        app.child.on("exit", () => resolve());
        app.child.kill("SIGTERM");
      });
    }
  } finally {
    await runSql(server, `drop database if exists ${name} with (force)`);
  }
  return lines;
}
