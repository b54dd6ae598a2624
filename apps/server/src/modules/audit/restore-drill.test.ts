import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../platform/config.js";
import { cryptoSuite } from "../../platform/crypto/suite.js";
import { openDatabase } from "../../platform/db/database.js";
import { migrate } from "../../platform/db/migrator.js";
import { LocalBlobStore } from "../../platform/files/blob-store.js";
import { cli, databaseEnv } from "../../test-support/cli.js";
import { AuditLog } from "./service.js";

const run = promisify(execFile);
const OPS = path.resolve(import.meta.dirname, "../../../../../ops");

/**
 * The restore drill (GB/T 22239 数据备份恢复; issue 17, acceptance 4): back up an installation with
 * ops/backup.sh, restore it with ops/restore.sh into an empty database and file store, and prove with
 * `yiwang audit verify` that the audit log came back whole — every entry against its leaf hash and the
 * signed tree heads — that the last signed head is the restored log's, and that the files are there.
 * On PostgreSQL this is pg_dump/pg_restore; on PGlite a copy of the stopped data directory.
 */
describe("backup and restore drill", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it("restores database and files; the audit log verifies and ends at the last signed tree head", async () => {
    const source = await databaseEnv();
    cleanups.push(source.cleanup);
    const config = loadConfig(source.env);
    const open = (c = config) =>
      openDatabase({ databaseUrl: c.databaseUrl, pgliteDir: path.join(c.dataDir, "pglite") });

    const database = await open();
    await migrate(database.db);
    const log = new AuditLog(database.db, cryptoSuite(config));
    await log.append(Array.from({ length: 25 }, (_, i) => ({ type: "test.backup", actor: `staff:${i}` })));
    const head = await log.signTreeHead();
    await new LocalBlobStore(config.files.dir).put("ab".repeat(32), Buffer.from("材料 PDF bytes"));
    await database.close(); // PGlite: the data directory is copied while stopped

    const backups = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-backups-"));
    cleanups.push(async () => fs.rmSync(backups, { recursive: true, force: true }));
    const made = await run("bash", [path.join(OPS, "backup.sh"), backups], { env: { ...process.env, ...source.env } });
    const backupDir = made.stdout.trim();
    expect(fs.readFileSync(path.join(backupDir, "MANIFEST.sha256"), "utf8")).toMatch(/files\.tar/);

    // A fresh installation: an empty database (or data directory) and an empty file store.
    const target = await databaseEnv();
    cleanups.push(target.cleanup);
    const restored = await run("bash", [path.join(OPS, "restore.sh"), backupDir], {
      env: { ...process.env, ...target.env },
    });
    expect(restored.stdout).toContain("restored from");

    const verify = await cli(["audit", "verify"], target.env);
    expect(verify.out).toContain("OK: every entry matches");
    expect(verify.code).toBe(0);

    const targetConfig = loadConfig(target.env);
    const back = await open(targetConfig);
    try {
      const tree = await sql<{ size: number; root: Buffer }>`select size, root from audit_tree`.execute(back.db);
      expect(Number(tree.rows[0]?.size)).toBe(head.treeSize);
      expect(Buffer.from(tree.rows[0]?.root ?? []).equals(head.rootHash)).toBe(true);
      expect((await new LocalBlobStore(targetConfig.files.dir).get("ab".repeat(32))).toString()).toBe("材料 PDF bytes");
    } finally {
      await back.close();
    }

    // A second restore into the now non-empty target is refused, and a damaged backup is refused.
    const again = await run("bash", [path.join(OPS, "restore.sh"), backupDir], {
      env: { ...process.env, ...target.env },
    }).catch((e: { code: number; stderr: string }) => e);
    expect((again as { code: number }).code).toBe(4);
    fs.appendFileSync(path.join(backupDir, "files.tar"), "x");
    const damaged = await run("bash", [path.join(OPS, "restore.sh"), backupDir], {
      env: { ...process.env, ...target.env },
    }).catch((e: { code: number; stderr: string }) => e);
    expect((damaged as { code: number; stderr: string }).code).toBe(3);
  }, 180_000); // CLI processes load the whole app: slow on a loaded two-core machine
});
