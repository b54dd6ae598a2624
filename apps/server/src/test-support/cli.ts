import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createScratchDatabase, testDatabaseUrl } from "./database.js";

/**
 * Running the `yiwang` CLI as an operator would, for tests: a private database (a temporary PGlite
 * DATA_DIR, or a fresh database on the TEST_DATABASE_URL server) and helpers to run commands.
 */
const ROOT = path.resolve(import.meta.dirname, "../../../..");
const MAIN = path.resolve(import.meta.dirname, "../main.ts");

/** How to run the CLI: node's arguments before the command. */
export type Entry = readonly string[];

/**
 * The sources through tsx, as `npm start` runs them. `node --import tsx main.ts`, not the tsx binary: tsx's
 * own process relays SIGTERM to a child and kills it after a short grace period when the machine is loaded,
 * so a graceful stop would look like exit 143.
 */
export const SOURCES: Entry = ["--import", "tsx", MAIN];

/**
 * The production build of the current sources (scripts/build.mjs, 1.4 s), made once per test process in a
 * temporary tree laid out like the container image: the bundle in apps/server/dist, the migrations and
 * package.json beside it, node_modules linked to the repository's installed packages, apps/web/dist linked
 * to the repository's build (a placeholder page when there is none). Nothing else of the repository is there, so a file the bundle still looks for
 * in the sources fails here as it would in the image. It is the default entry: what an operator runs, and a
 * child starts without transpiling the sources (tsx cost 1.3 s of CPU more per start, ~50 starts a run).
 */
let bundle: { tree: string; entry: Entry; log: string } | undefined;
export function productionBuild(): { tree: string; entry: Entry; log: string } {
  if (bundle) return bundle;
  const tree = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-build-"));
  const dist = path.join(tree, "apps/server/dist");
  const built = spawnSync(process.execPath, [path.join(ROOT, "scripts/build.mjs"), "--out", dist], {
    encoding: "utf8",
  });
  const log = built.stdout + built.stderr;
  if (built.status !== 0) throw new Error(`build failed:\n${log}`);
  fs.cpSync(path.join(ROOT, "apps/server/migrations"), path.join(tree, "apps/server/migrations"), { recursive: true });
  fs.copyFileSync(path.join(ROOT, "apps/server/package.json"), path.join(tree, "apps/server/package.json"));
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(tree, "node_modules"));
  // npm nests a dependency here when two versions of it are needed (file-type, today).
  if (fs.existsSync(path.join(ROOT, "apps/server/node_modules")))
    fs.symlinkSync(path.join(ROOT, "apps/server/node_modules"), path.join(tree, "apps/server/node_modules"));
  // The web app: the repository's build when there is one (`npm test` makes it), else a placeholder page.
  const web = path.join(ROOT, "apps/web/dist");
  if (fs.existsSync(path.join(web, "index.html"))) {
    fs.mkdirSync(path.join(tree, "apps/web"), { recursive: true });
    fs.symlinkSync(web, path.join(tree, "apps/web/dist"));
  } else {
    fs.mkdirSync(path.join(tree, "apps/web/dist"), { recursive: true });
    fs.writeFileSync(path.join(tree, "apps/web/dist/index.html"), "<!doctype html><title>web app not built</title>");
  }
  process.once("exit", () => fs.rmSync(tree, { recursive: true, force: true }));
  bundle = { tree, entry: [path.join(dist, "main.js")], log };
  return bundle;
}

const defaultEntry = (): Entry => productionBuild().entry;

export interface Running {
  child: ChildProcess;
  url: string;
  logs: string[];
}

export function cli(
  args: string[],
  env: Record<string, string>,
  entry: Entry = defaultEntry(),
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...entry, ...args], { env: { ...process.env, ...env } });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => resolve({ code, out }));
  });
}

export function start(env: Record<string, string>, entry: Entry = defaultEntry()): Promise<Running> {
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
