/**
 * npm run bench — HTTP throughput and latency of Yiwang beside a bare-Fastify baseline, measured in the
 * same run on the same machine, so the ratio means something even on a noisy or slow box.
 *
 * Each server runs in its own process; autocannon drives it from this one over loopback. Settings:
 *   BENCH_DURATION (seconds per scenario, default 10), BENCH_CONNECTIONS (default 50),
 *   BENCH_DATABASE_URL (run the app on that PostgreSQL instead of PGlite).
 * Later modules add scenarios to SCENARIOS (path + optional method/body).
 * OIDC client-credentials issuance (bench/oidc.ts) follows (BENCH_OIDC=0 skips it), then
 * the audit-log benchmark (bench/audit.ts): BENCH_AUDIT_ENTRIES (default 1,000,000; 0 skips it).
 * Catalog search on a 10,000-item catalog (bench/catalog.ts) runs on PostgreSQL (BENCH_DATABASE_URL, else
 * TEST_DATABASE_URL): BENCH_CATALOG_ITEMS (default 10,000; 0 skips it).
 * The exchange gateway's lookup beside a direct lookup of the same record (bench/exchange.ts; BENCH_EXCHANGE=0
 * skips it).
 * Case submission (bench/cases.ts), on PostgreSQL too, beside the same run's raw single-row INSERT rate:
 * BENCH_CASES (drafts submitted per concurrency level, default 250; 0 skips it), BENCH_CASES_CONNECTIONS
 * (default "10,50").
 * Case reads (bench/case-reads.ts), on PostgreSQL too: detail, my cases and the inbox over 10,000 open and 100,000
 * closed cases beside the same run's bare Fastify and raw single-row SELECT; BENCH_CASE_READS=0 skips it.
 * Open data portal (bench/opendata.ts): CKAN package_search and datastore_search on PostgreSQL beside the
 * baseline; BENCH_OPENDATA="<datasets>,<rows>" (default "1000,100000", full size "1000,1000000"; 0 skips it).
 * Public license verification (bench/licenses.ts): QR tokens verified over HTTP beside the same run's raw
 * ES256 verify rate in one process; BENCH_LICENSES (licenses issued for it, default 200; 0 skips it).
 * 一码通 verification (bench/onecode.ts): personal codes verified over HTTP beside the same run's raw ES256
 * verify rate and the offline verifier package's rate; BENCH_ONECODE (codes issued for it, default 200; 0
 * skips it).
 * Notice delivery (bench/notify.ts): notices per second through the outbox to in-app and a stub HTTP SMS
 * gateway, beside the same run's raw INSERT rate; BENCH_NOTIFY (notices per run, default 500; 0 skips it).
 * Archives (bench/archives.ts, in process on PGlite): archiving throughput (packages/min, a case with five
 * materials) and the scheduled check's MB/s beside the same run's raw SHA-256 MB/s; BENCH_ARCHIVES (packages,
 * default 40; 0 skips it), BENCH_ARCHIVES_MATERIAL_KB (size of each material, default 200).
 * Staff messaging fan-out (bench/messaging.ts): latency p50/p99 from a POST to every connected SSE client, beside
 * a bare-Fastify SSE fan-out of the same payload in the same run; BENCH_MESSAGING (clients, default 500; 0 skips
 * it), BENCH_MESSAGING_MESSAGES (default 40); on BENCH_DATABASE_URL when set, else PGlite.
 * 12345 hotline intake (bench/hotline.ts), on PostgreSQL, beside the same run's bare-Fastify baseline and raw
 * INSERT rate, with the headroom against Beijing's load: BENCH_HOTLINE (seconds, default 5; 0 skips it),
 * BENCH_HOTLINE_CONNECTIONS (default 10).
 * The 双随机 draw (bench/supervision.ts): 100,000 targets and 2,000 inspectors with recusal beside the time to
 * read the rosters; BENCH_SUPERVISION (targets, default 100,000; 0 skips it), BENCH_SUPERVISION_INSPECTORS.
 * 一网统管 (bench/indicators.ts), on PostgreSQL: the dashboard API over the rollups of BENCH_INDICATORS generated
 * cases (default 1,000,000; 0 skips it) beside the baseline, and the rollup update cost per case event.
 * Cold load of `/` on a 390 px phone (bench/first-load.ts): bytes on the wire in Chromium against the 400 kB
 * target (issue 15); BENCH_FIRST_LOAD=0 skips it.
 * 惠企政策 matching (bench/policies.ts, in process on PGlite): enterprises × benefits per second beside the same
 * run's fact read time; BENCH_POLICIES="<enterprises>,<benefits>" (default "100000,200"; 0 skips it).
 * Last, issue 16's table (bench/issue16.ts): every path it names beside its floor, with target and "met".
 * On a shared box the load changes from one minute to the next, so each issue-16 row of the main table is
 * measured right after its own bare-Fastify baseline (the baseline server stays up), not against the one
 * figure taken at the start.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import autocannon from "autocannon";
import { BENCH_METRICS_TOKEN } from "./app-config.js";
import { benchArchives } from "./archives.js";
import { benchAudit } from "./audit.js";
import { benchCaseReads, CASE_READS_ENABLED } from "./case-reads.js";
import { benchCases } from "./cases.js";
import { CATALOG_ITEMS, CATALOG_SCENARIOS, prepareCatalogDatabase } from "./catalog.js";
import { benchExchange } from "./exchange.js";
import { benchFirstLoad } from "./first-load.js";
import { benchHotline } from "./hotline.js";
import { BENCH_PASSWORD, BENCH_PHONE, benchPasswordVerify } from "./identity.js";
import { benchIndicators, INDICATORS_CASES } from "./indicators.js";
import { type Issue16Key, issue16Table, reportIssue16 } from "./issue16.js";
import { benchLicenses } from "./licenses.js";
import { benchMessaging } from "./messaging.js";
import { benchNotify } from "./notify.js";
import { benchOidc } from "./oidc.js";
import { benchOnecode } from "./onecode.js";
import { benchOpendata, OPENDATA_ENABLED } from "./opendata.js";
import { benchPolicies, POLICIES_ENABLED } from "./policies.js";
import { benchSupervision, SUPERVISION_ENABLED } from "./supervision.js";

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const here = import.meta.dirname;
const tsx = path.resolve(here, "../node_modules/.bin/tsx");

interface Scenario {
  name: string;
  path: string;
  /** When given, each request takes the next of these paths (round robin) instead of `path`. */
  paths?: string[];
  method?: "GET" | "POST";
  body?: string;
  /** The issue-16 target for this row, as a ratio to the same run's bare-Fastify baseline. */
  target?: number;
  /** The issue-16 row it reports (measured right after its own baseline). */
  issue16?: Issue16Key;
}

