import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../apps/server/src/platform/config.js";
import { type Compose, loadCompose, parseEnvFile, variables } from "./lint/compose.js";

/**
 * deploy/compose.yaml and what it mounts, checked without Docker: the compose-spec schema after
 * interpolation (deploy/lint/compose.ts), the wiring between services, the configuration the app nodes
 * get (loaded by the server's own platform/config.ts in production mode), HAProxy's configuration through
 * `haproxy -c` (Debian's haproxy, installed by .ci/run), and the shell scripts through `bash -n`/`sh -n`.
 */
const DEPLOY = import.meta.dirname;
const ROOT = path.resolve(DEPLOY, "..");
const read = (p: string) => fs.readFileSync(path.join(DEPLOY, p), "utf8");
const text = read("compose.yaml");
const example = parseEnvFile(read(".env.example"));
const APP_NODES = ["app1", "app2", "app3"];

/** deploy/.env as an operator fills it in, following .env.example's instructions. */
function filledEnv(): Record<string, string> {
  const hex = () => randomBytes(32).toString("hex");
  const key = () => randomBytes(32).toString("base64");
  const env = Object.fromEntries(example);
  for (const [k, v] of example) if (v === "") env[k] = /ENCRYPTION_KEY|INDEX_KEY/.test(k) ? key() : hex();
  return {
    ...env,
    SMS_HTTP_URL: "https://sms.example.org/send",
    MINIO_ROOT_USER: "minio-admin",
    S3_ACCESS_KEY_ID: "yiwang-app",
  };
}

function documentedVariables(): Set<string> {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const table = readme.slice(
    readme.indexOf("## Configuration"),
    readme.indexOf("\n## ", readme.indexOf("## Configuration") + 5),
  );
  return new Set([...table.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]));
}

