/**
 * The same run's floor for a database-backed read (case detail, my cases, inbox): the statements the app
 * runs for each request are recorded from an in-process instance (`recordStatements`, at node-postgres's
 * Client.query, so exactly what goes to the server), then bench/read-floor-server.ts — bare Fastify plus
 * those statements and nothing else — is loaded as the app's route is. What separates the route from this
 * floor is the app's own work (session, decryption, mapping, serialization, logging); what the floor
 * itself costs is HTTP, node-postgres and PostgreSQL on this machine, which no code in the app can remove
 * short of running fewer statements.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { buildApp } from "../apps/server/src/app.js";
import type { AppConfig } from "../apps/server/src/platform/config.js";
import { openDatabase } from "../apps/server/src/platform/db/database.js";
import { cpuProfileEnv } from "./cpu-meter.js";

const here = import.meta.dirname;
const tsx = path.resolve(here, "../node_modules/.bin/tsx");

export interface RecordedStatement {
  text: string;
  values: unknown[];
}

/** Runs `fn` with node-postgres's Client.query recorded: the statements sent, in order. */
export async function recordStatements(fn: () => Promise<unknown>): Promise<RecordedStatement[]> {
  const log: RecordedStatement[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, config: unknown, values?: unknown, ...rest: unknown[]) {
    if (typeof config === "string") log.push({ text: config, values: Array.isArray(values) ? values : [] });
    else if (config && typeof (config as { text?: unknown }).text === "string")
      log.push({
        text: (config as { text: string }).text,
        values: (config as { values?: unknown[] }).values ?? (Array.isArray(values) ? values : []),
      });
    return (original as (...a: unknown[]) => unknown).call(this, config, values, ...rest);
  } as typeof original;
  try {
    await fn();
  } finally {
    pg.Client.prototype.query = original;
  }
  return log.map((s) => ({ text: s.text, values: s.values.map(storable) }));
}

/**
 * An in-process instance of the app over `url` answers each path of each scenario once (after one warm-up
 * request): the statements it sent for each path, and per scenario its first path's count, time alone and status.
 */
export async function recordScenarios(
  config: AppConfig,
  url: string,
  scenarios: { paths: string[]; cookie: string }[],
): Promise<{
  recorded: Record<string, RecordedStatement[]>;
  firsts: { statements: number; ms: number; status: number }[];
}> {
  const database = await openDatabase({ databaseUrl: url });
  const local = await buildApp(config, { database });
  const recorded: Record<string, RecordedStatement[]> = {};
  const firsts: { statements: number; ms: number; status: number }[] = [];
  try {
    await local.ready();
    for (const s of scenarios) {
      for (const [i, p] of s.paths.entries()) {
        if (i > 0 && recorded[p]) continue; // a first path is always timed, for its scenario's count
        await local.inject({ url: p, headers: { cookie: s.cookie } });
        const t0 = performance.now();
        let status = 0;
        const statements = await recordStatements(async () => {
          status = (await local.inject({ url: p, headers: { cookie: s.cookie } })).statusCode;
        });
        recorded[p] = statements;
        if (i === 0) firsts.push({ statements: statements.length, ms: performance.now() - t0, status });
      }
    }
    return { recorded, firsts };
  } finally {
    await local.close();
    await database.close();
  }
}

/** True when every statement only reads (a write replayed would conflict or pile up rows). */
export function readsOnly(statements: RecordedStatement[]): boolean {
  return statements.every((s) => /^\s*(select|with)\b/i.test(s.text) && !/\b(insert|update|delete)\b/i.test(s.text));
}

// Values cross to the floor server as JSON: a Buffer as base64, a Date as its ISO text (timestamptz reads both).
function storable(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return { $buffer: v.toString("base64") };
  if (v instanceof Date) return v.toISOString();
  return v;
}

export function reviveValues(values: unknown[]): unknown[] {
  return values.map((v) =>
    v && typeof v === "object" && "$buffer" in v ? Buffer.from((v as { $buffer: string }).$buffer, "base64") : v,
  );
}

/** The floor server on `databaseUrl` answering each recorded path; stop it with `stopFloor`. */
export async function startReadFloor(
  databaseUrl: string,
  recorded: Record<string, RecordedStatement[]>,
  poolSize: number,
): Promise<{ child: ChildProcess; port: number; pid: number | undefined; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-bench-read-floor-"));
  const file = path.join(dir, "statements.json");
  fs.writeFileSync(file, JSON.stringify(recorded));
  const child = spawn(tsx, [path.join(here, "read-floor-server.ts")], {
    env: {
      ...process.env,
      BENCH_DATABASE_URL: databaseUrl,
      BENCH_FLOOR_STATEMENTS: file,
      BENCH_FLOOR_POOL: String(poolSize),
      ...cpuProfileEnv(),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /LISTENING (\d+)/.exec(out);
      const pid = /PID (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]), pid: pid ? Number(pid[1]) : undefined, dir });
    });
    child.on("exit", (code) => reject(new Error(`read-floor-server.ts exited with ${code}`)));
  });
}

export async function stopReadFloor(floor: { child: ChildProcess; dir: string }): Promise<void> {
  floor.child.removeAllListeners("exit");
  const exited = new Promise((resolve) => floor.child.on("exit", resolve));
  floor.child.kill("SIGTERM");
  await exited;
  fs.rmSync(floor.dir, { recursive: true, force: true });
}
