/**
 * Public license verification (part of npm run bench): POST /api/licenses/verify with QR tokens over
 * HTTP — the path a health-code-like peak hits — beside the same run's raw ES256 signature verification
 * in one process (node:crypto, and jose's compactVerify), which is the floor the HTTP path is compared
 * with. The server (bench/licenses-server.ts, its own process) holds BENCH_LICENSES imported licenses;
 * each request verifies a different token (round robin), on PGlite and then on a scratch PostgreSQL
 * database (BENCH_DATABASE_URL, else TEST_DATABASE_URL). BENCH_LICENSES=0 skips the section.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createPublicKey, verify } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { compactVerify, importJWK, type JWK } from "jose";
import { reportIssue16 } from "./issue16.js";
import { runSql } from "./server-sql.js";
import { describeVerifyFloor, loadVerify, verifyFloor } from "./verify-floor.js";

export const LICENSES = Number(process.env.BENCH_LICENSES ?? 200);
const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const RAW_SECONDS = 3;
const here = import.meta.dirname;
const tsx = path.resolve(here, "../node_modules/.bin/tsx");

function start(
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; port: number; driver: string; importMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [path.join(here, "licenses-server.ts")], { env, stdio: ["ignore", "pipe", "inherit"] });
    let importMs = Number.NaN;
    child.stdout?.on("data", (d: Buffer) => {
      const imported = /IMPORTED (\d+) (\d+)/.exec(d.toString());
      if (imported) importMs = Number(imported[2]);
      const m = /LISTENING (\d+) ?(\S*)/.exec(d.toString());
      if (m) resolve({ child, port: Number(m[1]), driver: m[2], importMs });
    });
    child.on("exit", (code) => reject(new Error(`licenses-server exited with ${code}`)));
  });
}

/** Verifications per second in this process, one at a time (one core), for `seconds`. */
async function rate(seconds: number, check: (i: number) => boolean | Promise<boolean>): Promise<number> {
  let done = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    if (!(await check(done))) throw new Error("a bench token did not verify");
    done++;
  }
  return done / seconds;
}

/** On PGlite (in the server's own process), then on a scratch PostgreSQL database when one is configured. */
export async function benchLicenses(baselineRps?: number): Promise<string[]> {
  const lines = await benchOn(undefined, baselineRps);
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!server) return [...lines, "  (PostgreSQL: skipped, no BENCH_DATABASE_URL or TEST_DATABASE_URL)"];
  const name = `yiwang_bench_licenses_${Date.now()}`;
  await runSql(server, `create database ${name}`);
  try {
    const u = new URL(server);
    u.pathname = `/${name}`;
    return [...lines, ...(await benchOn(u.toString(), baselineRps))];
  } finally {
    await runSql(server, `drop database if exists ${name} with (force)`);
  }
}

