// Adds lockfile entries for platform-specific optional dependencies that npm left out.
//
// Why: this project's registry mirror serves only the native binaries for the platforms it is used on
// (linux-x64), so `npm install` cannot resolve e.g. @rollup/rollup-darwin-arm64 and omits it from
// package-lock.json; npm 11's `npm ci` then refuses the lockfile ("Missing: … from lock file"). An entry
// that carries the package's os/cpu/libc lets `npm ci` accept the lockfile and skip the package on
// every other platform, exactly as it would with a complete lockfile. Run after changing dependencies:
//   npm install && node scripts/complete-lockfile.mjs
import fs from "node:fs";
import path from "node:path";

const file = path.resolve(import.meta.dirname, "../package-lock.json");
const lock = JSON.parse(fs.readFileSync(file, "utf8"));
const packages = lock.packages;

const OS = ["android", "darwin", "freebsd", "linux", "openbsd", "netbsd", "openharmony", "sunos", "aix", "win32"];
const CPU = ["arm64", "arm", "x64", "ia32", "loong64", "ppc64", "riscv64", "s390x", "mips64el"];

/** Platform of a native binary package from its name, e.g. @rollup/rollup-linux-arm-musleabihf. */
function platformOf(name) {
  const parts = name.split("/").pop().split("-");
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.find((p) => CPU.includes(p));
  if (!os || !cpu) return null;
  const entry = { os: [os], cpu: [cpu] };
  if (os === "linux") entry.libc = [parts.some((p) => p.startsWith("musl")) ? "musl" : "glibc"];
  return entry;
}

let added = 0;
for (const [where, pkg] of Object.entries(packages)) {
  for (const [dep, spec] of Object.entries(pkg.optionalDependencies ?? {})) {
    const base = where === "" ? "" : `${where}/`;
    if (packages[`${base}node_modules/${dep}`] || packages[`node_modules/${dep}`]) continue;
    const platform = platformOf(dep);
    if (!platform) continue;
    const version = /^\d+\.\d+\.\d+(-[\w.]+)?$/.test(spec) ? spec : spec.replace(/^[\^~=]/, "");
    packages[`node_modules/${dep}`] = { version, license: pkg.license, optional: true, ...platform };
    added++;
  }
}
const sorted = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
);
lock.packages = sorted;
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} platform-specific optional entries`);
