import path from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../platform/config.js";
import { cryptoSuite } from "../../platform/crypto/suite.js";
import { openDatabase } from "../../platform/db/database.js";
import { migrate } from "../../platform/db/migrator.js";
import { cli, databaseEnv } from "../../test-support/cli.js";
import { AuditLog } from "./service.js";

describe("yiwang audit verify (acceptance 3)", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it("passes on an intact log, then exits non-zero naming the entry edited in the database", async () => {
    const { env, cleanup } = await databaseEnv();
    cleanups.push(cleanup);
    const config = loadConfig(env);
    const open = () =>
      openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: path.join(config.dataDir, "pglite") });

    let database = await open();
    await migrate(database.db);
    const log = new AuditLog(database.db, cryptoSuite(config));
    await log.append(Array.from({ length: 20 }, (_, i) => ({ type: "test.cli", actor: `staff:${i}` })));
    await log.signTreeHead();
    await database.close();

    const good = await cli(["audit", "verify"], env);
    expect(good.out).toContain("OK: every entry matches");
    expect(good.code).toBe(0);

    database = await open();
    // The log is append-only (a trigger): tampering takes someone who can change the schema first.
    await sql`alter table audit_entries disable trigger user`.execute(database.db);
    await sql`update audit_entries set actor = 'x', entry = convert_to(replace(convert_from(entry, 'UTF8'), 'staff:7"', 'staff:8"'), 'UTF8') where leaf_index = 7`.execute(
      database.db,
    );
    await database.close();

    const bad = await cli(["audit", "verify"], env);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("FAIL: entry 7 does not match its recorded leaf hash");
  }, 120_000); // CLI processes load the whole app: slow on a loaded two-core machine
});
