/**
 * Catalog search benchmark data (part of npm run bench): a scratch PostgreSQL database with the demo
 * catalog plus BENCH_CATALOG_ITEMS synthetic published items (default 10,000; 0 skips), on
 * BENCH_DATABASE_URL (else TEST_DATABASE_URL). The app server is then started on that database and the
 * scenarios below are measured beside the same run's bare-Fastify baseline. The database is dropped after.
 */

import v8 from "node:v8";
import vm from "node:vm";
import type { Kysely } from "kysely";
import { AuditLog } from "../apps/server/src/modules/audit/index.js";
import { analyzeQuery } from "../apps/server/src/modules/catalog/search/query.js";
import { RankingIndex } from "../apps/server/src/modules/catalog/search/ranking-index.js";
import { SearchRepository } from "../apps/server/src/modules/catalog/search/repository.js";
import { SearchService } from "../apps/server/src/modules/catalog/search/search.service.js";
import { prng, syntheticQueries } from "../apps/server/src/modules/catalog/synthetic.js";
import { SecretBox } from "../apps/server/src/platform/crypto/secret-box.js";
import { openDatabase } from "../apps/server/src/platform/db/database.js";
import { migrate } from "../apps/server/src/platform/db/migrator.js";
import type { DB } from "../apps/server/src/platform/db/schema.js";
import { seedSyntheticItems } from "../apps/server/src/seed/catalog.js";
import { seedDemo } from "../apps/server/src/seed/index.js";
import { runSql } from "./server-sql.js";

export const CATALOG_ITEMS = Number(process.env.BENCH_CATALOG_ITEMS ?? 10_000);

const q = (s: string) => encodeURIComponent(s);
const distinct = syntheticQueries().flatMap((x) => [
  `/api/catalog/search?q=${q(x)}`,
  `/api/catalog/search?q=${q(x)}&audience=legal_person`,
]);
/**
 * A day of real searches is not 2,800 different queries once each: a few (社保, 公积金, 开餐馆 …) make up
 * much of the traffic and most are rare. Query logs follow Zipf's law; with exponent 0.9 over the same
 * 2,800 queries (ranked in a fixed shuffled order) the most popular is asked 1,000 times as often as the
 * 2,200th. The sequence is deterministic (seeded), 100,000 requests long (more than a run takes), and taken
 * in turn. The run prints the share of these searches that missed the result cache and went to PostgreSQL.
 */
function zipfPaths(urls: string[], n: number, exponent: number): string[] {
  const random = prng(20261123);
  const ranked = urls
    .map((u) => [random(), u] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, u]) => u);
  const cumulative: number[] = [];
  let sum = 0;
  for (let k = 1; k <= ranked.length; k++) {
    sum += 1 / k ** exponent;
    cumulative.push(sum);
  }
  return Array.from({ length: n }, () => {
    const x = random() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return ranked[lo]!;
  });
}
const zipf = zipfPaths(distinct, 100_000, 0.9);

/** The first five repeat one URL, so after the first request they measure the result cache (as popular queries do). */
export const CATALOG_SCENARIOS = [
  { name: "catalog search 开餐馆 (synonyms; repeated, cached)", path: `/api/catalog/search?q=${q("开餐馆")}` },
  { name: "catalog search 药品经营许可 (repeated, cached)", path: `/api/catalog/search?q=${q("药品经营许可")}` },
  { name: "catalog search 许可 (3,000 hits; repeated, cached)", path: `/api/catalog/search?q=${q("许可")}` },
  {
    name: "catalog search 登记 + filters (repeated, cached)",
    path: `/api/catalog/search?q=${q("登记")}&audience=legal_person&onlineDepth=3`,
  },
  { name: "catalog browse by topic (repeated, cached)", path: `/api/catalog/search?topic=${q("交通出行")}` },
  { name: "catalog guide GET /api/catalog/items/{code}", path: "/api/catalog/items/990100-XK-001" },
  {
    // Popular queries come from the result cache, rare ones from the database: what a portal sees.
    name: `catalog search, Zipf mix of ${distinct.length.toLocaleString("en")} queries (exponent 0.9)`,
    path: "/api/catalog/search",
    paths: zipf,
    zipf: true, // issue 16's row (bench/issue16.ts)
  },
  {
    // Every request a different query (cache misses): the search itself, not the result cache.
    name: `catalog search, ${distinct.length.toLocaleString("en")} distinct queries in turn (uncached)`,
    path: "/api/catalog/search",
    paths: distinct,
  },
];

