/**
 * Exchange gateway benchmark: a lookup by ID number through the gateway
 * (`GET /api/exchange/gateway/population.person?key=…`) beside the same run's direct lookup of the same
 * data in the same server — the same bearer token and permission check, the same registry read and field
 * projection, but none of the gateway's own work (approval read, per-consumer rate limit, call-log record +
 * audit entry in one transaction, hashes).
 *
 * `benchExchange()` starts this file again as a server process (`tsx bench/exchange.ts serve`): a migrated,
 * seeded app on a temporary PGlite (or BENCH_DATABASE_URL) with a machine client of 人社局 (hrss) holding
 * an approval for population.person, plus two bench-only routes: the direct lookup, and the logging floor
 * (the direct lookup plus one raw statement writing a call-log row and its audit entry — what any gateway
 * that records each call durably before answering cannot go below). Two measurements:
 *  - one request in flight, alternating blocks of direct and gateway requests (so drift of a shared box
 *    hits both): p50/p99 and the latency the gateway adds per call;
 *  - BENCH_CONNECTIONS (default 50) for BENCH_DURATION seconds each (autocannon) on direct, gateway and
 *    logging floor: req/s and the ratios.
 * BENCH_EXCHANGE=0 skips it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { sql } from "kysely";
import pg from "pg";
import population from "../apps/server/src/seed/data/population.json" with { type: "json" };
import { BENCH_PRODUCTION_ENV } from "./app-config.js";
import { cpuPerRequest, cpuProfileEnv, cpuSnapshot, describeCpu } from "./cpu-meter.js";
import { reportIssue16 } from "./issue16.js";

const here = import.meta.dirname;
const tsx = path.resolve(here, "../node_modules/.bin/tsx");
const GRANTED = ["idNumber", "name", "gender", "birthDate"];

async function serve() {
  const { tuneHeapForServing } = await import("../apps/server/src/platform/heap-tuning.js");
  tuneHeapForServing(); // as main.ts does
  const { buildApp } = await import("../apps/server/src/app.js");
  const { loadConfig } = await import("../apps/server/src/platform/config.js");
  const { openDatabase } = await import("../apps/server/src/platform/db/database.js");
  const { migrate } = await import("../apps/server/src/platform/db/migrator.js");
  const { seedDemo } = await import("../apps/server/src/seed/index.js");
  const { oidcOf } = await import("../apps/server/src/modules/identity/oidc/index.js");
  const { RegistryService } = await import("../apps/server/src/modules/registry/index.js");
  const { hostedSources, project, POPULATION_FIELDS } = await import("../apps/server/src/modules/exchange/sources.js");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-bench-exchange-"));
  const port = Number(process.env.BENCH_EXCHANGE_PORT);
  const config = loadConfig({
    ...BENCH_PRODUCTION_ENV,
    DATA_DIR: dataDir,
    RATE_LIMIT_PER_MINUTE: "0",
    // measure the gateway's work, not its limiter refusing the load generator (the counter is still hit)
    EXCHANGE_CALLS_PER_MINUTE: "100000000",
    PUBLIC_URL: `http://127.0.0.1:${port}`,
  });
  const database = await openDatabase({
    databaseUrl: process.env.BENCH_DATABASE_URL,
    pgliteDir: path.join(dataDir, "pglite"),
  });
  const db = database.db;
  await migrate(db);
  await seedDemo(db, config);
  const app = await buildApp(config, { database });

  // The approval the gateway checks on every call (as a provider's decision would leave it).
  const hrss = await db.selectFrom("departments").select("id").where("key", "=", "hrss").executeTakeFirstOrThrow();
  const resource = await db
    .selectFrom("exchange_resources")
    .select("id")
    .where("code", "=", "population.person")
    .executeTakeFirstOrThrow();
  const now = Date.now();
  await db
    .insertInto("exchange_applications")
    .values({
      resource_id: resource.id,
      consumer_department_id: hrss.id,
      purpose: "压测：核验社保参保人员身份信息",
      fields: JSON.stringify(GRANTED),
      clear_fields: "[]",
      query_pattern: "lookup_by_key",
      valid_from: new Date(now - 86_400_000),
      valid_to: new Date(now + 365 * 86_400_000),
      status: "approved",
      applied_by: "bench",
      decided_by: "bench",
      decided_at: new Date(now),
    })
    .execute();

  // The direct path: same auth, same registry read, same projection — no gateway.
  const source = hostedSources(new RegistryService(db, app.platform.pii))["registry.population"];
  const granted = async (key: string) =>
    (await source.lookup(key)).map((r) => project(r, POPULATION_FIELDS, GRANTED, []));
  app.get(
    "/bench/direct/population.person",
    { preHandler: app.authorize("exchange.call"), schema: { hide: true } },
    async (req) => {
      const records = await granted((req.query as { key: string }).key);
      return { resource: "population.person", records };
    },
  );

  // The floor of any gateway that must record a call durably before answering: the direct path plus one
  // raw statement writing a call-log row and its audit entry (no grant check, rate limit or hashing).
  app.get(
    "/bench/logged/population.person",
    { preHandler: app.authorize("exchange.call"), schema: { hide: true } },
    async (req) => {
      const at = new Date();
      const records = await granted((req.query as { key: string }).key);
      const id = crypto.randomUUID();
      const clientId = req.principal?.id ?? "bench";
      const audit = app.platform.audit.entryCte(
        { type: "exchange.gateway.called", actor: `client:${clientId}`, subject: `exchange-call:${id}`, time: at },
        { onlyWith: "call" },
      );
      await sql`
        with call as (
          insert into exchange_calls (id, at, client_id, consumer_department_id, resource_code, query_pattern,
                                      query_hmac, record_count, latency_ms, outcome)
          values (${id}, ${at}, ${clientId}, ${hrss.id}, 'population.person', 'lookup_by_key', 'bench',
                  ${records.length}, 0, 'ok')
          returning id),
        audit as ${audit(db)}
        select id from call`.execute(db);
      return { resource: "population.person", records, callId: id };
    },
  );

  const client = await oidcOf(app).clients.create(
    { name: "压测人社业务系统", kind: "machine", departmentId: hrss.id, scopes: ["exchange.call"] },
    "bench",
  );
  await app.listen({ host: "127.0.0.1", port });
  const basic = Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`);
  const res = await fetch(`http://127.0.0.1:${port}/oidc/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${basic.toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials&scope=exchange.call",
  });
  const token = ((await res.json()) as { access_token: string }).access_token;
  process.stdout.write(`PID ${process.pid}\n`);
  process.stdout.write(`LISTENING ${port} ${database.driver} ${token}\n`);
  process.on("SIGTERM", async () => {
    await app.close();
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
}

async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function start(
  databaseUrl?: string,
): Promise<{ child: ChildProcess; port: number; driver: string; token: string; pid: number | undefined }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (databaseUrl) env.BENCH_DATABASE_URL = databaseUrl;
  else delete env.BENCH_DATABASE_URL;
  return freePort().then(
    (port) =>
      new Promise((resolve, reject) => {
        const child = spawn(tsx, [path.join(here, "exchange.ts"), "serve"], {
          env: { ...env, BENCH_EXCHANGE_PORT: String(port), ...cpuProfileEnv() },
          stdio: ["ignore", "pipe", "inherit"],
        });
        let out = "";
        child.stdout?.on("data", (d: Buffer) => {
          out += d.toString();
          const m = /LISTENING (\d+) (\S+) (\S+)/.exec(out);
          const pid = /PID (\d+)/.exec(out);
          if (m)
            resolve({
              child,
              port: Number(m[1]),
              driver: m[2] as string,
              token: m[3] as string,
              pid: pid ? Number(pid[1]) : undefined,
            });
        });
        child.on("exit", (code) => reject(new Error(`exchange bench server exited with ${code}`)));
      }),
  );
}

const KEYS = population.people.map((p) => p.idNumber);
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const ms = (v: number) => v.toFixed(2);

/** One request at a time, alternating blocks of `block` direct and gateway requests. */
async function serial(
  base: string,
  paths: { direct: string; gateway: string },
  token: string,
  blocks: number,
  block = 100,
) {
  const lat = { direct: [] as number[], gateway: [] as number[] };
  let i = 0;
  for (let b = 0; b < blocks; b++) {
    for (const kind of ["direct", "gateway"] as const) {
      for (let n = 0; n < block; n++) {
        const key = KEYS[i++ % KEYS.length] as string;
        const t0 = performance.now();
        const res = await fetch(`${base}${paths[kind]}?key=${key}`, { headers: { authorization: `Bearer ${token}` } });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${kind}: ${res.status}`);
        lat[kind].push(performance.now() - t0);
      }
    }
  }
  const stats = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return { p50: quantile(s, 0.5), p99: quantile(s, 0.99), n: s.length };
  };
  return { direct: stats(lat.direct), gateway: stats(lat.gateway) };
}

async function load(port: number, p: string, token: string, connections: number, duration: number) {
  let next = 0;
  const r = await autocannon({
    url: `http://127.0.0.1:${port}${p}?key=${KEYS[0]}`,
    headers: { authorization: `Bearer ${token}` },
    connections,
    duration,
    requests: [
      {
        setupRequest: (req) => {
          next = (next + 1) % KEYS.length;
          return { ...req, path: `${p}?key=${KEYS[next]}` };
        },
      },
    ],
  });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    bad: r.errors + r.timeouts + r.non2xx,
    requests: r.requests.total,
  };
}

