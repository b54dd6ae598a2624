/**
 * The same run's floor for an HTTP verification (license QR tokens, 一码通 codes): bench/verify-floor-server.ts
 * — bare Fastify plus the ES256 check and nothing else — loaded exactly as the app's route is (the same
 * bodies round robin, the same connections and duration). Its ratio to the raw in-process verify rate is
 * what any HTTP server in one Node process reaches on this machine: the HTTP work (about 75 µs a request
 * here, kernel included) comes on top of the signature's, and the signature itself runs slower between
 * requests than in a tight loop (its tables leave the CPU cache). The app's route is judged against both.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";

const here = import.meta.dirname;
const tsx = path.resolve(here, "../node_modules/.bin/tsx");

export interface VerifyLoad {
  /** Request bodies, sent round robin (one per request). */
  bodies: string[];
  connections: number;
  duration: number;
}

/** Loads `url` with POSTs of `load.bodies` round robin (after 2 s of warm-up): req/s and latency. */
export async function loadVerify(url: string, load: VerifyLoad) {
  const headers = { "content-type": "application/json" };
  await autocannon({ url, method: "POST", body: load.bodies[0], headers, connections: load.connections, duration: 2 });
  let next = -1;
  const r = await autocannon({
    url,
    method: "POST",
    headers,
    connections: load.connections,
    duration: load.duration,
    requests: [
      {
        setupRequest: (req) => {
          next = (next + 1) % load.bodies.length;
          return { ...req, body: load.bodies[next] };
        },
      },
    ],
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, bad: r.errors + r.timeouts + r.non2xx };
}

/**
 * bare Fastify + ES256 under `load`: the JWKs the tokens are signed with; the answer it gives is the one
 * `routeUrl` (the app's route) gives to the first body, so both write the same bytes.
 */
export async function verifyFloor(routeUrl: string, jwks: unknown[], load: VerifyLoad) {
  const headers = { "content-type": "application/json" };
  const answer = await (await fetch(routeUrl, { method: "POST", headers, body: load.bodies[0] })).json();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-bench-verify-floor-"));
  const keysFile = path.join(dir, "keys.json");
  const answerFile = path.join(dir, "answer.json");
  fs.writeFileSync(keysFile, JSON.stringify(jwks));
  fs.writeFileSync(answerFile, JSON.stringify(answer));
  const child = spawn(tsx, [path.join(here, "verify-floor-server.ts")], {
    env: { ...process.env, BENCH_FLOOR_KEYS: keysFile, BENCH_FLOOR_ANSWER: answerFile },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout?.on("data", (d: Buffer) => {
        const m = /LISTENING (\d+)/.exec(d.toString());
        if (m) resolve(Number(m[1]));
      });
      child.on("exit", (code) => reject(new Error(`verify-floor-server exited with ${code}`)));
    });
    return await loadVerify(`http://127.0.0.1:${port}/verify`, load);
  } finally {
    child.removeAllListeners("exit");
    const exited = new Promise((resolve) => child.on("exit", resolve));
    child.kill("SIGTERM");
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The report line: the floor's rate, its ratio to the raw verify rate, and the route's ratio to it. */
export function describeVerifyFloor(bare: { rps: number; p50: number }, raw: number, routeRps: number): string {
  return (
    `  bare Fastify + the same ES256 check (bench/verify-floor-server.ts, same bodies and answer): ${bare.rps.toFixed(0)} req/s, ` +
    `p50 ${bare.p50} ms = ${(bare.rps / raw).toFixed(2)}× raw: one Node process's HTTP floor for this check; the route is ${(routeRps / bare.rps).toFixed(2)}× it`
  );
}
