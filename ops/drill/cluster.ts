/**
 * The drill's cluster, made of real processes on this machine (no containers): a PostgreSQL primary (a fresh
 * cluster from Debian's initdb), a streaming replica (pg_basebackup -R), three app nodes running the production
 * build (`node apps/server/dist/main.js start`, NODE_ENV=production), and HAProxy in front with health checks on
 * /healthz. Everything lives in one temporary directory; `stop()` ends every process it started (by pid) and
 * removes the directory, whatever state the drill left them in.
 */
import { type ChildProcess, execFile, execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

const ROOT = path.resolve(import.meta.dirname, "../..");

/** What the drill needs from the machine; the reason it cannot run when something is missing. */
export function missingPrerequisites(): string | undefined {
  const pgBin = postgresBin();
  if (!pgBin) return "PostgreSQL server binaries not found (/usr/lib/postgresql/<version>/bin/initdb)";
  if (!fs.existsSync(HAPROXY)) return `HAProxy not found at ${HAPROXY} (Debian package haproxy)`;
  if (process.getuid?.() === 0 && spawnSync("id", ["postgres"]).status !== 0)
    return "running as root, and there is no postgres user to run initdb and pg_ctl as";
  return undefined;
}

const HAPROXY = "/usr/sbin/haproxy";

/** The newest installed server version's bin directory (Debian: /usr/lib/postgresql/<major>/bin). */
export function postgresBin(): string | undefined {
  const base = "/usr/lib/postgresql";
  if (!fs.existsSync(base)) return undefined;
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, "bin/initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], "bin") : undefined;
}

/** A free TCP port on 127.0.0.1 (bound then released; good enough for a drill on one machine). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Polls `check` every `everyMs` until it returns a value other than undefined, or throws at the deadline. */
export async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${String(last)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface Node {
  name: string;
  port: number;
  url: string;
  databaseUrl: string;
  child?: ChildProcess;
  log: string;
}

export interface ClusterOptions {
  /** Progress lines (the CLI prints them; the test keeps them for a failure message). */
  say?: (line: string) => void;
}

export class Cluster {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-drill-"));
  readonly pgBin = postgresBin() as string;
  readonly asRoot = process.getuid?.() === 0;
  readonly nodes: Node[] = [];
  /** Secrets shared by every node (sessions made on one node are read on another). */
  readonly secrets: Record<string, string> = {
    NODE_ENV: "production",
    SESSION_SECRET: randomBytes(32).toString("hex"),
    DATA_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    PII_INDEX_KEY: randomBytes(32).toString("base64"),
    METRICS_TOKEN: randomBytes(16).toString("hex"),
    PAYMENT_CALLBACK_SECRET: randomBytes(32).toString("hex"),
    SMS_SENDER: "http",
    // Nothing listens there: notice SMS fail and are retried later; login codes are never asked for.
    SMS_HTTP_URL: "http://127.0.0.1:9/sms",
  };
  primaryPort = 0;
  replicaPort = 0;
  haproxyPort = 0;
  #entry = "";
  readonly #say: (line: string) => void;
  /** Processes to end at stop(), whatever happened. */
  readonly #children = new Set<ChildProcess>();

  constructor(options: ClusterOptions = {}) {
    this.#say = options.say ?? (() => {});
    // PostgreSQL refuses to run as root: its directories belong to the postgres user, and so does this one.
    if (this.asRoot) execFileSync("chown", ["postgres:", this.dir]);
  }

  get url() {
    return `http://127.0.0.1:${this.haproxyPort}`;
  }

  databaseUrl(port: number) {
    return `postgres://postgres@127.0.0.1:${port}/yiwang`;
  }

  /** Runs a PostgreSQL tool, as the postgres user when we are root. */
  async pg(tool: string, args: string[]): Promise<string> {
    const bin = path.join(this.pgBin, tool);
    const [cmd, argv] = this.asRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
    try {
      // LC_ALL=C: the drill parses pg_controldata's English labels.
      return (await execFileAsync(cmd, argv as string[], { cwd: this.dir, env: { ...process.env, LC_ALL: "C" } }))
        .stdout;
    } catch (e) {
      const x = e as { code?: number; stdout?: string; stderr?: string };
      throw new Error(`${tool} ${args.join(" ")} failed (${x.code}):\n${x.stdout ?? ""}${x.stderr ?? ""}`);
    }
  }

  async startAll(): Promise<void> {
    await this.#build();
    await this.#startPostgres();
    await this.#seed();
    for (const name of ["app1", "app2", "app3"])
      this.nodes.push({
        name,
        port: await freePort(),
        url: "",
        databaseUrl: this.databaseUrl(this.primaryPort),
        log: "",
      });
    for (const n of this.nodes) n.url = `http://127.0.0.1:${n.port}`;
    await Promise.all(this.nodes.map((n) => this.startNode(n)));
    await this.#startHaproxy();
    this.#say(`cluster up: HAProxy ${this.url}, nodes ${this.nodes.map((n) => n.port).join(", ")}`);
  }

  /**
   * The production build of the current sources (scripts/build.mjs, a few seconds), made in the drill's
   * directory laid out like the container image, as test-support/cli.ts productionBuild() does: never a
   * stale apps/server/dist.
   */
  async #build() {
    const tree = path.join(this.dir, "build");
    const out = path.join(tree, "apps/server/dist");
    const r = spawnSync(process.execPath, [path.join(ROOT, "scripts/build.mjs"), "--out", out], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
    fs.cpSync(path.join(ROOT, "apps/server/migrations"), path.join(tree, "apps/server/migrations"), {
      recursive: true,
    });
    fs.copyFileSync(path.join(ROOT, "apps/server/package.json"), path.join(tree, "apps/server/package.json"));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(tree, "node_modules"));
    if (fs.existsSync(path.join(ROOT, "apps/server/node_modules")))
      fs.symlinkSync(path.join(ROOT, "apps/server/node_modules"), path.join(tree, "apps/server/node_modules"));
    this.#entry = path.join(out, "main.js");
    this.#say("production build made (scripts/build.mjs)");
  }

  async #startPostgres() {
    this.primaryPort = await freePort();
    this.replicaPort = await freePort();
    const primary = path.join(this.dir, "primary");
    await this.pg("initdb", ["-D", primary, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
    fs.appendFileSync(
      path.join(primary, "postgresql.conf"),
      [
        "listen_addresses = '127.0.0.1'",
        `port = ${this.primaryPort}`,
        `unix_socket_directories = '${this.dir}'`,
        "wal_level = replica",
        "max_wal_senders = 5",
        "max_connections = 200",
        // The replica keeps the WAL it has not streamed yet even while it restarts.
        "wal_keep_size = '256MB'",
        "",
      ].join("\n"),
    );
    await this.pg("pg_ctl", ["-D", primary, "-l", path.join(this.dir, "primary.log"), "-w", "start"]);
    await this.psql("CREATE DATABASE yiwang", this.primaryPort, "postgres");
    // The standby: a base backup with -R (standby.signal + primary_conninfo), on its own port.
    const replica = path.join(this.dir, "replica");
    // -c fast: an immediate checkpoint (the default spreads it and took 100 s on a loaded machine).
    const from = ["-h", "127.0.0.1", "-p", String(this.primaryPort), "-U", "postgres"];
    await this.pg("pg_basebackup", [...from, "-D", replica, "-R", "-c", "fast"]);
    fs.appendFileSync(path.join(replica, "postgresql.auto.conf"), `port = ${this.replicaPort}\n`);
    await this.pg("pg_ctl", ["-D", replica, "-l", path.join(this.dir, "replica.log"), "-w", "start"]);
    this.#say(`PostgreSQL primary :${this.primaryPort}, streaming replica :${this.replicaPort}`);
  }

  /** One statement through psql, unaligned (the drill's SQL needs no driver); asynchronous, so the load runs on. */
  async psql(sql: string, port = this.primaryPort, db = "yiwang"): Promise<string> {
    const args = ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", db, "-XAtq", "-v", "ON_ERROR_STOP=1"];
    const { stdout } = await execFileAsync(path.join(this.pgBin, "psql"), [...args, "-c", sql], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout.trim();
  }

  /** The CLI of the build (`yiwang migrate`, `audit verify`, …) against the cluster's database. */
  yiwang(args: string[], env: Record<string, string> = {}) {
    const r = spawnSync(process.execPath, [this.#entry, ...args], {
      encoding: "utf8",
      env: { ...process.env, ...this.#nodeEnv(this.databaseUrl(this.primaryPort)), ...env },
    });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  }

  /**
   * Migrations and the demo city (departments, calendar, catalog, demo accounts). Demo accounts are loaded
   * outside production only, so this one command runs as development — with the cluster's production keys,
   * which seal the demo people's personal data as the nodes will read it.
   */
  async #seed() {
    const r = this.yiwang(["seed"], { NODE_ENV: "development" });
    if (r.code !== 0) throw new Error(`seed failed:\n${r.out}`);
    this.#say("database migrated and seeded (demo city)");
  }

  #nodeEnv(databaseUrl: string): Record<string, string> {
    return {
      ...this.secrets,
      DATABASE_URL: databaseUrl,
      SEED_DEMO: "false",
      HOST: "127.0.0.1",
      TRUST_PROXY: "true",
      LOG_LEVEL: "warn",
      // One client IP (the drill) sends everything: the shared per-IP limit stays on, far above the load.
      RATE_LIMIT_PER_MINUTE: "1000000",
      // Timers are polled every 200 ms instead of every second: the drill's timers fire during the load.
      JOBS_POLL_MS: "200",
      // Material files on a directory every node sees (the shared object store of a real deployment).
      FILES_DIR: path.join(this.dir, "files"),
      DATA_DIR: path.join(this.dir, "data"),
      WEB_DIST: path.join(this.dir, "web"),
    };
  }

  /** Starts (or restarts) a node with its current databaseUrl; resolves when it answers /healthz 200. */
  async startNode(n: Node): Promise<void> {
    fs.mkdirSync(path.join(this.dir, "web"), { recursive: true });
    fs.writeFileSync(path.join(this.dir, "web/index.html"), "<!doctype html><title>drill</title>");
    const child = spawn(process.execPath, [this.#entry, "start"], {
      env: { ...process.env, ...this.#nodeEnv(n.databaseUrl), PORT: String(n.port) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.#children.add(child);
    child.on("exit", () => this.#children.delete(child));
    const keep = (d: Buffer) => {
      n.log = (n.log + d.toString()).slice(-20_000);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    n.child = child;
    await until(`${n.name} /healthz 200`, 60_000, async () => {
      if (child.exitCode !== null) throw new Error(`${n.name} exited ${child.exitCode}:\n${n.log}`);
      const res = await fetch(`${n.url}/healthz`);
      return res.status === 200 ? true : undefined;
    });
  }

  /** kill -9: the node gets no chance to finish anything. Resolves when the process is gone. */
  kill9(n: Node): Promise<void> {
    const child = n.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });
  }

  /** A graceful stop (SIGTERM: the node drains and closes its pool). */
  stopNode(n: Node): Promise<void> {
    const child = n.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  }

  async #startHaproxy() {
    this.haproxyPort = await freePort();
    const cfg = path.join(this.dir, "haproxy.cfg");
    // deploy/haproxy/haproxy.cfg with the drill's addresses and a faster check (500 ms, out after 2 failures):
    // the same retry rules — a connection that fails is redispatched to another node, a request that reached
    // a node is never replayed (it may have written; the client decides).
    fs.writeFileSync(
      cfg,
      [
        "global",
        "  maxconn 1024",
        "defaults",
        "  mode http",
        "  option redispatch",
        "  retries 2",
        "  retry-on conn-failure",
        "  timeout connect 1s",
        "  timeout client 30s",
        "  timeout server 30s",
        // A killed node refuses the check's connection at once; a live node on a saturated machine may take
        // more than the 500 ms interval to answer /healthz, so the check may wait 3 s before it counts as
        // failed (without it, all three nodes were marked down at times: 79 spurious 503s in drill A).
        "  timeout check 3s",
        "  default-server check inter 500ms fall 2 rise 1",
        "frontend http",
        `  bind 127.0.0.1:${this.haproxyPort}`,
        "  default_backend yiwang",
        "backend yiwang",
        "  balance leastconn",
        "  option httpchk",
        "  http-check send meth GET uri /healthz",
        "  http-check expect status 200",
        ...this.nodes.map((n) => `  server ${n.name} 127.0.0.1:${n.port}`),
        "",
      ].join("\n"),
    );
    const check = spawnSync(HAPROXY, ["-c", "-f", cfg], { encoding: "utf8" });
    if (check.status !== 0) throw new Error(`haproxy -c: ${check.stdout}${check.stderr}`);
    const child = spawn(HAPROXY, ["-db", "-f", cfg], { stdio: ["ignore", "ignore", "pipe"] });
    this.#children.add(child);
    child.on("exit", () => this.#children.delete(child));
    await until("HAProxy serving /healthz", 30_000, async () =>
      (await fetch(`${this.url}/healthz`)).status === 200 ? true : undefined,
    );
  }

  /** The primary's data directory (and the replica's): for restarts and promotion. */
  get primaryDir() {
    return path.join(this.dir, "primary");
  }
  get replicaDir() {
    return path.join(this.dir, "replica");
  }

  /** Ends every process (app nodes, HAProxy, both PostgreSQL servers) and removes the directory. */
  async stop(): Promise<void> {
    await Promise.all(
      [...this.#children].map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            c.once("exit", () => resolve());
            c.kill("SIGKILL");
          }),
      ),
    );
    for (const dir of [this.primaryDir, this.replicaDir]) {
      if (!fs.existsSync(path.join(dir, "postmaster.pid"))) continue;
      try {
        await this.pg("pg_ctl", ["-D", dir, "-m", "immediate", "-w", "stop"]);
      } catch {
        // Already stopped (a drill stopped it); the pid file is stale.
      }
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** The last lines of every node's log (for a failure message). */
  logs(): string {
    return this.nodes.map((n) => `--- ${n.name}\n${n.log.slice(-3000)}`).join("\n");
  }
}
