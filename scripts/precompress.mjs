// Writes `<file>.br` and `<file>.gz` beside every compressible file of the built web app, so the server
// (@fastify/static with `preCompressed`) sends them to browsers that accept them, at no CPU cost per request.
// Compression happens once, at the highest levels. Files under 1 kB, or that do not get smaller, are skipped.
// Usage: node scripts/precompress.mjs [distDir]
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const root = path.resolve(import.meta.dirname, "..");
const dist = path.resolve(process.argv[2] ?? path.join(root, "apps/web/dist"));
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map|xml|wasm)$/;
const MIN_BYTES = 1024;

function* files(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (COMPRESSIBLE.test(e.name)) yield p;
  }
}

let count = 0;
let before = 0;
let afterBr = 0;
for (const file of files(dist)) {
  const bytes = fs.readFileSync(file);
  if (bytes.length < MIN_BYTES) continue;
  const br = zlib.brotliCompressSync(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  const gz = zlib.gzipSync(bytes, { level: zlib.constants.Z_BEST_COMPRESSION });
  if (br.length < bytes.length) fs.writeFileSync(`${file}.br`, br);
  if (gz.length < bytes.length) fs.writeFileSync(`${file}.gz`, gz);
  count++;
  before += bytes.length;
  afterBr += Math.min(br.length, bytes.length);
}
console.log(
  `precompressed ${count} files in ${path.relative(root, dist) || dist}: ${(before / 1e6).toFixed(2)} MB → ${(afterBr / 1e6).toFixed(2)} MB brotli`,
);
