/**
 * 一码通 verification (part of npm run bench): POST /api/onecode/verify over HTTP — the 亮码核验 path a
 * peak hits — beside the same run's raw ES256 verification of the same codes in one process (node:crypto:
 * the floor), and offline verification with packages/onecode-verifier (WebCrypto, what a gate embeds).
 * The server (bench/onecode-server.ts, its own process) issues BENCH_ONECODE codes; each request verifies
 * a different one (round robin), on PGlite and then on a scratch PostgreSQL database (BENCH_DATABASE_URL,
 * else TEST_DATABASE_URL). BENCH_ONECODE=0 skips the section. Goal (issue 25): HTTP ≥ 0.6× raw.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createPublicKey, verify } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { OnecodeKeyList } from "@yiwang/contracts";
import { KeySet, verifyCode } from "@yiwang/onecode-verifier";
import autocannon from "autocannon";
import { runSql } from "./server-sql.js";
import { describeVerifyFloor, loadVerify, verifyFloor } from "./verify-floor.js";

export const ONECODES = Number(process.env.BENCH_ONECODE ?? 200);
const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const RAW_SECONDS = 3;
const GOAL = 0.6;
const here = import.meta.dirname;
const tsx = path.resolve(here, "../node_modules/.bin/tsx");

function start(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number; driver: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [path.join(here, "onecode-server.ts")], { env, stdio: ["ignore", "pipe", "inherit"] });
    child.stdout?.on("data", (d: Buffer) => {
      const m = /LISTENING (\d+) ?(\S*)/.exec(d.toString());
      if (m) resolve({ child, port: Number(m[1]), driver: m[2] ?? "" });
    });
    child.on("exit", (code) => reject(new Error(`onecode-server exited with ${code}`)));
  });
}

/** Verifications per second in this process, one at a time (one core), for `seconds`. */
async function rate(seconds: number, check: (i: number) => boolean | Promise<boolean>): Promise<number> {
  let done = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    if (!(await check(done))) throw new Error("a bench code did not verify");
    done++;
  }
  return done / seconds;
}

/** On PGlite (in the server's own process), then on a scratch PostgreSQL database when one is configured. */
export async function benchOnecode(baselineRps?: number): Promise<string[]> {
  const lines = await benchOn(undefined, baselineRps);
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!server) return [...lines, "  (PostgreSQL: skipped, no BENCH_DATABASE_URL or TEST_DATABASE_URL)"];
  const name = `yiwang_bench_onecode_${Date.now()}`;
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
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-bench-onecode-")), "codes.json");
  const env: NodeJS.ProcessEnv = { ...process.env, BENCH_ONECODE: String(ONECODES), BENCH_ONECODE_FILE: file };
  if (databaseUrl) env.BENCH_DATABASE_URL = databaseUrl;
  else delete env.BENCH_DATABASE_URL;
  const server = await start(env);
  try {
    const { codes, keys } = JSON.parse(fs.readFileSync(file, "utf8")) as { codes: string[]; keys: OnecodeKeyList };
    const keySet = await KeySet.fromList(keys.list, keys.listKey, new Date());
    const listed = JSON.parse(Buffer.from(keys.list.split(".")[1] as string, "base64url").toString()).keys as {
      kid: string;
    }[];
    const jws = codes.map((c) => c.slice(4).split(".") as [string, string, string]);
    const kid = JSON.parse(Buffer.from(jws[0]?.[0] as string, "base64url").toString()).kid as string;
    const jwk = listed.find((k) => k.kid === kid);
    if (!jwk) throw new Error("the codes' key is not in the key list");
    const keyObject = createPublicKey({ key: jwk as never, format: "jwk" });

    // The floor: the ES256 check of the same codes (split, base64url, verify), nothing else.
    const raw = await rate(RAW_SECONDS, (i) => {
      const [h, p, s] = jws[i % jws.length] as [string, string, string];
      return verify(
        "sha256",
        Buffer.from(`${h}.${p}`),
        { key: keyObject, dsaEncoding: "ieee-p1363" },
        Buffer.from(s, "base64url"),
      );
    });
    const offline = await rate(
      RAW_SECONDS,
      async (i) => (await verifyCode(codes[i % codes.length] as string, keySet, new Date())).result === "valid",
    );

    const bodies = codes.map((code) => JSON.stringify({ code }));
    const url = `http://127.0.0.1:${server.port}/api/onecode/verify`;
    const load = { bodies, connections, duration };
    const r = await loadVerify(url, load);
    // bare Fastify + the same ES256 check, answering the route's own answer: one Node process's HTTP floor.
    const bare = await verifyFloor(url, listed, load);
    // The same server's per-request floor: a route with neither database nor crypto (a visitor's session).
    const floor = await autocannon({
      url: `http://127.0.0.1:${server.port}/api/identity/session`,
      connections,
      duration,
    });
    const cores = os.availableParallelism();
    const rps = r.rps;
    const ratio = rps / raw;
    return [
      `一码通 verification (personal codes, ES256), ${codes.length} codes [${server.driver}], same run:`,
      `  raw ES256 verify in one process (node:crypto), one at a time: ${raw.toFixed(0)}/s (${(1000 / raw).toFixed(3)} ms each) — one core`,
      `  offline verify with @yiwang/onecode-verifier (WebCrypto: parse, key, signature, time), one at a time: ${offline.toFixed(0)}/s (${(offline / raw).toFixed(2)}× raw)`,
      `  HTTP POST /api/onecode/verify {code}, ${connections} connections: ${rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ` +
        `errors or non-2xx ${r.bad}`,
      describeVerifyFloor(bare, raw, rps),
      `  same server, GET /api/identity/session (no DB, no crypto: the per-request floor): ${floor.requests.average.toFixed(0)} req/s, p50 ${floor.latency.p50} ms`,
      `  ratio HTTP verify / raw verify = ${ratio.toFixed(2)} (goal ≥ ${GOAL.toFixed(2)}: ${ratio >= GOAL ? "met" : "NOT MET"})` +
        `; HTTP verify / floor = ${(rps / floor.requests.average).toFixed(2)}` +
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
