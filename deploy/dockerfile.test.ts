import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type BuildContext, lintDockerfile } from "./lint/dockerfile.js";
import { dockerignore } from "./lint/dockerignore.js";

/**
 * The Dockerfile and .dockerignore, checked without Docker (deploy/lint/dockerfile.ts): syntax, the
 * hadolint rules that matter here, and that every COPY finds its source in the build context.
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const read = (p: string) => fs.readFileSync(path.join(ROOT, p), "utf8");
const ignored = dockerignore(read(".dockerignore"));

/** What the build stage's `npm run build` and the deps stage's mkdir create (not in the repository). */
const PRODUCED = new Set([
  "build:apps/server/dist",
  "build:apps/web/dist",
  "deps:node_modules",
  "deps:apps/server/node_modules",
]);
const context: BuildContext = {
  exists: (p) => fs.existsSync(path.join(ROOT, p)),
  ignored,
  produced: PRODUCED,
};

describe("Dockerfile", () => {
  const { problems, stages } = lintDockerfile(read("Dockerfile"), context);

  it("passes the syntax check and the hadolint-style rules", () => {
    expect(problems).toEqual([]);
  });

  it("builds in three stages from the slim Node image of .nvmrc's major version and .ci/run's release", () => {
    expect(stages.map((s) => s.name)).toEqual(["build", "deps", "runtime"]);
    const nodeVersion = /NODE_VERSION=(\S+)/.exec(read(".ci/run"))?.[1];
    for (const s of stages) expect(s.image).toBe(`node:${nodeVersion}-trixie-slim`);
    expect(nodeVersion?.split(".")[0]).toBe(read(".nvmrc").trim());
  });

  it("the runtime image holds the layout the production-build test starts from, and only production dependencies", () => {
    const runtime = stages.at(-1)!;
    const copies = runtime.instructions.filter((i) => i.getKeyword() === "COPY");
    // Each file lands where it is in the repository (platform/runtime-paths.ts relies on it).
    const placed = copies.map((c) => {
      const [source, destination] = c.getArguments().map((a) => a.getValue());
      const relative = source.replace(/^\/(src|app)\//, "");
      const target = path.posix.normalize(
        destination.endsWith("/") ? destination + path.posix.basename(source) : destination,
      );
      return { relative, target };
    });
    for (const { relative, target } of placed) expect(target).toBe(relative);
    // apps/server/src/production-build.test.ts lays out the same tree (with node_modules linked).
    expect(placed.map((p) => p.relative).sort()).toEqual(
      [
        "package.json",
        "node_modules",
        "apps/server/node_modules",
        "apps/server/package.json",
        "apps/server/migrations",
        "apps/web/dist",
        "apps/server/dist",
      ].sort(),
    );
    const deps = stages.find((s) => s.name === "deps")!;
    const install = deps.instructions.find((i) => i.getKeyword() === "RUN")?.getArgumentsContent() ?? "";
    expect(install).toMatch(/npm ci --omit=dev --workspace @yiwang\/server/);
  });

  it("the build context has what the build needs and none of the local state or secrets", () => {
    for (const needed of [
      "package-lock.json",
      "apps/server/src/main.ts",
      "apps/server/migrations/20261122000000_work_calendar.sql",
      "apps/web/index.html",
      "apps/web/src/main.tsx",
      "packages/contracts/src/index.ts",
      "packages/merkle/src/index.ts",
      "scripts/build.mjs",
      "scripts/precompress.mjs",
      "scripts/first-load-size.mjs",
    ]) {
      expect(fs.existsSync(path.join(ROOT, needed)), needed).toBe(true);
      expect(ignored(needed), needed).toBe(false);
    }
    for (const kept of [
      ".git/HEAD",
      ".env",
      "deploy/.env",
      ".data/pglite/PG_VERSION",
      "node_modules/fastify/package.json",
      "apps/server/node_modules/file-type/package.json",
      "apps/web/dist/index.html",
      "apps/server/dist/server.js",
      "apps/server/src/main.test.ts",
      "test-artifacts/vitest.json",
      "docs/security.md",
    ])
      expect(ignored(kept), kept).toBe(true);
  });

  it("reports a Dockerfile that breaks the rules (the lint can fail)", () => {
    const bad = [
      "FROM node:latest AS build",
      "COPY package.json .",
      "ADD apps/server/src /src",
      "RUN cd /src && npm install && apt-get install fonts-wqy-microhei | tee log",
      "FROM node",
      "WORKDIR /app",
      "COPY --from=builder /src/dist ./dist",
      "COPY docs/security.md ./docs/",
      "COPY no/such/file ./",
      "USER root",
      "CMD node main.js start",
    ].join("\n");
    const found = lintDockerfile(bad, context).problems.join("\n");
    for (const rule of ["DL3007", "DL3006", "DL3045", "DL3020", "DL3003", "DL4006", "DL3014", "DL3015", "DL3009"])
      expect(found).toContain(rule);
    expect(found).toContain("npm ci, not npm install");
    expect(found).toContain("COPY --from=builder: no earlier stage has that name (DL3022)");
    expect(found).toContain("COPY docs/security.md: excluded by .dockerignore");
    expect(found).toContain("COPY no/such/file: no such file");
    expect(found).toContain("the last USER must not be root (DL3002)");
    expect(found).toContain("HEALTHCHECK");
    expect(found).toContain("CMD in exec (JSON) form");
    expect(found).toContain("NODE_ENV=production");
    const syntax = lintDockerfile("FROM node:24-slim\nFORM node:24-slim\nEXPOSE http\n", context).problems;
    expect(syntax.filter((p) => p.startsWith("line "))).toEqual([
      expect.stringMatching(/^line 2: /),
      expect.stringMatching(/^line 3: /),
    ]);
  });
});
