/**
 * OIDC benchmark: client-credentials token issuance (POST /oidc/token, HTTP Basic client authentication)
 * on the real application, beside the same run's bare-Fastify baseline.
 *
 * `benchOidc(baselineRps)` starts this file again as a server process (`tsx bench/oidc.ts serve`): a
 * migrated, seeded app on a temporary PGlite (or BENCH_DATABASE_URL) with one machine client registered,
 * listening on 127.0.0.1 only. The server is one Node process, so its figure is per core: PGlite runs in
 * that same process; with BENCH_DATABASE_URL PostgreSQL works on the other core(s) of the box.
 * Each issuance is: client lookup + secret unseal (AES-GCM), one token insert, JSON response.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { BENCH_PRODUCTION_ENV } from "./app-config.js";

const here = import.meta.dirname;
const tsx = path.resolve(here, "../node_modules/.bin/tsx");

async function serve() {
  const { buildApp } = await import("../apps/server/src/app.js");
  const { loadConfig } = await import("../apps/server/src/platform/config.js");
  const { openDatabase } = await import("../apps/server/src/platform/db/database.js");
  const { migrate } = await import("../apps/server/src/platform/db/migrator.js");
  const { seedDemo } = await import("../apps/server/src/seed/index.js");
  const { oidcOf } = await import("../apps/server/src/modules/identity/oidc/index.js");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-bench-oidc-"));
  const port = Number(process.env.BENCH_OIDC_PORT);
  const config = loadConfig({
    ...BENCH_PRODUCTION_ENV,
    DATA_DIR: dataDir,
    RATE_LIMIT_PER_MINUTE: "0",
    PUBLIC_URL: `http://127.0.0.1:${port}`,
  });
  const database = await openDatabase({
    databaseUrl: process.env.BENCH_DATABASE_URL,
    pgliteDir: path.join(dataDir, "pglite"),
  });
  await migrate(database.db);
  await seedDemo(database.db, config);
  const app = await buildApp(config, { database });
  const dept = await database.db.selectFrom("departments").select("id").executeTakeFirstOrThrow();
  const client = await oidcOf(app).clients.create(
    { name: "压测机器客户端", kind: "machine", departmentId: dept.id, scopes: ["identity.realname.check"] },
    "bench",
  );
  await app.listen({ host: "127.0.0.1", port });
  process.stdout.write(`LISTENING ${port} ${database.driver} ${client.clientId} ${client.clientSecret}\n`);
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

function start(): Promise<{ child: ChildProcess; port: number; driver: string; id: string; secret: string }> {
  return freePort().then(
    (port) =>
      new Promise((resolve, reject) => {
        const child = spawn(tsx, [path.join(here, "oidc.ts"), "serve"], {
          env: { ...process.env, BENCH_OIDC_PORT: String(port) },
          stdio: ["ignore", "pipe", "inherit"],
        });
        child.stdout?.on("data", (d: Buffer) => {
          const m = /LISTENING (\d+) (\S+) (\S+) (\S+)/.exec(d.toString());
          if (m) resolve({ child, port: Number(m[1]), driver: m[2], id: m[3], secret: m[4] });
        });
        child.on("exit", (code) => reject(new Error(`oidc bench server exited with ${code}`)));
      }),
  );
}

/** Lines for the report: client-credentials issuance throughput beside the baseline's req/s. */
export async function benchOidc(baselineRps: number): Promise<string[]> {
  const duration = Number(process.env.BENCH_DURATION ?? 10);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
  const s = await start();
  try {
    const opts = {
      url: `http://127.0.0.1:${s.port}/oidc/token`,
      method: "POST" as const,
      headers: {
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(s.id)}:${encodeURIComponent(s.secret)}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "grant_type=client_credentials&scope=identity.realname.check",
      connections,
    };
    await autocannon({ ...opts, duration: 2 });
    const r = await autocannon({ ...opts, duration });
    const rps = r.requests.average;
    return [
      `OIDC client-credentials token issuance (POST /oidc/token) [${s.driver}], ${connections} connections, ${duration}s:`,
      `  ${rps.toFixed(0)} tokens/s per core (one server process), p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ` +
        `errors ${r.errors + r.timeouts}, non-2xx ${r.non2xx}; ${(rps / baselineRps).toFixed(2)} × the bare-Fastify baseline (${baselineRps.toFixed(0)} req/s)`,
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
