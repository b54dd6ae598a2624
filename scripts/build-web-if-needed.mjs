// Builds the web app when apps/web/dist is missing or older than its sources, so that `npm start` and
// `npm test` work on a fresh clone without a separate build step and cost nothing when nothing changed.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const dist = path.join(root, "apps/web/dist/index.html");
const sources = [
  "apps/web/src",
  "apps/web/index.html",
  "apps/web/vite.config.ts",
  "apps/web/public",
  "packages/contracts/src",
  "packages/merkle/src",
];

function newest(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const e of fs.readdirSync(p)) max = Math.max(max, newest(path.join(p, e)));
  return max;
}

const builtAt = fs.existsSync(dist) ? fs.statSync(dist).mtimeMs : 0;
const changedAt = Math.max(...sources.map((s) => newest(path.join(root, s))));
if (builtAt >= changedAt) {
  console.log("web app is up to date (apps/web/dist)");
} else {
  console.log(builtAt ? "web sources changed: rebuilding apps/web/dist" : "building the web app into apps/web/dist");
  const r = spawnSync("npm", ["run", "build", "-w", "@yiwang/web"], { cwd: root, stdio: "inherit" });
  process.exit(r.status ?? 1);
}
