import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../seed/index.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, loginAs } from "../../test-support/identity.js";
import { createSecondNode, invalidationOf } from "../../test-support/nodes.js";
import type { CacheListener } from "./listener.js";
import type { Invalidation } from "./registry.js";

/**
 * Two app instances over one database, as two nodes behind a load balancer: what one node changes through
 * its API, the other shows as soon as the commit's notification reaches it (LISTEN/NOTIFY) — no TTL to wait
 * out. Each test waits for that notification (a promise the listener resolves), never for time.
 */
describe("read-mostly caches across two nodes", () => {
  let a: TestApp;
  let b: TestApp;
  let admin: Headers;

  beforeAll(async () => {
    a = await createTestApp();
    const seeded = invalidationOf(a.app, "org.departments.lists"); // the seed's flush-all reaches node A
    await seedDemo(a.database.db);
    await seeded;
    b = await createSecondNode(a);
    admin = await loginAs(a, "platform_admin");
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const get = async (node: TestApp, url: string) => {
    const res = await node.app.inject({ method: "GET", url });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const amrOf = async (node: TestApp) =>
    (
      (await get(node, "/api/org/departments")).items as { key: string; id: string; name: string; nameEn: string }[]
    ).find((d) => d.key === "amr")!;
  const lookups = async (node: TestApp, cache: string, result: "hit" | "miss" | "bypass") => {
    const text = (await node.app.inject({ method: "GET", url: "/metrics" })).body;
    const m = new RegExp(`^cache_lookups_total\\{cache="${cache}",result="${result}"\\} (\\d+)`, "m").exec(text);
    return Number(m?.[1] ?? 0);
  };
  /** Everything a node hears from now on (to show what it did not hear). */
  const recorder = (node: TestApp) => {
    const heard: Invalidation[] = [];
    const stop = node.app.platform.cache.onReceive((i) => heard.push(i));
    return { heard, stop };
  };
  const listenerState = (listener: CacheListener, listening: boolean) =>
    new Promise<void>((resolve) => {
      const off = listener.onStateChange((now) => {
        if (now !== listening) return;
        off();
        resolve();
      });
    });

  it("a department renamed through node A shows on node B once B hears the commit; A shows it at once", async () => {
    const amr = await amrOf(b);
    const hits = await lookups(b, "org.departments.lists", "hit");
    expect(await amrOf(b)).toEqual(amr);
    expect(await lookups(b, "org.departments.lists", "hit")).toBe(hits + 1); // served from B's cache
    expect((await get(b, `/api/org/departments/${amr.id}`)).name).toBe(amr.name);
    await amrOf(a); // A holds it too

    const heard = invalidationOf(b.app, "org.departments.lists");
    const renamed = "示例市市场监督管理局（新）";
    const patch = await a.app.inject({
      method: "PATCH",
      url: `/api/org/departments/${amr.id}`,
      headers: admin,
      payload: { name: renamed },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    expect((await amrOf(a)).name).toBe(renamed); // the writer's own node: at commit, without waiting
    await heard;
    expect((await amrOf(b)).name).toBe(renamed);
    expect((await get(b, `/api/org/departments/${amr.id}`)).name).toBe(renamed);
  });

  it("node B answers from its cache: a change made behind the application's back shows only after a flush", async () => {
    const amr = await amrOf(b);
    await sql`update departments set name_en = 'Market Regulation (by hand)' where key = 'amr'`.execute(a.database.db);
    expect((await amrOf(b)).nameEn).toBe(amr.nameEn); // no notification, no re-read
    const flushed = invalidationOf(b.app, "org.departments.lists");
    await sql`select pg_notify('yiwang_cache', '*')`.execute(a.database.db); // what README.md says to run after such an edit
    await flushed;
    expect((await amrOf(b)).nameEn).toBe("Market Regulation (by hand)");
  });

  it("a catalog edit published on node A is found by search on node B as soon as B hears it (not after 30 s)", async () => {
    const search = async (node: TestApp) =>
      (await get(node, `/api/catalog/search?q=${encodeURIComponent("出生医学证明")}`)).items[0].name as string;
    expect(await search(b)).toBe("出生医学证明首次签发");
    const hits = await lookups(b, "catalog.search", "hit");
    expect(await search(b)).toBe("出生医学证明首次签发");
    expect(await lookups(b, "catalog.search", "hit")).toBe(hits + 1);
    const guide = await get(b, "/api/catalog/items/990100-GG-004"); // the guide, cached on B

    const { version, versionStatus, status, createdAt, updatedAt, publishedAt, ...content } = (
      await a.app.inject({ method: "GET", url: "/api/catalog/admin/items/990100-GG-004", headers: admin })
    ).json();
    const put = await a.app.inject({
      method: "PUT",
      url: "/api/catalog/admin/items/990100-GG-004",
      headers: admin,
      payload: { ...content, name: "出生医学证明签发" },
    });
    expect(put.statusCode, put.body).toBe(200);
    const heard = invalidationOf(b.app, "catalog.search");
    const publish = await a.app.inject({
      method: "POST",
      url: "/api/catalog/admin/items/990100-GG-004/publish",
      headers: admin,
    });
    expect(publish.statusCode, publish.body).toBe(200);
    await heard;
    expect(await search(b)).toBe("出生医学证明签发");
    expect((await get(b, "/api/catalog/items/990100-GG-004")).name).not.toBe(guide.name);
  });

  it("a holiday set through node A moves node B's deadlines once B hears it", async () => {
    const url = "/api/calendar/add-working-days?from=2026-03-02T10%3A00%3A00%2B08%3A00&days=1";
    const before = await get(b, url);
    const hits = await lookups(b, "calendar", "hit");
    expect(await get(b, url)).toEqual(before);
    expect(await lookups(b, "calendar", "hit")).toBe(hits + 1);
    const heard = invalidationOf(b.app, "calendar");
    const put = await a.app.inject({
      method: "PUT",
      url: "/api/calendar/days/2026-03-03",
      headers: admin,
      payload: { kind: "holiday", name: "测试假日" },
    });
    expect(put.statusCode, put.body).toBe(200);
    await heard;
    expect(await get(b, url)).not.toEqual(before);
  });

  it("a rolled-back change invalidates nothing anywhere (a workbook import's dry run)", async () => {
    const search = `/api/catalog/search?q=${encodeURIComponent("结婚登记")}`;
    await get(b, search);
    await get(a, search);
    const onB = recorder(b);
    const onA = recorder(a);
    const exported = await a.app.inject({ method: "GET", url: "/api/catalog/admin/export", headers: admin });
    expect(exported.statusCode).toBe(200);
    const dryRun = await a.app.inject({
      method: "POST",
      url: "/api/catalog/admin/import?dryRun=true",
      headers: { ...admin, "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
      payload: exported.rawPayload,
    });
    expect(dryRun.statusCode, dryRun.body).toBe(200);
    expect(dryRun.json()).toMatchObject({ dryRun: true });
    // A committed notification after it: once a node has heard that, it would have heard the dry run's too.
    const markers = [invalidationOf(a.app, "test.marker"), invalidationOf(b.app, "test.marker")];
    await sql`select pg_notify('yiwang_cache', '{"kind":"test.marker"}')`.execute(a.database.db);
    await Promise.all(markers);
    onB.stop();
    onA.stop();
    expect(onB.heard).toEqual([{ kind: "test.marker" }]);
    expect(onA.heard).toEqual([{ kind: "test.marker" }]);
    for (const node of [a, b]) {
      const hits = await lookups(node, "catalog.search", "hit");
      await get(node, search);
      expect(await lookups(node, "catalog.search", "hit")).toBe(hits + 1); // still cached on both nodes
    }
  });

  it("when node B's listening connection is lost, B stops answering from its cache and clears it on reconnecting", async () => {
    const amr = await amrOf(b);
    await sql`update departments set name_en = 'Lost and found' where key = 'amr'`.execute(a.database.db);
    expect((await amrOf(b)).nameEn).toBe(amr.nameEn); // cached, nothing heard
    const listener = b.app.platform.cacheListener;
    const down = listenerState(listener, false);
    const up = listenerState(listener, true);
    if (a.database.driver === "pg") {
      // The real thing: the server ends B's listening session (as a restart or failover would).
      // (Node A's ends too; both reconnect.)
      const killed = await sql<{ n: number }>`
        select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
        where application_name = 'yiwang-cache-listener' and datname = current_database()`.execute(a.database.db);
      expect(killed.rows[0]!.n).toBeGreaterThanOrEqual(2);
      await down;
    } else {
      // PGlite runs in this process, so its session cannot drop: B's listener is told it did.
      listener.lost();
      await down;
      expect(b.app.platform.cache.listening).toBe(false);
      const bypassed = await lookups(b, "org.departments.lists", "bypass");
      expect((await amrOf(b)).nameEn).toBe("Lost and found"); // read from the database while deaf
      expect(await lookups(b, "org.departments.lists", "bypass")).toBe(bypassed + 1);
    }
    await up;
    expect(b.app.platform.cache.listening).toBe(true);
    expect((await amrOf(b)).nameEn).toBe("Lost and found"); // everything was cleared on reconnecting
    // and invalidations flow again
    const heard = invalidationOf(b.app, "org.departments.lists");
    const patch = await a.app.inject({
      method: "PATCH",
      url: `/api/org/departments/${amr.id}`,
      headers: admin,
      payload: { nameEn: "Market Regulation" },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    await heard;
    expect((await amrOf(b)).nameEn).toBe("Market Regulation");
  });
});