export async function prepareCatalogDatabase(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!server || CATALOG_ITEMS === 0) return null;
  const name = `yiwang_bench_catalog_${Date.now()}`;
  await runSql(server, `create database ${name}`);
  const u = new URL(server);
  u.pathname = `/${name}`;
  const url = u.toString();
  const drop = () => runSql(server, `drop database if exists ${name} with (force)`);
  try {
    const database = await openDatabase({ databaseUrl: url });
    try {
      await migrate(database.db);
      await seedDemo(database.db);
      const t = performance.now();
      const added = await seedSyntheticItems(
        database.db,
        CATALOG_ITEMS,
        new AuditLog(database.db, {
          box: new SecretBox(Buffer.alloc(32, 5).toString("base64")),
          treeHeadAlgorithm: "Ed25519",
        }),
      );
      console.log(
        `catalog bench: ${added} synthetic items indexed in ${((performance.now() - t) / 1000).toFixed(1)} s ` +
          `(segmentation + insert), database ${name}`,
      );
      // The search itself, one caller, no cache, no HTTP: what a query costs the database and Node.
      const search = new SearchService(database.db); // its cache registry is not listening: every search reads;
      const queries = syntheticQueries().slice(0, 500);
      const sqlMs = await timeEach(queries, (q) => search.search({ q, page: 1, pageSize: 10 }));
      console.log(
        `catalog search service, one caller, ${queries.length} distinct queries, no cache (SQL function): ${percentiles(sqlMs)}`,
      );
      console.log(`${await benchRankingIndex(database.db, queries, await search.synonyms())}\n`);
    } finally {
      await database.close();
    }
  } catch (err) {
    await drop();
    throw err;
  }
  return { url, drop };
}

async function timeEach(queries: string[], run: (q: string) => unknown): Promise<number[]> {
  const ms: number[] = [];
  for (const query of queries) {
    const s = performance.now();
    await run(query);
    ms.push(performance.now() - s);
  }
  return ms.sort((a, b) => a - b);
}

function percentiles(sorted: number[]): string {
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(3);
  return `p50 ${pct(50)} ms, p99 ${pct(99)} ms`;
}

/**
 * The in-process ranking index that answers result-cache misses once built (search/ranking-index.ts): the
 * time to read the catalog and build it, the heap it holds, and the same queries answered from it
 * (analysis + index, what a miss costs instead of the SQL function).
 */
async function benchRankingIndex(db: Kysely<DB>, queries: string[], synonyms: Map<string, string[]>): Promise<string> {
  const repo = new SearchRepository(db);
  // The heap the index keeps (measured after a full collection, so the garbage of building is not counted).
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as () => void;
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const rows = await repo.indexRows();
  const t1 = performance.now();
  const index = await RankingIndex.build(rows.items, rows.bundles);
  const t2 = performance.now();
  gc();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  const ms = await timeEach(queries, (text) => {
    const a = analyzeQuery(text, synonyms);
    if (!a.all) return;
    const q = { all: a.all, inName: a.inName!, inNameOrTopics: a.inNameOrTopics!, text: a.text, phrases: a.phrases };
    return index.search(q, { limit: 10, offset: 0 }, 5);
  });
  return (
    `catalog ranking index: ${index.size.toLocaleString("en")} items read in ${(t1 - t0).toFixed(0)} ms, built in ` +
    `${(t2 - t1).toFixed(0)} ms, about ${heapMb.toFixed(0)} MB of heap; the same queries from it: ${percentiles(ms)}`
  );
}
