import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import demo from "./seed/data/demo-accounts.json" with { type: "json" };
import { cli as cliOf, databaseEnv, SOURCES, start as startOf, stop } from "./test-support/cli.js";

// The sources through tsx, as `npm start` runs them (the other CLI tests run the production build).
const cli = (args: string[], env: Record<string, string>) => cliOf(args, env, SOURCES);
const start = (env: Record<string, string>) => startOf(env, SOURCES);

/**
 * The `yiwang` CLI as an operator runs it: start serves HTTP with demo data on a fresh database, a
 * restart keeps the data and applies no migration twice; migrate and seed are idempotent. Runs on
 * PGlite under a temporary DATA_DIR, and in the postgres project against a fresh database on the server.
 */
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
    // The demo platform admin signs in: password, then the demo TOTP code.
    const json = { "content-type": "application/json" };
    const login = await fetch(`${first.url}/api/identity/staff/login`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ username: "admin", password: demo.password }),
    });
    expect(await login.json()).toEqual({ next: "mfa_verify" });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0];
    const totp = await cli(["demo-totp"], env);
    const code = /^(\d{6}) /m.exec(totp.out)?.[1];
    const mfa = await fetch(`${first.url}/api/identity/staff/mfa/verify`, {
      method: "POST",
      headers: { ...json, cookie },
      body: JSON.stringify({ code }),
    });
    expect(mfa.status).toBe(200);
    const staff = (mfa.headers.get("set-cookie") ?? "").split(";")[0]; // a new token once the login completes
    const created = await fetch(`${first.url}/api/org/departments`, {
      method: "POST",
      headers: { ...json, cookie: staff },
      body: JSON.stringify({ key: "kept", code: "91350100M000100Y43", name: "重启后仍在的部门", regionCode: "350100" }),
    });
    expect(created.status).toBe(201);
    expect(await stop(first)).toBe(0);

    const second = await start(env);
    if (!env.DATABASE_URL) {
      // PGlite serves one process: a second one on the same DATA_DIR is refused, not let in to corrupt it.
      const clash = await cli(["migrate"], env);
      expect(clash.code).toBe(1);
      expect(clash.out).toMatch(/is in use by process \d+/);
    }
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
  }, 180_000); // two server starts and four CLI runs: slow on a loaded two-core machine

  it("refuses to start in production with default secrets", async () => {
    const r = await cli(["start"], { NODE_ENV: "production", DATA_DIR: os.tmpdir() });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/SESSION_SECRET: the development default must not be used in production/);
  });

  it("demo-totp loads neither the app nor a module (it took 8–16 s importing them for a 30-second code)", () => {
    // The static import closure of main.ts, within the server's sources (commands.ts is imported on demand).
    const root = import.meta.dirname;
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
      for (const node of source.statements) {
        if (!ts.isImportDeclaration(node) && !ts.isExportDeclaration(node)) continue;
        if (ts.isImportDeclaration(node) && node.importClause?.isTypeOnly) continue;
        const spec = node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) ? node.moduleSpecifier.text : "";
        if (spec.startsWith(".") && spec.endsWith(".js"))
          visit(path.resolve(path.dirname(file), spec.replace(/\.js$/, ".ts")));
      }
    };
    visit(path.join(root, "main.ts"));
    const local = [...seen].map((f) => path.relative(root, f)).sort();
    // The configuration and what it validates against (crypto suite names, runtime paths): no app, no module,
    // no database driver.
    expect(local.filter((f) => f.startsWith("modules/") || f === "app.ts" || f.startsWith("platform/db/"))).toEqual([]);
    expect(local).toContain("platform/config.ts");
    expect(local.length, local.join(", ")).toBeLessThanOrEqual(8);
  });

  it("prints usage for an unknown command", async () => {
    const r = await cli(["frobnicate"], {});
    expect(r.code).toBe(2);
    expect(r.out).toContain("Usage: yiwang");
  });
});
