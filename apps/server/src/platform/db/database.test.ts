import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { DataDirInUseError, openDatabase } from "./database.js";

describe("embedded PGlite data directory", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-pglite-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("keeps data across close and reopen, and refuses a second opener while open", async () => {
    const first = await openDatabase({ pgliteDir: dir });
    await sql`create table kept (x int); insert into kept values (42)`.execute(first.db);
    await expect(openDatabase({ pgliteDir: dir })).rejects.toBeInstanceOf(DataDirInUseError);
    await first.close();

    const again = await openDatabase({ pgliteDir: dir });
    expect((await sql<{ x: number }>`select x from kept`.execute(again.db)).rows).toEqual([{ x: 42 }]);
    await again.close();
    // Two initdb runs on a fresh directory (no snapshot here): 13 s on a loaded 2-core machine, more when the
    // suite's other work shares it.
  }, 120_000);

  it("takes over a lock left by a process that no longer exists", async () => {
    fs.writeFileSync(path.join(dir, "yiwang.lock"), "2147483646"); // no such pid
    const db = await openDatabase({ pgliteDir: dir });
    await db.close();
    expect(fs.existsSync(path.join(dir, "yiwang.lock"))).toBe(false);
  });
});
