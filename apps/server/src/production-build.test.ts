import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, databaseEnv, type Entry, productionBuild, start, stop } from "./test-support/cli.js";

/**
 * Acceptance 1 of the production issue: the compiled build (scripts/build.mjs, `npm run build:server`)
 * starts with `node` alone — no tsx, no TypeScript — in production mode with production secrets.
 *
 * The build is written into a temporary folder laid out like the container image (Dockerfile): the
 * bundle in apps/server/dist, the migrations and package.json beside it, the web app in apps/web/dist, and
 * node_modules (links to the repository's installed packages, which a production install would hold) —
 * see productionBuild() in test-support/cli.ts. Nothing else of the repository is there, so a file the
 * bundle still looks for in the sources fails here as it would in the image. Runs on PGlite (a temporary DATA_DIR) and, in the postgres project, on a
 * scratch database of the test server.
 */
const _ROOT = path.resolve(import.meta.dirname, "../../..");

// The build of test-support/cli.ts (the default entry of every CLI test): one per test process.
let tree: string;
let entry: Entry;
let buildLog: string;

beforeAll(() => {
  ({ tree, entry, log: buildLog } = productionBuild());
});

/** What production demands (platform/config.ts refuses the development defaults and the dev SMS sender). */
function productionSecrets(): Record<string, string> {
  return {
    NODE_ENV: "production",
    SESSION_SECRET: randomBytes(32).toString("hex"),
    DATA_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    PII_INDEX_KEY: randomBytes(32).toString("base64"),
    METRICS_TOKEN: randomBytes(16).toString("hex"),
    PAYMENT_CALLBACK_SECRET: randomBytes(32).toString("hex"),
    SMS_SENDER: "http",
    SMS_HTTP_URL: "http://127.0.0.1:9/sms", // never called: no code is sent in this test
  };
}

describe("production build (node apps/server/dist/main.js)", () => {
  it("is one bundle with a source map and an entry point, and reports what it built", () => {
    const dist = fs.readdirSync(path.join(tree, "apps/server/dist")).sort();
    expect(dist).toEqual(["main.js", "server.js", "server.js.map"]);
    expect(buildLog).toMatch(/server\.js: \d+ kB \(\+ \d+ kB source map\), \d+ modules bundled/);
    // The workspace packages are inside the bundle (they export TypeScript, which node would not run).
    const map = JSON.parse(fs.readFileSync(path.join(tree, "apps/server/dist/server.js.map"), "utf8")) as {
      sources: string[];
    };
    expect(map.sources.some((s) => s.includes("packages/contracts/src/"))).toBe(true);
    expect(map.sources.some((s) => s.includes("packages/merkle/src/"))).toBe(true);
  });

  it("answers --help without configuration, and refuses production with the development secrets", async () => {
    const help = await cli(["--help"], {}, entry);
    expect(help.code).toBe(0);
    expect(help.out).toContain("Usage: yiwang <command>");

    const weak = await cli(["migrate"], { NODE_ENV: "production" }, entry);
    expect(weak.code).toBe(1);
    expect(weak.out).toContain("SESSION_SECRET: the development default must not be used in production");
    expect(weak.out).toContain("METRICS_TOKEN: required in production");
  });

  it("names the TypeScript sources in stack traces (source maps on, without --enable-source-maps)", async () => {
    // A DATA_DIR that is a file: opening PGlite fails inside platform/db/database.ts with a stack trace.
    const file = path.join(tree, "not-a-directory");
    fs.writeFileSync(file, "");
    const failed = await cli(["migrate"], { DATA_DIR: file }, entry);
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/ENOTDIR/);
    expect(failed.out).toMatch(/apps\/server\/src\/platform\/db\/database\.ts:\d+:\d+/);
    expect(failed.out).not.toMatch(/server\.js:\d+:\d+/);
  });

  it("starts in production: migrates, /healthz is 200, the API and the web app answer, /metrics wants its token; migrate afterwards finds nothing to do", async () => {
    const { env: database, cleanup } = await databaseEnv();
    try {
      const env: Record<string, string> = { ...database, ...productionSecrets(), SEED_DEMO: "false" };
      const server = await start(env, entry);
      try {
        const health = await fetch(`${server.url}/healthz`);
        expect(health.status).toBe(200);
        const body = (await health.json()) as { status: string; database: { driver: string }; migrations: object };
        expect(body).toMatchObject({
          status: "ok",
          database: { driver: env.DATABASE_URL ? "pg" : "pglite" },
          migrations: { current: true, pending: [] },
        });

        const departments = await fetch(`${server.url}/api/org/departments`);
        expect(departments.status).toBe(200);
        expect(await departments.json()).toMatchObject({ total: 0, items: [] }); // SEED_DEMO=false

        const page = await fetch(`${server.url}/`);
        expect(page.status).toBe(200);
        // The web app is served from apps/web/dist beside the bundle (productionBuild() puts it there).
        expect(await page.text()).toBe(fs.readFileSync(path.join(tree, "apps/web/dist/index.html"), "utf8"));

        expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
        const metrics = await fetch(`${server.url}/metrics`, {
          headers: { authorization: `Bearer ${env.METRICS_TOKEN}` },
        });
        expect(metrics.status).toBe(200);
        expect(server.logs.join("")).not.toContain("demo data loaded");
      } finally {
        expect(await stop(server)).toBe(0);
      }

      const migrate = await cli(["migrate"], env, entry);
      expect(migrate).toMatchObject({ code: 0 });
      expect(migrate.out).toContain("database is up to date");
    } finally {
      await cleanup();
    }
  }, 120_000);
});