describe("deploy/compose.yaml", () => {
  const { compose, problems } = loadCompose(text, filledEnv());
  const services = compose.services;

  it("is valid against the compose-spec schema once deploy/.env is filled in", () => {
    expect(problems).toEqual([]);
  });

  it("refuses to start without the secrets: every empty value of .env.example is a required variable", () => {
    const used = variables(text);
    const empty = [...example].filter(([, v]) => v === "").map(([k]) => k);
    for (const k of empty) expect(used.get(k)?.required, k).toBe(true);
    // .env.example documents every variable the file uses, and nothing else.
    expect([...used.keys()].sort()).toEqual([...example.keys()].sort());
    const missing = loadCompose(text, Object.fromEntries(example)).problems;
    expect(missing).toContain("SESSION_SECRET: set SESSION_SECRET in deploy/.env");
    expect(missing).toContain("POSTGRES_PASSWORD: set POSTGRES_PASSWORD in deploy/.env");
  });

  it("three app nodes of one image wait for the migration and the bucket; the migration waits for PostgreSQL", () => {
    for (const name of APP_NODES) {
      const s = services[name];
      expect(s.image).toBe(services.migrate.image);
      expect(s.command).toEqual(["start"]);
      expect(s.depends_on).toEqual({
        migrate: { condition: "service_completed_successfully" },
        "minio-init": { condition: "service_completed_successfully" },
      });
      expect(s.healthcheck?.test.join(" ")).toContain("/healthz");
      expect(s.ports).toBeUndefined(); // reached only through HAProxy (TRUST_PROXY=true relies on it)
      expect(s.read_only).toBe(true);
    }
    expect(services.migrate.command).toEqual(["migrate"]);
    expect(services.migrate.restart).toBe("no");
    expect(services.migrate.depends_on).toEqual({ "postgres-primary": { condition: "service_healthy" } });
    expect(services["minio-init"].depends_on).toEqual({ minio: { condition: "service_healthy" } });
    expect(services["postgres-replica"].depends_on).toEqual({ "postgres-primary": { condition: "service_healthy" } });
  });

  it("names only services that exist, mounts only files that exist, pins every image", () => {
    expect(wiringProblems(compose)).toEqual([]);
  });

  it("gives the app nodes a production configuration the server accepts: PostgreSQL, MinIO, the real SMS sender", () => {
    const env = services.app1.environment ?? {};
    const config = loadConfig(env);
    expect(config.env).toBe("production");
    expect(new URL(config.databaseUrl ?? "").hostname).toBe("postgres-primary");
    expect(config.files.store).toBe("s3");
    expect(new URL(config.files.s3?.endpoint ?? "").hostname).toBe("minio");
    expect(config.files.s3?.bucket).toBe(services["minio-init"].environment?.S3_BUCKET);
    expect(config.identity.sms.sender).toBe("http");
    for (const n of APP_NODES) expect(services[n].environment).toEqual(env);
    expect(services.migrate.environment).toEqual(env);
    // Every variable the nodes get is one the server reads and README.md documents.
    const documented = documentedVariables();
    expect(Object.keys(env).filter((k) => !documented.has(k))).toEqual([]);
  });

  it("HAProxy balances over exactly the app nodes, on their port, checking /healthz", () => {
    const cfg = read("haproxy/haproxy.cfg");
    const servers = [...cfg.matchAll(/^\s*server\s+(\S+)\s+([^:\s]+):(\d+)/gm)].map((m) => ({
      host: m[2],
      port: m[3],
    }));
    expect(servers.map((s) => s.host)).toEqual(APP_NODES);
    for (const s of servers) expect(s.port).toBe(String(loadConfig(services.app1.environment).port));
    expect(cfg).toMatch(/http-check send meth GET uri \/healthz/);
    const published = services.haproxy.ports?.[0] ?? "";
    expect(cfg).toContain(`bind :${published.split(":").at(-1)}`);
  });

  it("HAProxy's configuration passes `haproxy -c` (only the node names, unknown outside Docker, warn)", () => {
    const check = haproxyCheck(read("haproxy/haproxy.cfg"));
    expect(check.status, check.output).toBe(0);
    expect(check.output).toContain("Configuration file is valid");
    const warnings = check.output.split("\n").filter((l) => l.includes("[WARNING]"));
    expect(warnings.filter((w) => !/could not resolve address 'app[123]'/.test(w))).toEqual([]);
    // And it can fail: a misspelt keyword is an error.
    const broken = haproxyCheck(
      read("haproxy/haproxy.cfg").replace("http-check expect status 200", "http-check expect statuz 200"),
    );
    expect(broken.status).not.toBe(0);
  });

  it("the replication and MinIO scripts are valid shell and executable", () => {
    for (const [shell, file] of [
      ["bash", "postgres/primary-init.sh"],
      ["bash", "postgres/replica-entrypoint.sh"],
      ["sh", "minio/init.sh"],
    ]) {
      const r = spawnSync(shell, ["-n", path.join(DEPLOY, file)], { encoding: "utf8" });
      expect(r.status, `${file}: ${r.stderr}`).toBe(0);
      expect(fs.statSync(path.join(DEPLOY, file)).mode & 0o111, file).not.toBe(0);
    }
    // The replica copies the primary with the slot the primary's init script creates.
    const slot = services["postgres-replica"].environment?.REPLICATION_SLOT;
    expect(read("postgres/primary-init.sh")).toContain(`pg_create_physical_replication_slot('${slot}')`);
    expect(read("postgres/replica-entrypoint.sh")).toMatch(/--write-recovery-conf/);
  });

  it("reports a broken compose file (the checks can fail)", () => {
    const env = filledEnv();
    const typo = loadCompose(text.replace("condition: service_completed_successfully", "condition: completed"), env);
    expect(typo.problems.join("\n")).toMatch(/must be equal to one of the allowed values/);
    const unknownKey = loadCompose(text.replace("    restart: unless-stopped\n", "    restrat: unless-stopped\n"), env);
    expect(unknownKey.problems.join("\n")).toMatch(/must NOT have additional properties.*restrat/);
    const wiring = loadCompose(
      text
        .replace("- ./haproxy/haproxy.cfg:", "- ./haproxy/missing.cfg:")
        .replace("image: postgres:17\n", "image: postgres\n"),
      env,
    ).compose;
    wiring.services.migrate.depends_on = { "postgres-main": { condition: "service_healthy" } };
    expect(wiringProblems(wiring)).toEqual([
      "postgres-primary: image postgres has no tag",
      "migrate: depends on postgres-main, which is not a service",
      "haproxy: ./haproxy/missing.cfg does not exist",
    ]);
  });
});

function wiringProblems(compose: Compose): string[] {
  const problems: string[] = [];
  for (const [name, s] of Object.entries(compose.services)) {
    if (s.image && !/:[^/]+$/.test(s.image)) problems.push(`${name}: image ${s.image} has no tag`);
    if (s.image?.endsWith(":latest")) problems.push(`${name}: image ${s.image} is not pinned`);
    for (const v of s.volumes ?? []) {
      const source = v.split(":")[0];
      if (source.startsWith(".") && !fs.existsSync(path.join(DEPLOY, source)))
        problems.push(`${name}: ${source} does not exist`);
      if (!source.startsWith(".") && !source.startsWith("/") && !(source in (compose.volumes ?? {})))
        problems.push(`${name}: volume ${source} is not declared`);
    }
    for (const d of Object.keys(s.depends_on ?? {}))
      if (!compose.services[d]) problems.push(`${name}: depends on ${d}, which is not a service`);
  }
  return problems;
}

function haproxyCheck(cfg: string): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-haproxy-"));
  try {
    fs.writeFileSync(path.join(dir, "haproxy.cfg"), cfg);
    const r = spawnSync("haproxy", ["-c", "-f", path.join(dir, "haproxy.cfg")], { encoding: "utf8" });
    if (r.error) throw new Error(`haproxy -c: ${r.error.message} (install Debian's haproxy package; .ci/run does)`);
    return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
