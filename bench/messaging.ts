/**
 * Staff messaging fan-out (issue 18, acceptance 5): how long a message takes to reach every one of N
 * connected SSE clients (default 500), from the moment it is posted to the moment each client has parsed
 * it — p50/p99 over every (client, message) pair, and p50/p99 of the moment the LAST client had it.
 *
 * Two servers, each in its own process, driven identically from this one over loopback:
 *  - baseline: bare Fastify holding N hijacked SSE responses; `POST /publish` writes one frame (the same
 *    JSON shape and size as the app's message event) to all of them — no auth, no database;
 *  - the app (`tsx bench/messaging.ts serve`): migrated and seeded on a temporary PGlite (or
 *    BENCH_DATABASE_URL), K staff of one department sharing the department channel; clients subscribe to
 *    `GET /api/messaging/threads/:id/events` (permission and membership checked), and each message is a
 *    real `POST …/messages`: transaction with the thread lock, message, audit entry and pg_notify; the
 *    node's LISTEN session hears the commit and writes the frame to its subscribers.
 * Messages are sent one at a time (the next after every client had the previous one).
 * BENCH_MESSAGING = clients (default 500; 0 skips), BENCH_MESSAGING_MESSAGES = messages (default 40).
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { BENCH_PRODUCTION_ENV } from "./app-config.js";

const here = import.meta.dirname;
const tsx = path.resolve(here, "../node_modules/.bin/tsx");
const CLIENTS = Number(process.env.BENCH_MESSAGING ?? 500);
const MESSAGES = Number(process.env.BENCH_MESSAGING_MESSAGES ?? 40);
const STAFF = 10;
const BODY = "请各部门在本周五前反馈并联审批意见，附件见办件材料。".repeat(3);

interface Ready {
  port: number;
  driver: string;
  threadId?: string;
  cookies?: string[];
}

async function serveApp() {
  const { buildApp } = await import("../apps/server/src/app.js");
  const { loadConfig } = await import("../apps/server/src/platform/config.js");
  const { openDatabase } = await import("../apps/server/src/platform/db/database.js");
  const { migrate } = await import("../apps/server/src/platform/db/migrator.js");
  const { seedDemo } = await import("../apps/server/src/seed/index.js");
  const { createStaff } = await import("../apps/server/src/test-support/identity.js");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-bench-messaging-"));
  // Production mode and logging, limiters out of the way (one client address opens every stream).
  const config = loadConfig({ ...BENCH_PRODUCTION_ENV, DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: "0" });
  const database = await openDatabase({
    databaseUrl: process.env.BENCH_DATABASE_URL,
    pgliteDir: path.join(dataDir, "pglite"),
  });
  await migrate(database.db);
  await seedDemo(database.db, config);
  const app = await buildApp(config, { database });
  await app.ready();
  const t = { app, database: Object.assign(database, { url: process.env.BENCH_DATABASE_URL }), config } as never;
  const cookies: string[] = [];
  for (let i = 0; i < STAFF; i++)
    cookies.push((await createStaff(t, { roles: ["approver"], departmentKey: "land" })).headers.cookie as string);
  const threads = await app.inject({ method: "GET", url: "/api/messaging/threads", headers: { cookie: cookies[0] } });
  const threadId = (threads.json().items as { id: string; kind: string }[]).find((x) => x.kind === "department")?.id;
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  const ready: Ready = {
    port: typeof address === "object" && address ? address.port : 0,
    driver: database.driver,
    threadId,
    cookies,
  };
  process.stdout.write(`READY ${JSON.stringify(ready)}\n`);
  process.on("SIGTERM", async () => {
    await app.close();
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
}

async function serveBaseline() {
  const Fastify = (await import("fastify")).default;
  const app = Fastify({ logger: false });
  const streams = new Set<http.ServerResponse>();
  let seq = 0;
  app.get("/events", (req, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
    reply.raw.write("retry: 2000\n\n");
    streams.add(reply.raw);
    req.raw.on("close", () => streams.delete(reply.raw));
  });
  app.post<{ Body: { body: string } }>("/publish", async (req, reply) => {
    seq++;
    const m = {
      id: crypto.randomUUID(),
      seq,
      threadId: crypto.randomUUID(),
      authorId: crypto.randomUUID(),
      authorName: "测试approver",
      body: req.body.body,
      mentions: [],
      attachment: null,
      createdAt: new Date().toISOString(),
    };
    const frame = `id: ${seq}\nevent: message\ndata: ${JSON.stringify(m)}\n\n`;
    for (const s of streams) s.write(frame);
    return reply.code(201).send(m);
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  const ready: Ready = { port: typeof address === "object" && address ? address.port : 0, driver: "none" };
  process.stdout.write(`READY ${JSON.stringify(ready)}\n`);
}

function start(mode: "serve" | "baseline"): Promise<{ child: ChildProcess; ready: Ready }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [path.join(here, "messaging.ts"), mode], {
      env: process.env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /READY (\{.*\})\n/.exec(out);
      if (m) resolve({ child, ready: JSON.parse(m[1] as string) as Ready });
    });
    child.on("exit", (code) => reject(new Error(`messaging ${mode} exited with ${code}`)));
  });
}

async function stop(child: ChildProcess) {
  await new Promise<void>((resolve) => {
    child.removeAllListeners("exit");
    child.on("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** N SSE clients; `arrival(marker)` is told the time each client parsed the message carrying `marker`. */
