import { defineConfig } from "vitest/config";

/**
 * Projects:
 *  - pglite:   every *.test.ts against embedded PGlite (always), and the deploy/ checks;
 *  - postgres: the same files again against a real server, when TEST_DATABASE_URL is set
 *              (each test file creates and drops its own database there);
 *  - browser:  *.browser.test.ts, headless Debian Chromium against a served build, once.
 */
// ops/: the operations scripts' checks (the year simulation's skips itself without a PostgreSQL server).
const unit = ["apps/*/src/**/*.test.ts", "packages/*/src/**/*.test.ts", "ops/**/*.test.ts"];
const browser = ["apps/*/src/**/*.browser.test.ts"];
// The deployment files' checks (Dockerfile, compose, Kubernetes) use no database: PGlite project only.
const deploy = ["deploy/**/*.test.ts"];
const pgUrl = process.env.TEST_DATABASE_URL;

export default defineConfig({
  test: {
    // One process runs every file in turn, keeping its module cache (no per-file isolation): each file used
    // to re-import the whole server (collect, 610 s of a 52-min CI run on 2026-12-03) and re-run PGlite's
    // initdb + migrations for its snapshot. Measured on ten catalog/org files: 66 s isolated, 30 s not. Test
    // files must therefore leave no global state behind (real timers, env, mocks restored; apps closed).
    // A second worker did not help on this 2-core machine (56 s isolated, 30 s not): the work is CPU-bound.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "pglite", include: [...unit, ...deploy], exclude: browser } },
      ...(pgUrl
        ? [
            {
              extends: true,
              test: { name: "postgres", include: unit, exclude: browser, env: { YIWANG_TEST_PG_URL: pgUrl } },
            },
          ]
        : []),
      // A page renders in well under a second on an idle machine, in several on a loaded one (parallel
      // test files): expect.poll waits up to 10 s (vitest's default is 1 s) before it fails.
      {
        extends: true,
        test: { name: "browser", include: browser, testTimeout: 90_000, expect: { poll: { timeout: 10_000 } } },
      },
    ],
  },
});
