import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createScratchDatabase, testDatabaseUrl } from "./database.js";

/**
 * Running the `yiwang` CLI as an operator would, for tests: a private database (a temporary PGlite
 * DATA_DIR, or a fresh database on the TEST_DATABASE_URL server) and helpers to run commands.
 */
const MAIN = path.resolve(import.meta.dirname, "../main.ts");
// `node --import tsx main.ts`, not the tsx binary: tsx's own process relays SIGTERM to a child and kills it
// after a short grace period when the machine is loaded, so a graceful stop would look like exit 143.
const NODE_ARGS = ["--import", "tsx", MAIN];

/** How to run the CLI: node's arguments before the command (default: the sources through tsx). */
export type Entry = readonly string[];

export interface Running {
  child: ChildProcess;
  url: string;
  logs: string[];
}

export function cli(
  args: string[],
  env: Record<string, string>,
  entry: Entry = NODE_ARGS,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...entry, ...args], { env: { ...process.env, ...env } });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => resolve({ code, out }));
  });
}

export function start(env: Record<string, string>, entry: Entry = NODE_ARGS): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...entry, "start"], {
      env: { ...process.env, ...env, PORT: "0", HOST: "127.0.0.1" },
    });
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

export function stop(r: Running): Promise<number | null> {
  return new Promise((resolve) => {
    r.child.removeAllListeners("exit");
    r.child.on("exit", (code) => resolve(code));
    r.child.kill("SIGTERM");
  });
}

export async function databaseEnv(): Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-cli-"));
  const base = { DATA_DIR: dataDir, NODE_ENV: "development", LOG_LEVEL: "info" };
  const server = testDatabaseUrl();
  if (!server) return { env: base, cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  const scratch = await createScratchDatabase(server, "yiwang_cli");
  return {
    env: { ...base, DATABASE_URL: scratch.url },
    cleanup: async () => {
      await scratch.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