const SCENARIOS: Scenario[] = [
  // The floor every route pays (hooks, headers, logging, metrics, serialization): a visitor's session
  // answer touches neither the database nor crypto.
  {
    name: "GET /api/identity/session (visitor: no DB, the per-request floor)",
    path: "/api/identity/session",
    target: 0.5,
    issue16: "session",
  },
  { name: "GET /healthz (DB round trip + migration check)", path: "/healthz" },
  {
    name: "GET /api/calendar/add-working-days (deadline)",
    path: "/api/calendar/add-working-days?from=2026-02-13T10%3A00%3A00%2B08%3A00&days=20",
  },
  {
    name: "GET /api/org/departments (list, 13 rows)",
    path: "/api/org/departments",
    target: 0.3,
    issue16: "departments",
  },
  {
    name: "POST /api/identity/login/password (argon2id verify + session)",
    path: "/api/identity/login/password",
    method: "POST",
    body: JSON.stringify({ phone: BENCH_PHONE, password: BENCH_PASSWORD }),
  },
];

function startServer(
  script: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ child: ChildProcess; port: number; info: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [path.join(here, script)], { env, stdio: ["ignore", "pipe", "inherit"] });
    child.stdout?.on("data", (d: Buffer) => {
      const m = /LISTENING (\d+) ?(\S*)/.exec(d.toString());
      if (m) resolve({ child, port: Number(m[1]), info: m[2] });
    });
    child.on("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

async function stopServer(child: ChildProcess) {
  await new Promise<void>((resolve) => {
    child.removeAllListeners("exit");
    child.on("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

let next = -1;

async function measure(port: number, s: Scenario, seconds = duration): Promise<Figures> {
  const r = await autocannon({
    url: `http://127.0.0.1:${port}${s.path}`,
    method: s.method ?? "GET",
    body: s.body,
    headers: s.body ? { "content-type": "application/json" } : undefined,
    connections,
    duration: seconds,
    requests: s.paths
      ? [
          {
            setupRequest: (req) => {
              const paths = s.paths as string[];
              next = (next + 1) % paths.length;
              return { ...req, path: paths[next] };
            },
          },
        ]
      : undefined,
  });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

/** The app's result-cache counters for catalog search, from /metrics. */
async function searchCache(port: number): Promise<{ hit: number; miss: number }> {
  const headers = { authorization: `Bearer ${BENCH_METRICS_TOKEN}` };
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { headers })).text();
  const count = (result: string) =>
    Number(
      new RegExp(`^cache_lookups_total\\{cache="catalog.search",result="${result}"\\} (\\d+)`, "m").exec(text)?.[1] ??
        0,
    );
  return { hit: count("hit"), miss: count("miss") };
}

function row(cells: (string | number)[]) {
  return `| ${cells.join(" | ")} |`;
}

async function main() {
  console.log(`Yiwang benchmark — ${connections} connections, ${duration}s per scenario, node ${process.version}\n`);

  const baseline = await startServer("baseline-server.ts");
  await measure(baseline.port, { name: "warm-up", path: "/healthz" }, 2);
  const base = await measure(baseline.port, { name: "baseline", path: "/healthz" });

  const app = await startServer("app-server.ts");
  await measure(app.port, { name: "warm-up", path: "/healthz" }, 2);
  // Each result keeps the driver it ran on (the catalog scenarios run on PostgreSQL).
  const results: [Scenario, Figures, string][] = [];
  for (const s of SCENARIOS) {
    // An issue-16 row: its own baseline just before it (the idle baseline server costs nothing meanwhile).
    const own = s.issue16 ? await measure(baseline.port, { name: "baseline", path: "/healthz" }) : undefined;
    const f = await measure(app.port, s);
    results.push([s, f, app.info]);
    if (s.issue16 && own && s.target !== undefined) {
      const ratio = f.rps / own.rps;
      reportIssue16(s.issue16, {
        measured: `${f.rps.toFixed(0)} req/s, p99 ${f.p99} ms [${app.info}]`,
        floor: `bare Fastify ${own.rps.toFixed(0)} req/s (measured just before)`,
        ratio,
        met: ratio >= s.target,
      });
    }
  }
  await stopServer(baseline.child);
  const firstLoad = process.env.BENCH_FIRST_LOAD === "0" ? [] : await benchFirstLoad(app.port);
  await stopServer(app.child);

  const catalogDb = await prepareCatalogDatabase();
  if (catalogDb) {
    try {
      const catalogApp = await startServer("app-server.ts", { ...process.env, BENCH_DATABASE_URL: catalogDb.url });
      await measure(catalogApp.port, CATALOG_SCENARIOS[0]!, 2);
      for (const s of CATALOG_SCENARIOS) {
        const before = await searchCache(catalogApp.port);
        const figures = await measure(catalogApp.port, s);
        const after = await searchCache(catalogApp.port);
        const searches = after.hit + after.miss - before.hit - before.miss;
        const missShare = searches ? `${((100 * (after.miss - before.miss)) / searches).toFixed(1)}% cache misses` : "";
        const misses = missShare ? `, ${missShare}` : "";
        if (s.zipf)
          reportIssue16("search-zipf", {
            measured: `p99 ${figures.p99} ms, ${figures.rps.toFixed(0)} req/s [${catalogApp.info}]`,
            floor: `${CATALOG_ITEMS.toLocaleString("en")} items`,
            ratio: null,
            met: figures.p99 <= 20 && figures.errors === 0 && figures.non2xx === 0,
            note: missShare,
          });
        results.push([
          { ...s, name: `${s.name}, ${CATALOG_ITEMS.toLocaleString("en")} items${misses}` },
          figures,
          catalogApp.info,
        ]);
      }
      await stopServer(catalogApp.child);
    } finally {
      await catalogDb.drop();
    }
  } else if (CATALOG_ITEMS !== 0)
    console.log("catalog search: skipped (needs BENCH_DATABASE_URL or TEST_DATABASE_URL)\n");

  const target = (s: Scenario, ratio: number) =>
    s.target === undefined ? "" : `≥ ${s.target.toFixed(2)} ${ratio >= s.target ? "met" : "NOT MET"}`;
  console.log(row(["scenario", "req/s", "p50 ms", "p99 ms", "errors", "non-2xx", "req/s vs baseline", "target"]));
  console.log(row(["---", "---:", "---:", "---:", "---:", "---:", "---:", "---"]));
  console.log(
    row([
      "baseline: bare Fastify GET /healthz (no DB)",
      base.rps.toFixed(0),
      base.p50,
      base.p99,
      base.errors,
      base.non2xx,
      "1.00",
      "",
    ]),
  );
  for (const [s, f, driver] of results) {
    console.log(
      row([
        `${s.name} [${driver}]`,
        f.rps.toFixed(0),
        f.p50,
        f.p99,
        f.errors,
        f.non2xx,
        (f.rps / base.rps).toFixed(2),
        target(s, f.rps / base.rps),
      ]),
    );
  }

  if (firstLoad.length) console.log(`\n${firstLoad.join("\n")}`);

  console.log("");
  for (const line of await benchPasswordVerify(
    results.find(([s]) => s.path === "/api/identity/login/password")?.[1].rps,
  ))
    console.log(line);

  if (process.env.BENCH_OIDC !== "0") {
    console.log("");
    for (const line of await benchOidc(base.rps)) console.log(line);
  }

  if (process.env.BENCH_LICENSES !== "0") {
    console.log("");
    for (const line of await benchLicenses(base.rps)) console.log(line);
  }

  if (process.env.BENCH_EXCHANGE !== "0") {
    console.log("");
    for (const line of await benchExchange()) console.log(line);
  }

  if (process.env.BENCH_CASES !== "0") {
    console.log("");
    for (const line of await benchCases()) console.log(line);
  }

  if (CASE_READS_ENABLED) {
    console.log("");
    for (const line of await benchCaseReads()) console.log(line);
  }

  if (process.env.BENCH_ONECODE !== "0") {
    console.log("");
    for (const line of await benchOnecode(base.rps)) console.log(line);
  }

  if (process.env.BENCH_NOTIFY !== "0") {
    console.log("\nnotice delivery (outbox → in-app + stub HTTP channel) beside raw INSERTs:");
    for (const line of await benchNotify()) console.log(line);
  }

  if (process.env.BENCH_ARCHIVES !== "0") {
    console.log("");
    for (const line of await benchArchives()) console.log(line);
  }

  if (process.env.BENCH_MESSAGING !== "0") {
    console.log("");
    for (const line of await benchMessaging()) console.log(line);
  }

  if (OPENDATA_ENABLED) {
    console.log("");
    for (const line of await benchOpendata(base.rps)) console.log(line);
  }

  if (process.env.BENCH_AUDIT_ENTRIES !== "0") {
    console.log("");
    for (const line of await benchAudit()) console.log(line);
  }

  if (process.env.BENCH_HOTLINE !== "0") {
    console.log("");
    for (const line of await benchHotline(base.rps)) console.log(line);
  }

  if (SUPERVISION_ENABLED) {
    console.log("");
    for (const line of await benchSupervision()) console.log(line);
  }
  if (INDICATORS_CASES > 0) {
    console.log("");
    for (const line of await benchIndicators(base.rps)) console.log(line);
  }
  if (POLICIES_ENABLED) {
    console.log("");
    for (const line of await benchPolicies()) console.log(line);
  }

  console.log("");
  for (const line of issue16Table()) console.log(line);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
