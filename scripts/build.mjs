// The production build of the server: apps/server/src (with packages/contracts and packages/merkle) bundled
// by esbuild into one ES module, apps/server/dist/server.js, with a source map, and its entry point main.js. `node apps/server/dist/main.js
// start` then runs without tsx or TypeScript. It reads two things from disk, found relative to apps/server/
// (platform/runtime-paths.ts): apps/server/migrations/*.sql and the web app, apps/web/dist (`npm run
// build:web`; `npm run build` runs both). A container image keeps this layout (Dockerfile).
//
// Why a bundle rather than `tsc` output: the workspace packages export their TypeScript sources
// (packages/*/package.json "exports" → src/*.ts, which Vite, Vitest and tsx consume directly), so plain
// compiled server files would still import .ts at run time. esbuild is what tsx already runs the sources
// through, so the bundle behaves like `npm start`. Dependencies from node_modules stay external (native
// modules such as @node-rs/argon2 and PGlite's wasm files are found beside their packages), resolved from
// apps/server/ like the sources' (npm nests some under apps/server/node_modules); every one must be a
// dependency of @yiwang/server, so the production image installs exactly those.
//
// Usage: node scripts/build.mjs [--out DIR]   (default apps/server/dist; DIR is replaced)
import fs from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";
import * as esbuild from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const { values } = parseArgs({ options: { out: { type: "string" } } });
const out = path.resolve(values.out ?? path.join(root, "apps/server/dist"));
const started = performance.now();
fs.rmSync(out, { recursive: true, force: true });

const serverPackage = JSON.parse(fs.readFileSync(path.join(root, "apps/server/package.json"), "utf8"));
const allowed = new Set(Object.keys(serverPackage.dependencies));
const builtins = new Set(builtinModules);
const externals = new Set();
const strays = new Set();

/** Bare imports stay external, except our own workspace packages (TypeScript sources), which are bundled. */
const externalDependencies = {
  name: "external-dependencies",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith("@yiwang/")) return undefined;
      if (args.path.startsWith("node:") || builtins.has(args.path)) return { path: args.path, external: true };
      const name = args.path.startsWith("@") ? args.path.split("/").slice(0, 2).join("/") : args.path.split("/")[0];
      (allowed.has(name) ? externals : strays).add(name);
      return { path: args.path, external: true };
    });
  },
};

const result = await esbuild.build({
  entryPoints: [path.join(root, "apps/server/src/main.ts")],
  outfile: path.join(out, "server.js"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node24",
  sourcemap: "linked",
  // Stack traces need only the mappings; the sources stay in the repository (a third of the map's size).
  sourcesContent: false,
  // Two modules' classes with one name would otherwise be renamed (`NotFoundError2`) in the shared scope.
  keepNames: true,
  define: { YIWANG_BUNDLE: "true" },
  plugins: [externalDependencies],
  metafile: true,
  logLevel: "warning",
});
if (result.errors.length) process.exit(1);
if (strays.size) {
  console.error(
    `build: the server imports packages that are not dependencies of @yiwang/server (apps/server/package.json): ${[...strays].join(", ")}`,
  );
  process.exit(1);
}
// The entry point enables source maps before the bundle loads: Node reads a file's map only if it is
// enabled when the file is loaded, so stack traces name apps/server/src/*.ts lines however the server is
// started (`npx yiwang`, `node apps/server/dist/main.js`, the container) without `--enable-source-maps`.
fs.writeFileSync(
  path.join(out, "main.js"),
  `#!/usr/bin/env node
// The \`yiwang\` command, built by scripts/build.mjs; the server itself is ./server.js.
process.setSourceMapsEnabled(true);
await import("./server.js");
`,
  { mode: 0o755 },
);

const kb = (bytes) => `${Math.round(bytes / 1024)} kB`;
const js = fs.statSync(path.join(out, "server.js")).size;
const map = fs.statSync(path.join(out, "server.js.map")).size;
console.log(
  `built ${path.relative(root, out) || out}/server.js: ${kb(js)} ` +
    `(+ ${kb(map)} source map), ${Object.keys(result.metafile.inputs).length} modules bundled, ` +
    `${externals.size} packages external; ${Math.round(performance.now() - started)} ms`,
);