/**
 * The write no gateway call can skip: its call log and audit entry are committed (WAL flushed) before it
 * answers. Single-row INSERTs of a call-log-sized row into a scratch table, one at a time on one
 * connection, autocommitted: the p50 is what one durable write costs on this machine's PostgreSQL.
 */
async function durableWrite(databaseUrl: string, n = 1000) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      "create table bench_durable_write (id uuid primary key default gen_random_uuid(), at timestamptz not null default now(), body jsonb not null)",
    );
    const body = JSON.stringify({ resource: "population.person", outcome: "ok", hash: "0".repeat(64) });
    const lat: number[] = [];
    for (let i = 0; i < n + 100; i++) {
      const t0 = performance.now();
      await client.query({
        name: "bench_durable_write",
        text: "insert into bench_durable_write (body) values ($1)",
        values: [body],
      });
      if (i >= 100) lat.push(performance.now() - t0);
    }
    lat.sort((a, b) => a - b);
    return { p50: quantile(lat, 0.5), p99: quantile(lat, 0.99), n };
  } finally {
    await client.query("drop table if exists bench_durable_write");
    await client.end();
  }
}

/**
 * Lines for the report: on PGlite, and again on PostgreSQL (a scratch database on the server of
 * BENCH_DATABASE_URL or TEST_DATABASE_URL) when one is given.
 */
