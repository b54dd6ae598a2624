/**
 * Where a benchmark's CPU goes, from Linux's /proc: the app's server process, the PostgreSQL server
 * processes on this machine (every process named `postgres`: backends, WAL writer, checkpointer) and this
 * process (the load generator). Divided by the requests served, these say what one request costs each
 * side, and 1 s × cores ÷ their sum is the most this machine can serve of that request: the floor a
 * measured rate is judged against when the load generator, the app and PostgreSQL share the cores.
 * Elsewhere than Linux `cpuSnapshot` answers null and the benches leave the line out.
 */
import fs from "node:fs";
import os from "node:os";

export interface CpuSnapshot {
  at: number;
  app: number;
  /** CPU seconds of each PostgreSQL process by pid (a backend may exit or start between two snapshots). */
  postgres: Map<string, number>;
  self: number;
}

/** Clock ticks per second of /proc/[pid]/stat's utime and stime (USER_HZ, 100 on every Linux we run on). */
const TICKS_PER_SECOND = 100;

function processTicks(pid: number | string): { comm: string; ticks: number } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = stat.lastIndexOf(")");
    const comm = stat.slice(stat.indexOf("(") + 1, close);
    const fields = stat.slice(close + 2).split(" ");
    // Fields after the name: state is [0], utime [11], stime [12] (proc(5), 14th and 15th overall).
    return { comm, ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/** CPU seconds used so far by the app process `appPid`, PostgreSQL's processes, and this process. */
export function cpuSnapshot(appPid: number | undefined): CpuSnapshot | null {
  if (!fs.existsSync("/proc/self/stat") || appPid === undefined) return null;
  const postgres = new Map<string, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const p = processTicks(entry);
    if (p?.comm === "postgres") postgres.set(entry, p.ticks / TICKS_PER_SECOND);
  }
  const app = processTicks(appPid);
  const self = process.cpuUsage();
  if (!app) return null;
  return {
    at: performance.now(),
    app: app.ticks / TICKS_PER_SECOND,
    postgres,
    self: (self.user + self.system) / 1e6,
  };
}

export interface CpuPerRequest {
  /** CPU microseconds per request in the app, PostgreSQL and the load generator. */
  app: number;
  postgres: number;
  loadGenerator: number;
  /** Share of the machine's cores busy over the interval (1 = every core). */
  busy: number;
  /** cores ÷ (app + postgres + load generator) per request: the rate this machine cannot exceed. */
  ceiling: number;
}

/** What each request cost between two snapshots, over `requests` requests. */
export function cpuPerRequest(before: CpuSnapshot | null, after: CpuSnapshot | null, requests: number) {
  if (!before || !after || requests <= 0) return null;
  const us = (a: number, b: number) => ((b - a) * 1e6) / requests;
  const app = us(before.app, after.app);
  // Per process: one that started meanwhile counts whole; one that exited meanwhile is lost (a pool's
  // backends live as long as the app, so this is the odd maintenance process).
  let pgSeconds = 0;
  for (const [pid, s] of after.postgres) pgSeconds += s - (before.postgres.get(pid) ?? 0);
  const postgres = (pgSeconds * 1e6) / requests;
  const loadGenerator = us(before.self, after.self);
  const cores = os.availableParallelism();
  const seconds = (after.at - before.at) / 1000;
  const used = after.app - before.app + pgSeconds + (after.self - before.self);
  return {
    app,
    postgres,
    loadGenerator,
    busy: used / (seconds * cores),
    ceiling: (cores * 1e6) / (app + postgres + loadGenerator),
  } satisfies CpuPerRequest;
}

/** "app 412 µs + PostgreSQL 380 µs + load generator 61 µs per request (machine 97 % busy): ceiling 2,345 req/s". */
export function describeCpu(c: CpuPerRequest | null): string {
  if (!c) return "CPU per request: not measured (no /proc)";
  const us = (n: number) => `${Math.round(n).toLocaleString("en")} µs`;
  return (
    `app ${us(c.app)} + PostgreSQL ${us(c.postgres)} + load generator ${us(c.loadGenerator)} CPU per request ` +
    `(machine ${Math.round(c.busy * 100)} % busy): ceiling ${Math.round(c.ceiling).toLocaleString("en")} req/s`
  );
}

/**
 * BENCH_CPU_PROF=dir: the app's server process writes a V8 CPU profile there when it stops (open it in
 * Chrome DevTools or speedscope). The profile covers the whole process; BENCH_CASE_READS_ONLY narrows the
 * case-reads scenarios so that one profile is one route's. Used by the benches that start the app
 * (bench/cases.ts, bench/exchange.ts).
 */
export function cpuProfileEnv(): NodeJS.ProcessEnv {
  const dir = process.env.BENCH_CPU_PROF;
  if (!dir) return {};
  return { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --cpu-prof --cpu-prof-dir=${dir}`.trim() };
}
