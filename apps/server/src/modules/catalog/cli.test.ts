import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../platform/config.js";
import { openDatabase } from "../../platform/db/database.js";
import { cli, databaseEnv } from "../../test-support/cli.js";
import { SearchService } from "./search/search.service.js";
import { seedSyntheticItems } from "./synthetic.js";

describe("yiwang seed --synthetic-items N", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it("adds N published, searchable items once (a second run adds none); bad N is a usage error", async () => {
    const { env, cleanup } = await databaseEnv();
    cleanups.push(cleanup);
    const first = await cli(["seed", "--synthetic-items", "600"], env);
    expect(first.out).toContain("11 service items, 2 bundles");
    expect(first.out).toContain("synthetic service items added: 600");
    expect(first.code).toBe(0);
    const bad = await cli(["seed", "--synthetic-items", "ten"], env);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain("--synthetic-items needs a whole number");

    const config = loadConfig(env);
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      pgliteDir: path.join(config.dataDir, "pglite"),
    });
    try {
      // a second run adds nothing (in-process: the CLI path is covered above)
      expect(await seedSyntheticItems(database.db, 600, { append: async () => {} })).toBe(0);
      const search = new SearchService(database.db); // a registry that is not listening: no cache;
      expect((await search.search({ page: 1, pageSize: 1 })).total).toBe(611);
      const r = await search.search({ q: "药品经营许可", page: 1, pageSize: 10 });
      expect(r.total).toBe(4); // 新办、变更、延续、注销
      expect(r.items[0]!.name.startsWith("药品经营许可")).toBe(true);
      expect((await search.search({ q: "开餐馆", page: 1, pageSize: 10 })).items[0]!.code).toBe("990100-XK-001");
    } finally {
      await database.close();
    }
    // Two CLI runs on a fresh database, one seeding 600 items: 21 s on a quiet 2-core machine.
  }, 120_000);
});