export async function benchExchange(): Promise<string[]> {
  const lines = await benchOn();
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (server) {
    const { createScratchDatabase } = await import("../apps/server/src/test-support/database.js");
    const scratch = await createScratchDatabase(server, "yiwang_bench_exchange");
    try {
      lines.push(...(await benchOn(scratch.url)));
    } finally {
      await scratch.drop();
    }
  }
  return lines;
}

async function benchOn(databaseUrl?: string): Promise<string[]> {
  const duration = Number(process.env.BENCH_DURATION ?? 10);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
  const s = await start(databaseUrl);
  const paths = { direct: "/bench/direct/population.person", gateway: "/api/exchange/gateway/population.person" };
  const loggedPath = "/bench/logged/population.person";
  try {
    const base = `http://127.0.0.1:${s.port}`;
    await serial(base, paths, s.token, 2); // warm-up
    const one = await serial(base, paths, s.token, 10);
    const write = databaseUrl ? await durableWrite(databaseUrl) : null;
    await load(s.port, paths.direct, s.token, connections, 2); // warm-up
    const c0 = cpuSnapshot(s.pid);
    const direct = await load(s.port, paths.direct, s.token, connections, duration);
    const c1 = cpuSnapshot(s.pid);
    const gateway = await load(s.port, paths.gateway, s.token, connections, duration);
    const c2 = cpuSnapshot(s.pid);
    const logged = await load(s.port, loggedPath, s.token, connections, duration);
    const c3 = cpuSnapshot(s.pid);
    const cpu = {
      direct: cpuPerRequest(c0, c1, direct.requests),
      gateway: cpuPerRequest(c1, c2, gateway.requests),
      logged: cpuPerRequest(c2, c3, logged.requests),
    };
    const added = one.gateway.p50 - one.direct.p50;
    reportIssue16("exchange", {
      measured: `+${ms(added)} ms p50 per call; ${gateway.rps.toFixed(0)} req/s [${s.driver}]`,
      floor:
        `direct lookup ${direct.rps.toFixed(0)} req/s; direct + durable call log & audit entry ${logged.rps.toFixed(0)} req/s (gateway ${(gateway.rps / logged.rps).toFixed(2)}× of it)` +
        (write ? `; one durable write (raw INSERT, autocommit, one at a time) p50 ${ms(write.p50)} ms` : ""),
      ratio: gateway.rps / direct.rps,
      met: added <= 1.5 && gateway.rps / direct.rps >= 0.6 && gateway.bad === 0,
    });
    const loadAverage = os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(", ");
    return [
      `Exchange gateway lookup vs. direct lookup of the same record (same token check, registry read, projection) [${s.driver}]:`,
      `  one in flight (${one.direct.n} each, alternating blocks): direct p50 ${ms(one.direct.p50)} ms p99 ${ms(one.direct.p99)} ms; ` +
        `gateway p50 ${ms(one.gateway.p50)} ms p99 ${ms(one.gateway.p99)} ms; added per call p50 ${ms(one.gateway.p50 - one.direct.p50)} ms (target < 1 ms)`,
      `  ${connections} connections, ${duration}s each: direct ${direct.rps.toFixed(0)} req/s (p50 ${direct.p50} ms, p99 ${direct.p99} ms, bad ${direct.bad}); ` +
        `gateway ${gateway.rps.toFixed(0)} req/s (p50 ${gateway.p50} ms, p99 ${gateway.p99} ms, bad ${gateway.bad}); ` +
        `ratio ${(gateway.rps / direct.rps).toFixed(2)}; server time added per call ≈ ${ms(1000 / gateway.rps - 1000 / direct.rps)} ms`,
      `  the logging floor — direct lookup + one raw statement writing the call-log row and its audit entry: ` +
        `${logged.rps.toFixed(0)} req/s (p99 ${logged.p99} ms, bad ${logged.bad}) = ${(logged.rps / direct.rps).toFixed(2)}× direct; ` +
        `the gateway is ${(gateway.rps / logged.rps).toFixed(2)}× of it`,
      ...(write
        ? [
            `  the call log's durable write alone (raw single-row INSERT, autocommit, one at a time, ${write.n}): p50 ${ms(write.p50)} ms, ` +
              `p99 ${ms(write.p99)} ms — the gateway adds ${ms(added - write.p50)} ms p50 beyond it`,
          ]
        : []),
      `  CPU per call: direct ${describeCpu(cpu.direct)}`,
      `  CPU per call: gateway ${describeCpu(cpu.gateway)}`,
      `  CPU per call: logging floor ${describeCpu(cpu.logged)}`,
      `  load average at the end (1, 5, 15 min): ${loadAverage} on ${os.availableParallelism()} cores`,
    ];
  } finally {
    await new Promise<void>((resolve) => {
      s.child.removeAllListeners("exit");
      s.child.on("exit", () => resolve());
      s.child.kill("SIGTERM");
    });
  }
}

if (process.argv[2] === "serve") await serve();
else if (process.argv[2] === "run") for (const line of await benchExchange()) console.log(line);
