/**
 * The `yiwang` commands that need the platform (start, migrate, seed, audit, oidc, pii, staff), loaded by
 * main.ts on demand. Everything is configured by environment variables (see platform/config.ts and README.md).
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { buildApp } from "./app.js";
import { AuditLog, startAuditJobs, verifyLog } from "./modules/audit/index.js";
import { reencryptCallers } from "./modules/hotline/index.js";
import { createStaffAtInstall, reencryptAccounts, SigningKeyStore } from "./modules/identity/index.js";
import { issueDemoLicenses } from "./modules/licenses/index.js";
import { NotificationService } from "./modules/notify/index.js";
import { reencryptBankAccounts } from "./modules/policies/index.js";
import { reencryptRegistries } from "./modules/registry/index.js";
import { reportAuditVerifyFailure } from "./modules/security/index.js";
import { clockFromOffset } from "./platform/clock/clock.js";
import { type AppConfig, loadConfig } from "./platform/config.js";
import { cryptoSuite } from "./platform/crypto/suite.js";
import { type Database, openDatabase } from "./platform/db/database.js";
import { migrate } from "./platform/db/migrator.js";
import { JobQueue } from "./platform/jobs/index.js";
import { seedSyntheticItems } from "./seed/catalog.js";
import { demoHolders, seedDemo, seedDemoPolicies } from "./seed/index.js";

const USAGE = `Usage: yiwang <command>

Commands:
  start     apply migrations, seed demo data into an empty database, serve HTTP
  migrate   apply pending SQL migrations and exit
  seed      load the demo data (idempotent) and exit
            --synthetic-items N   also add N generated published service items (benchmarks)
  audit verify       recompute the audit log from its entries, check every signed tree head;
                     exit 1 naming the first entry that does not match, and raise a security alert
                     (an in-app notice to every security administrator)
  audit sign         sequence queued audit entries and sign a tree head now
  audit rotate-key   retire the log's signing key and create a new one (old heads stay verifiable)
  oidc rotate-keys   new OpenID Connect signing key; old keys stay published for verification
                     (running servers switch to it within a minute)
  pii reencrypt      re-seal personal data under the current DATA_ENCRYPTION_KEY after a key rotation
                     (keep the old key in DATA_ENCRYPTION_PREVIOUS_KEYS until this has run)
  demo-totp          print the current TOTP code of the demo staff accounts (development only)
  staff create --username U --name NAME --department KEY --role ROLE [--role ROLE]
                     create a staff account on the server (the first platform admin and the first
                     security admin of an installation; auditor accounts, which no administrator may
                     create — later ones also by dual control in the app): prints a one-time password;
                     at the first login the authenticator is enrolled and the password replaced; audited
                     as install:cli
`;

function say(message: string) {
  process.stdout.write(`${message}\n`);
}

function open(config: AppConfig): Promise<Database> {
  return openDatabase({
    databaseUrl: config.databaseUrl,
    poolSize: config.databasePoolSize,
    pgliteDir: path.join(config.dataDir, "pglite"),
  });
}

async function start(config: AppConfig) {
  const database = await open(config);
  const result = await migrate(database.db);
  const fresh = result.alreadyApplied === 0;
  const app = await buildApp(config, { database });
  const stopAudit = startAuditJobs(app.auditLog, config.audit, app.log);
  app.addHook("onClose", stopAudit);
  app.platform.jobs.start({ intervalMs: config.jobs.pollMs });
  app.addHook("onClose", () => app.platform.jobs.stop());
  app.log.info({ driver: database.driver, location: database.location, applied: result.applied }, "database ready");
  if (fresh && config.seedDemo) {
    app.log.info({ seeded: await seedDemo(database.db, config) }, "empty database: demo data loaded");
    // Demo e-licenses are issued for real (signed and sealed), so they need the running modules.
    if (config.env !== "production") {
      app.log.info({ licenses: await issueDemoLicenses(app.licenses, demoHolders()) }, "demo licenses issued");
      const policies = await seedDemoPolicies(database.db, app.platform.jobs, app.platform.clock.now());
      app.log.info({ policies }, "demo policies published, match armed");
    }
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, "shutting down");
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  await app.listen({ host: config.host, port: config.port });
}

/** Runs one command; the exit code, or undefined while `start` serves. */
export async function run(argv: string[]): Promise<number | undefined> {
  const [command] = argv;
  if (!command || command === "help" || command === "--help") {
    say(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  switch (command) {
    case "start":
      await start(config);
      return undefined;
    case "migrate": {
      const database = await open(config);
      try {
        const r = await migrate(database.db);
        say(r.applied.length ? `applied ${r.applied.length}: ${r.applied.join(", ")}` : "database is up to date");
      } finally {
        await database.close();
      }
      return 0;
    }
    case "seed": {
      const synthetic = syntheticOption(argv.slice(1));
      if (synthetic === null) {
        process.stderr.write(`seed: --synthetic-items needs a whole number from 1 to 1000000\n\n${USAGE}`);
        return 2;
      }
      const database = await open(config);
      try {
        await migrate(database.db);
        const r = await seedDemo(database.db, config);
        say(
          `seeded: ${r.departments} departments, ${r.calendarDays} calendar days, ${r.catalogItems} service items, ` +
            `${r.catalogBundles} bundles, ${r.registryPeople} registry people, ${r.registryBusinesses} registry ` +
            `enterprises, ${r.accounts} demo accounts (existing rows kept)`,
        );
        if (config.env !== "production") {
          const clock = clockFromOffset(config.clockOffsetSeconds);
          const added = await seedDemoPolicies(database.db, new JobQueue(database.db, clock), clock.now());
          say(`demo policies added: ${added} (a running server matches them at its next job poll)`);
        }
        if (synthetic) {
          const log = new AuditLog(database.db, cryptoSuite(config));
          say(`synthetic service items added: ${await seedSyntheticItems(database.db, synthetic, log)}`);
        }
      } finally {
        await database.close();
      }
      return 0;
    }
    case "audit":
      return audit(config, argv[1]);
    case "oidc":
      return oidc(config, argv[1]);
    case "pii": {
      if (argv[1] !== "reencrypt") {
        process.stderr.write(`unknown pii command: ${argv[1] ?? "(none)"}\n\n${USAGE}`);
        return 2;
      }
      const database = await open(config);
      try {
        await migrate(database.db);
        // Re-sealed under the current key and the configured suite's cipher (AES-256-GCM or SM4-GCM).
        const { pii } = cryptoSuite(config);
        const accounts = await reencryptAccounts(database.db, pii);
        const registries = await reencryptRegistries(database.db, pii);
        // Also seals what was written in clear before those columns were sealed (bank accounts, callers).
        const bankAccounts = await reencryptBankAccounts(database.db, pii);
        const callers = await reencryptCallers(database.db, pii);
        say(
          `re-sealed under the current key: ${accounts} accounts, ${registries} registry rows, ` +
            `${bankAccounts} bank accounts, ${callers} hotline callers`,
        );
      } finally {
        await database.close();
      }
      return 0;
    }
    case "staff":
      return staff(config, argv.slice(1));
    default:
      process.stderr.write(`unknown command: ${command}\n\n${USAGE}`);
      return 2;
  }
}

async function staff(config: AppConfig, args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseStaffArgs>;
  try {
    parsed = parseStaffArgs(args);
  } catch (error) {
    process.stderr.write(`staff: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const database = await open(config);
  try {
    await migrate(database.db);
    const audit = new AuditLog(database.db, cryptoSuite(config));
    const created = await createStaffAtInstall({ db: database.db, audit }, parsed);
    say(`created ${parsed.username} (${parsed.roles.join(", ")}), account ${created.id}`);
    say(`one-time password (shown once; replaced at the first login): ${created.password}`);
    return 0;
  } catch (error) {
    const e = error as { code?: string; message: string };
    process.stderr.write(`staff create: ${e.code ?? ""} ${e.message}\n`);
    return 1;
  } finally {
    await database.close();
  }
}

function parseStaffArgs(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      username: { type: "string" },
      name: { type: "string" },
      department: { type: "string" },
      role: { type: "string", multiple: true },
    },
  });
  if (positionals[0] !== "create") throw new Error(`unknown staff command: ${positionals[0] ?? "(none)"}`);
  if (!values.username || !values.name || !values.department || !values.role?.length)
    throw new Error("--username, --name, --department and at least one --role are required");
  return { username: values.username, displayName: values.name, departmentKey: values.department, roles: values.role };
}

async function oidc(config: AppConfig, sub: string | undefined): Promise<number> {
  if (sub !== "rotate-keys") {
    process.stderr.write(`unknown oidc command: ${sub ?? "(none)"}\n\n${USAGE}`);
    return 2;
  }
  const database = await open(config);
  try {
    await migrate(database.db);
    const keys = new SigningKeyStore(database.db, cryptoSuite(config).box);
    const kid = await keys.rotate();
    await new AuditLog(database.db, cryptoSuite(config)).append({
      type: "identity.oidc.key_rotated",
      actor: "system",
      subject: `oidc_key:${kid}`,
    });
    say(`new OIDC signing key: ${kid} (previous keys stay published at /oidc/jwks)`);
    return 0;
  } finally {
    await database.close();
  }
}

/** `--synthetic-items N` → N; absent → 0; malformed → null. */
function syntheticOption(args: string[]): number | null {
  if (args.length === 0) return 0;
  const [flag, value] = args[0]?.includes("=") ? args[0].split("=", 2) : [args[0], args[1]];
  const n = Number(value);
  if (flag !== "--synthetic-items" || !Number.isInteger(n) || n < 1 || n > 1_000_000) return null;
  return n;
}

async function audit(config: AppConfig, sub: string | undefined): Promise<number> {
  if (sub !== "verify" && sub !== "sign" && sub !== "rotate-key") {
    process.stderr.write(`unknown audit command: ${sub ?? "(none)"}\n\n${USAGE}`);
    return 2;
  }
  const database = await open(config);
  try {
    await migrate(database.db);
    const log = new AuditLog(database.db, cryptoSuite(config));
    if (sub === "sign") {
      const h = await log.signTreeHead();
      say(`signed tree head: size ${h.treeSize}, root ${h.rootHash.toString("hex")}, key ${h.keyId}`);
      return 0;
    }
    if (sub === "rotate-key") {
      say(`new signing key: ${await log.rotateKey()}`);
      return 0;
    }
    const report = await verifyLog(log);
    say(
      `audit log: ${report.entriesChecked}/${report.treeSize} entries and ${report.headsChecked} signed tree heads checked`,
    );
    if (report.ok) {
      say("OK: every entry matches the tree and every signed tree head verifies");
      return 0;
    }
    for (const p of report.problems) say(`FAIL: ${p.message}`);
    // The security administrators are told in the platform (an alert and a notice), not only this terminal.
    const clock = clockFromOffset(config.clockOffsetSeconds);
    const { alert, opened } = await reportAuditVerifyFailure(
      { db: database.db, audit: log, notify: new NotificationService(database.db, clock), clock },
      report,
    );
    say(`security alert ${alert.id} ${opened ? "raised" : "updated"}: the security administrators are notified`);
    return 1;
  } finally {
    await database.close();
  }
}
