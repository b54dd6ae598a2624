import path from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../platform/config.js";
import { cryptoSuite } from "../../platform/crypto/suite.js";
import { openDatabase } from "../../platform/db/database.js";
import { migrate } from "../../platform/db/migrator.js";
import { cli, databaseEnv } from "../../test-support/cli.js";
import { AuditLog } from "../audit/index.js";
import { AccountRepository } from "../identity/index.js";

describe("yiwang audit verify raises a security alert", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it("a failed verification is stored as an alert and sent to the security admins, not only printed", async () => {
    const { env, cleanup } = await databaseEnv();
    cleanups.push(cleanup);
    const config = loadConfig(env);
    const open = () =>
      openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: path.join(config.dataDir, "pglite") });

    let database = await open();
    await migrate(database.db);
    const department = await database.db
      .insertInto("departments")
      .values({ key: "ops", code: "11990199MB0099995P", name: "运维", region_code: "990199" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const accounts = new AccountRepository(database.db);
    const secAdmin = await accounts.insert({
      kind: "staff",
      username: "secadmin",
      display_name: "安全管理员",
      department_id: department.id,
    });
    await accounts.setRoles(secAdmin.id, ["security_admin"], "test");
    const log = new AuditLog(database.db, cryptoSuite(config));
    await log.append(Array.from({ length: 8 }, (_, i) => ({ type: "test.cli", actor: `staff:${i}` })));
    await log.signTreeHead();
    await sql`alter table audit_entries disable trigger user`.execute(database.db);
    await sql`update audit_entries set actor = 'x' where leaf_index = 5`.execute(database.db);
    await database.close();

    const bad = await cli(["audit", "verify"], env);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("the security administrators are notified");

    database = await open();
    try {
      const alerts = await database.db.selectFrom("security_alerts").selectAll().execute();
      expect(alerts.map((a) => [a.kind, a.subject, a.occurrences])).toEqual([["audit_verify_failed", "audit-log", 1]]);
      const notices = await database.db.selectFrom("notifications").select(["recipient_account_id", "kind"]).execute();
      expect(notices).toEqual([{ recipient_account_id: secAdmin.id, kind: "security.alert.audit_verify_failed" }]);
    } finally {
      await database.close();
    }
  }, 120_000); // a CLI process loads the whole app: slow on a loaded two-core machine
});
