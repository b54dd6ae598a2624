import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "./test-support/database.js";

/**
 * The `yiwang` CLI as an operator runs it: start serves HTTP with demo data on a fresh database, a
 * restart keeps the data and applies no migration twice; migrate and seed are idempotent. Runs on
 * PGlite under a temporary DATA_DIR, and in the postgres project against a fresh database on the server.
 */
const MAIN = path.resolve(import.meta.dirname, "main.ts");
const TSX = path.resolve(import.meta.dirname, "../../../node_modules/.bin/tsx");

interface Running {
  child: ChildProcess;
  url: string;
  logs: string[];
}

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(TSX, [MAIN, ...args], { env: { ...process.env, ...env } });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => resolve({ code, out }));
  });
}

function start(env: Record<string, string>): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [MAIN, "start"], { env: { ...process.env, ...env, PORT: "0", HOST: "127.0.0.1" } });
    const logs: string[] = [];
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${logs.join("")}`)), 60_000);
    child.stdout.on("data", (d: Buffer) => {
      logs.push(d.toString());
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(d.toString());
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], logs });
      }
    });
    child.stderr.on("data", (d: Buffer) => logs.push(d.toString()));
    child.on("exit", (code) => reject(new Error(`server exited ${code}:\n${logs.join("")}`)));
  });
}

function stop(r: Running): Promise<number | null> {
  return new Promise((resolve) => {
    r.child.removeAllListeners("exit");
    r.child.on("exit", (code) => resolve(code));
    r.child.kill("SIGTERM");
  });
}

async function databaseEnv(): Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-cli-"));
  const base = { DATA_DIR: dataDir, NODE_ENV: "development", LOG_LEVEL: "info", DEV_ADMIN_TOKEN: "cli-test-admin" };
  const server = testDatabaseUrl();
  if (!server) return { env: base, cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  const name = `yiwang_cli_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    env: { ...base, DATABASE_URL: url.toString() },
    cleanup: async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe("yiwang CLI (acceptance 1 and 2)", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it("start on an empty database seeds demo data; a restart keeps everything and re-applies nothing", async () => {
    const { env, cleanup } = await databaseEnv();
    cleanups.push(cleanup);

    const first = await start(env);
    const health = await fetch(`${first.url}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { database: { driver: string } }).database.driver).toBe(
      env.DATABASE_URL ? "pg" : "pglite",
    );
    expect(first.logs.join("")).toContain("empty database: demo data loaded");
    const seeded = ((await (await fetch(`${first.url}/api/org/departments`)).json()) as { total: number }).total;
    expect(seeded).toBe(13);
    const created = await fetch(`${first.url}/api/org/departments`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer cli-test-admin" },
      body: JSON.stringify({ key: "kept", code: "91350100M000100Y43", name: "重启后仍在的部门", regionCode: "350100" }),
    });
    expect(created.status).toBe(201);
    expect(await stop(first)).toBe(0);

    const second = await start(env);
    const logs = second.logs.join("");
    expect(logs).toMatch(/"applied":\[\]/);
    expect(logs).not.toContain("demo data loaded");
    const after = (await (await fetch(`${second.url}/api/org/departments?q=kept`)).json()) as {
      items: { name: string }[];
    };
    expect(after.items.map((d) => d.name)).toEqual(["重启后仍在的部门"]);
    expect(((await (await fetch(`${second.url}/api/org/departments`)).json()) as { total: number }).total).toBe(
      seeded + 1,
    );
    expect(await stop(second)).toBe(0);

    const migrate = await cli(["migrate"], env);
    expect(migrate).toMatchObject({ code: 0 });
    expect(migrate.out).toContain("database is up to date");
    const seed = await cli(["seed"], env);
    expect(seed.code).toBe(0);
    expect(seed.out).toContain("seeded: 0 departments, 0 calendar days");
  });

  it("refuses to start in production with default secrets", async () => {
    const r = await cli(["start"], { NODE_ENV: "production", DATA_DIR: os.tmpdir() });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/SESSION_SECRET: the development default must not be used in production/);
  });

  it("prints usage for an unknown command", async () => {
    const r = await cli(["frobnicate"], {});
    expect(r.code).toBe(2);
    expect(r.out).toContain("Usage: yiwang");
  });
});
