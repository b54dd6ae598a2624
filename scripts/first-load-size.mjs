// The first-load weight of the landing page `/`: what a citizen's browser downloads before the portal is usable.
// After `vite build` (with `build.manifest: true`), it follows Vite's manifest from index.html's entry through
// its static `imports` (transitively; `dynamicImports` are left out: they load later, on demand), adds the CSS
// those chunks bring, prints each file's raw, gzip and brotli size, and fails when the JavaScript is over the
// limit (gzip). Usage: node scripts/first-load-size.mjs [distDir] [--limit-kb=200]
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const dist = path.resolve(args.find((a) => !a.startsWith("--")) ?? path.join(root, "apps/web/dist"));
const limitArg = args.find((a) => a.startsWith("--limit-kb="));
/** Issue 27: the citizen landing page loads at most 200 kB of gzipped JavaScript. */
const LIMIT_KB = limitArg ? Number(limitArg.split("=")[1]) : 200;

const manifestPath = path.join(dist, ".vite/manifest.json");
if (!fs.existsSync(manifestPath)) {
  console.error(`first-load-size: ${path.relative(root, manifestPath)} is missing (build with build.manifest: true)`);
  process.exit(2);
}
const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry && k.endsWith("index.html"));
if (!entryKey) {
  console.error("first-load-size: the manifest has no index.html entry");
  process.exit(2);
}

/** Files in load order: the entry chunk, its static imports (depth first), then every CSS file they bring. */
const js = [];
const css = new Set();
const seen = new Set();
(function visit(key) {
  if (seen.has(key)) return;
  seen.add(key);
  const chunk = manifest[key];
  if (!chunk) throw new Error(`first-load-size: ${key} is imported but not in the manifest`);
  js.push(chunk.file);
  for (const c of chunk.css ?? []) css.add(c);
  for (const imported of chunk.imports ?? []) visit(imported);
})(entryKey);

// Cross-check with what index.html really references: a file it loads that the walk missed is an error.
const html = fs.readFileSync(path.join(dist, "index.html"), "utf8");
const referenced = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="\/([^"]+\.(?:js|css))"/g)].map(
  (m) => m[1],
);
const missed = referenced.filter((f) => !js.includes(f) && !css.has(f));
if (missed.length) {
  console.error(`first-load-size: index.html loads files the manifest walk missed: ${missed.join(", ")}`);
  process.exit(2);
}

function sizes(file) {
  const bytes = fs.readFileSync(path.join(dist, file));
  return {
    file,
    raw: bytes.length,
    gzip: zlib.gzipSync(bytes, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const kb = (n) => (n / 1000).toFixed(1);
const rows = [...js.map(sizes), ...[...css].map(sizes)];
const sum = (list, k) => list.reduce((s, r) => s + r[k], 0);
const jsRows = rows.filter((r) => r.file.endsWith(".js"));
const cssRows = rows.filter((r) => r.file.endsWith(".css"));
const width = Math.max(...rows.map((r) => r.file.length), 20);
const line = (name, r) =>
  `${name.padEnd(width)}  ${kb(r.raw).padStart(8)}  ${kb(r.gzip).padStart(8)}  ${kb(r.brotli).padStart(8)}`;
const total = (list) => ({ raw: sum(list, "raw"), gzip: sum(list, "gzip"), brotli: sum(list, "brotli") });

console.log(`first load of / (${path.relative(root, dist) || dist}), kB = 1000 bytes`);
console.log(`${"file".padEnd(width)}  ${"raw".padStart(8)}  ${"gzip".padStart(8)}  ${"brotli".padStart(8)}`);
for (const r of rows) console.log(line(r.file, r));
console.log(line("JavaScript", total(jsRows)));
console.log(line("CSS", total(cssRows)));
console.log(line("total", total(rows)));

const jsGzipKb = sum(jsRows, "gzip") / 1000;
if (jsGzipKb > LIMIT_KB) {
  console.error(
    `first-load-size: the landing page's JavaScript is ${jsGzipKb.toFixed(1)} kB gzip, over the ${LIMIT_KB} kB limit`,
  );
  process.exit(1);
}
console.log(`first-load JavaScript ${jsGzipKb.toFixed(1)} kB gzip ≤ ${LIMIT_KB} kB: ok`);