async function connect(
  port: number,
  pathName: string,
  cookies: string[],
  onMessage: (marker: string, at: number) => void,
): Promise<http.ClientRequest[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  const open = (i: number) =>
    new Promise<http.ClientRequest>((resolve, reject) => {
      const headers: Record<string, string> = { accept: "text/event-stream" };
      if (cookies.length) headers.cookie = cookies[i % cookies.length] as string;
      const req = http.get({ host: "127.0.0.1", port, path: pathName, headers, agent }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`stream ${i}: ${res.statusCode}`));
        res.setEncoding("utf8");
        let buffer = "";
        res.on("data", (chunk: string) => {
          buffer += chunk;
          let end = buffer.indexOf("\n\n");
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf("\n\n");
            const data = block.split("\n").find((l) => l.startsWith("data: "));
            if (!data || !block.includes("event: message")) continue;
            const body = (JSON.parse(data.slice(6)) as { body: string }).body;
            onMessage(body.slice(body.lastIndexOf("#")), performance.now());
          }
        });
        resolve(req);
      });
      req.on("error", reject);
    });
  const out: http.ClientRequest[] = [];
  // Connect in batches so the server sees a realistic ramp rather than 500 simultaneous handshakes.
  for (let i = 0; i < CLIENTS; i += 50)
    out.push(...(await Promise.all(Array.from({ length: Math.min(50, CLIENTS - i) }, (_, k) => open(i + k)))));
  return out;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

interface Result {
  p50: number;
  p99: number;
  lastP50: number;
  lastP99: number;
  postP50: number;
}

async function run(
  port: number,
  streamPath: string,
  postPath: string,
  cookies: string[],
  extraBody: Record<string, unknown> = {},
): Promise<Result> {
  const pending = new Map<string, { sent: number; arrivals: number[]; done: () => void }>();
  const clients = await connect(port, streamPath, cookies, (marker, at) => {
    const p = pending.get(marker);
    if (!p) return;
    p.arrivals.push(at - p.sent);
    if (p.arrivals.length === CLIENTS) p.done();
  });
  const all: number[] = [];
  const last: number[] = [];
  const posts: number[] = [];
  for (let i = 0; i < MESSAGES + 3; i++) {
    const marker = `#${i}`;
    const done = new Promise<void>((resolve) => {
      pending.set(marker, { sent: performance.now(), arrivals: [], done: resolve });
    });
    const entry = pending.get(marker);
    if (!entry) throw new Error("unreachable");
    entry.sent = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}${postPath}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(cookies.length ? { cookie: cookies[0] as string } : {}) },
      body: JSON.stringify({ body: `${BODY}${marker}`, ...extraBody }),
    });
    if (res.status !== 201) throw new Error(`post: ${res.status} ${await res.text()}`);
    posts.push(performance.now() - entry.sent);
    await done;
    pending.delete(marker);
    if (i < 3) continue; // warm-up
    all.push(...entry.arrivals);
    last.push(Math.max(...entry.arrivals));
  }
  for (const c of clients) c.destroy();
  all.sort((a, b) => a - b);
  last.sort((a, b) => a - b);
  posts.sort((a, b) => a - b);
  return {
    p50: pct(all, 50),
    p99: pct(all, 99),
    lastP50: pct(last, 50),
    lastP99: pct(last, 99),
    postP50: pct(posts, 50),
  };
}

export async function benchMessaging(): Promise<string[]> {
  if (CLIENTS <= 0) return [];
  const base = await start("baseline");
  let baseline: Result;
  try {
    baseline = await run(base.ready.port, "/events", "/publish", []);
  } finally {
    await stop(base.child);
  }
  const app = await start("serve");
  let result: Result;
  try {
    const { port, threadId, cookies = [] } = app.ready;
    result = await run(
      port,
      `/api/messaging/threads/${threadId}/events`,
      `/api/messaging/threads/${threadId}/messages`,
      cookies,
    );
  } finally {
    await stop(app.child);
  }
  const f = (n: number) => n.toFixed(1);
  return [
    `Staff messaging fan-out: ${CLIENTS} SSE clients (${STAFF} staff sessions), ${MESSAGES} messages one at a time, ${BODY.length + 3}-character body`,
    "| fan-out | p50 ms (each client) | p99 ms (each client) | p50 ms (last client) | p99 ms (last client) | POST p50 ms | p99 vs baseline |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    `| baseline: bare Fastify, one write per stream, no DB | ${f(baseline.p50)} | ${f(baseline.p99)} | ${f(baseline.lastP50)} | ${f(baseline.lastP99)} | ${f(baseline.postP50)} | 1.00 |`,
    `| Yiwang: POST → transaction + audit + pg_notify → LISTEN → SSE [${app.ready.driver}] | ${f(result.p50)} | ${f(result.p99)} | ${f(result.lastP50)} | ${f(result.lastP99)} | ${f(result.postP50)} | ${(result.p99 / baseline.p99).toFixed(2)} |`,
  ];
}

const mode = process.argv[2];
if (mode === "serve") await serveApp();
else if (mode === "baseline") await serveBaseline();
else if (import.meta.url === `file://${process.argv[1]}`) for (const line of await benchMessaging()) console.log(line);