async function benchOn(databaseUrl: string | undefined, baselineRps?: number): Promise<string[]> {
  const tokensFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-bench-tokens-")), "tokens.json");
  const env: NodeJS.ProcessEnv = { ...process.env, BENCH_LICENSES: String(LICENSES), BENCH_TOKENS_FILE: tokensFile };
  if (databaseUrl) env.BENCH_DATABASE_URL = databaseUrl;
  else delete env.BENCH_DATABASE_URL;
  const server = await start(env);
  try {
    const tokens = JSON.parse(fs.readFileSync(tokensFile, "utf8")) as string[];
    const jwks = (await (await fetch(`http://127.0.0.1:${server.port}/api/licenses/jwks.json`)).json()) as {
      keys: JWK[];
    };
    const kid = JSON.parse(Buffer.from(tokens[0].split(".")[0], "base64url").toString()).kid as string;
    const jwk = jwks.keys.find((k) => k.kid === kid);
    if (!jwk) throw new Error("the tokens' key is not in the JWKS");
    const keyObject = createPublicKey({ key: jwk as never, format: "jwk" });
    const joseKey = await importJWK(jwk, "ES256");

    const parts = tokens.map((t) => t.split("."));
    const rawVerify = () =>
      rate(RAW_SECONDS, (i) => {
        const [h, p, s] = parts[i % parts.length];
        return verify(
          "sha256",
          Buffer.from(`${h}.${p}`),
          { key: keyObject, dsaEncoding: "ieee-p1363" },
          Buffer.from(s, "base64url"),
        );
      });
    // Measured before and after the HTTP run, the mean is the floor: a shared box's load drifts by the minute.
    const rawBefore = await rawVerify();
    const viaJose = await rate(RAW_SECONDS, async (i) => {
      await compactVerify(tokens[i % tokens.length], joseKey);
      return true;
    });

    const bodies = tokens.map((token) => JSON.stringify({ token }));
    const url = `http://127.0.0.1:${server.port}/api/licenses/verify`;
    const load = { bodies, connections, duration };
    const r = await loadVerify(url, load);
    const rawAfter = await rawVerify();
    const raw = (rawBefore + rawAfter) / 2;
    // bare Fastify + the same ES256 check, answering the route's own answer: one Node process's HTTP floor.
    const bare = await verifyFloor(url, jwks.keys, load);
    // The same server's floor for a request with one database round trip (GET /healthz).
    const floor = await autocannon({ url: `http://127.0.0.1:${server.port}/healthz`, connections, duration });
    const cores = os.availableParallelism();
    const rps = r.rps;
    reportIssue16("license-verify", {
      measured: `${rps.toFixed(0)} req/s, p99 ${r.p99} ms [${server.driver}]`,
      floor: `raw ES256 verify ${raw.toFixed(0)}/s, one core`,
      ratio: rps / raw,
      met: rps / raw >= 0.6 && r.bad === 0,
      note: `bare Fastify + the same ES256 check ${bare.rps.toFixed(0)} req/s = ${(bare.rps / raw).toFixed(2)}× raw; the route = ${(rps / bare.rps).toFixed(2)}× that`,
    });
    return [
      `License verification (public QR token check), ${tokens.length.toLocaleString("en")} issued licenses [${server.driver}], same run:`,
      `  issuance (CSV import through the API, one transaction): ${tokens.length} licenses in ${(server.importMs / 1000).toFixed(1)} s = ` +
        `${((tokens.length * 1000) / server.importMs).toFixed(1)} licenses/s (identifier, VC-JWT, QR token, PDF with CJK font subset, PAdES seal)`,
      `  raw ES256 verify in one process (node:crypto), one at a time: ${raw.toFixed(0)}/s (${(1000 / raw).toFixed(3)} ms each) — one core, ` +
        `mean of ${rawBefore.toFixed(0)}/s before and ${rawAfter.toFixed(0)}/s after the HTTP run`,
      `  jose compactVerify in one process, one at a time: ${viaJose.toFixed(0)}/s`,
      `  HTTP POST /api/licenses/verify {token}, ${connections} connections: ${rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ` +
        `errors or non-2xx ${r.bad}`,
      describeVerifyFloor(bare, raw, rps),
      `  same server, GET /healthz (one DB round trip): ${floor.requests.average.toFixed(0)} req/s, p50 ${floor.latency.p50} ms`,
      `  ratio HTTP verify / raw verify = ${(rps / raw).toFixed(2)}; HTTP verify / GET /healthz = ${(rps / floor.requests.average).toFixed(2)}` +
        (baselineRps ? `; HTTP verify / bare-Fastify baseline = ${(rps / baselineRps).toFixed(2)}` : "") +
        ` (server: one Node process on a ${cores}-core machine shared with the load generator)`,
    ];
  } finally {
    await new Promise<void>((resolve) => {
      server.child.removeAllListeners("exit");
      server.child.on("exit", () => resolve());
      server.child.kill("SIGTERM");
    });
  }
}
