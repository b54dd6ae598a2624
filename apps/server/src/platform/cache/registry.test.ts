import { sql } from "kysely";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../../test-support/database.js";
import { invalidationOf } from "../../test-support/nodes.js";
import type { Listen } from "../db/database.js";
import { CacheListener } from "./listener.js";
import { CACHE_CHANNEL, CacheRegistry, covers, type Invalidation, parseInvalidation } from "./registry.js";

/** A listening connection the test controls: it connects (or fails to), delivers, and is lost on demand. */
function fakeListen() {
  const state = {
    attempts: 0,
    failNext: 0,
    open: [] as { notify(p: string): void; lost(e?: Error): void; closed: boolean }[],
  };
  const listen: Listen = async (channel, handlers) => {
    expect(channel).toBe(CACHE_CHANNEL);
    state.attempts++;
    if (state.failNext > 0) {
      state.failNext--;
      throw new Error("connection refused");
    }
    const c = { ...handlers, closed: false };
    state.open.push(c);
    return {
      close: async () => {
        c.closed = true;
      },
    };
  };
  return { listen, state, current: () => state.open.at(-1)! };
}

/** Resolves on the listener's next state change to `listening`. */
const stateOf = (listener: CacheListener, listening: boolean) =>
  new Promise<void>((resolve) => {
    const off = listener.onStateChange((now) => {
      if (now !== listening) return;
      off();
      resolve();
    });
  });

const counter = () => {
  let n = 0;
  return {
    load: async () => ({ n: ++n }),
    get count() {
      return n;
    },
  };
};

describe("cache invalidation messages", () => {
  it("read a kind and an optional key; a bare word is a kind; garbage drops everything", () => {
    expect(parseInvalidation('{"kind":"org.departments","key":"id:1"}')).toEqual({
      kind: "org.departments",
      key: "id:1",
    });
    expect(parseInvalidation('{"kind":"calendar"}')).toEqual({ kind: "calendar" });
    expect(parseInvalidation("catalog")).toEqual({ kind: "catalog" });
    expect(parseInvalidation("*")).toEqual({ kind: "*" });
    expect(parseInvalidation("")).toEqual({ kind: "*" });
    expect(parseInvalidation("{not json")).toEqual({ kind: "*" });
    expect(parseInvalidation('{"kind":42}')).toEqual({ kind: "*" });
    expect(parseInvalidation('{"key":"x"}')).toEqual({ kind: "*" });
  });

  it("a kind covers its own cache and the caches named below it, not look-alikes", () => {
    expect(covers("org", "org.departments.lists")).toBe(true);
    expect(covers("org.departments", "org.departments.lists")).toBe(true);
    expect(covers("org.departments.lists", "org.departments.lists")).toBe(true);
    expect(covers("*", "calendar")).toBe(true);
    expect(covers("org.dep", "org.departments.lists")).toBe(false);
    expect(covers("org.departments.lists", "org.departments")).toBe(false);
    expect(covers("catalog", "catalogue")).toBe(false);
  });

  it("cache names are dotted lower-case words, each defined once", () => {
    const registry = new CacheRegistry();
    registry.cache("a.b_c", { maxEntries: 1 });
    expect(() => registry.cache("a.b_c", { maxEntries: 1 })).toThrow(/twice/);
    expect(() => registry.cache("A.b", { maxEntries: 1 })).toThrow(/lower-case/);
    expect(() => registry.cache("a..b", { maxEntries: 1 })).toThrow(/lower-case/);
  });
});

describe("a process's caches", () => {
  it("serve only while listening: before the listener connects every read loads and nothing is kept", async () => {
    const registry = new CacheRegistry();
    const cache = registry.cache<{ n: number }>("t.one", { maxEntries: 10 });
    const c = counter();
    await cache.read("k", c.load);
    await cache.read("k", c.load);
    expect(c.count).toBe(2);
    expect(cache.size).toBe(0);

    registry.connected();
    const first = await cache.read("k", c.load);
    expect(await cache.read("k", c.load)).toBe(first); // the very object, frozen
    expect(Object.isFrozen(first)).toBe(true);
    expect(c.count).toBe(3);
  });

  it("a read inside a transaction is not served from the cache nor stored in it", async () => {
    const registry = new CacheRegistry();
    registry.connected();
    const cache = registry.cache<{ n: number }>("t.trx", { maxEntries: 10 });
    const c = counter();
    const trx = { isTransaction: true } as never;
    await cache.read("k", c.load);
    await cache.read("k", c.load, trx);
    await cache.read("k", c.load, trx);
    expect(c.count).toBe(3);
    expect((await cache.read("k", c.load)).n).toBe(1); // the cached one, untouched
  });

  /** A connected cache of strings whose loads are recorded. */
  function recordingCache(name: string, maxEntries: number) {
    const registry = new CacheRegistry();
    registry.connected();
    const cache = registry.cache<string>(name, { maxEntries });
    const loads: string[] = [];
    const read = (k: string) =>
      cache.read(k, async () => {
        loads.push(k);
        return k;
      });
    return { cache, loads, read };
  }

  it("keeps at most maxEntries, dropping the least recently used", async () => {
    const { cache, loads, read } = recordingCache("t.lru", 2);
    await read("a");
    await read("b");
    await read("a"); // a is now the most recent
    await read("c"); // evicts b
    await read("a");
    await read("b");
    expect(loads).toEqual(["a", "b", "c", "b"]);
    expect(cache.size).toBe(2);
  });

  it("orders by use only once over half full: a hot entry read then still outlives colder ones", async () => {
    const { cache, loads, read } = recordingCache("t.lru_half", 4);
    await read("hot");
    await read("hot"); // half full or less: a hit without reordering
    await read("b");
    await read("c"); // over half full from here
    await read("hot"); // now the most recent
    await read("d");
    await read("e"); // evicts b, the least recently used
    await read("hot");
    await read("b");
    expect(loads).toEqual(["hot", "b", "c", "d", "e", "b"]);
    expect(cache.size).toBe(4);
  });

  it("a load that was in flight when an invalidation came in answers but is not stored", async () => {
    const registry = new CacheRegistry();
    registry.connected();
    const cache = registry.cache<string>("t.race", { maxEntries: 10 });
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const slow = cache.read("k", async () => {
      await gate;
      return "read before the change";
    });
    registry.receive('{"kind":"t.race","key":"k"}');
    release();
    expect(await slow).toBe("read before the change");
    expect(await cache.read("k", async () => "read after the change")).toBe("read after the change");
  });

  it("an invalidation with a key drops that entry only; a kind drops its caches; '*' drops all", async () => {
    const registry = new CacheRegistry();
    registry.connected();
    const a = registry.cache<string>("t.x.a", { maxEntries: 10 });
    const b = registry.cache<string>("t.x.b", { maxEntries: 10 });
    const other = registry.cache<string>("u", { maxEntries: 10 });
    const fill = async () => {
      for (const [c, k] of [
        [a, "1"],
        [a, "2"],
        [b, "1"],
        [other, "1"],
      ] as const)
        await c.read(k, async () => k);
    };
    await fill();
    registry.receive('{"kind":"t.x.a","key":"1"}');
    expect([a.size, b.size, other.size]).toEqual([1, 1, 1]);
    registry.receive("t.x");
    expect([a.size, b.size, other.size]).toEqual([0, 0, 1]);
    await fill();
    registry.receive("*");
    expect([a.size, b.size, other.size]).toEqual([0, 0, 0]);
  });

  it("counts hits, misses, bypasses and invalidations per cache on the app's metrics registry", async () => {
    const registry = new CacheRegistry();
    const metrics = new Registry();
    registry.registerMetrics(metrics);
    const cache = registry.cache<string>("t.metrics", { maxEntries: 10 });
    await cache.read("k", async () => "v"); // not listening: bypass
    registry.connected();
    await cache.read("k", async () => "v");
    await cache.read("k", async () => "v");
    registry.receive("t.metrics");
    const text = await metrics.metrics();
    expect(text).toContain('cache_lookups_total{cache="t.metrics",result="bypass"} 1');
    expect(text).toContain('cache_lookups_total{cache="t.metrics",result="miss"} 1');
    expect(text).toContain('cache_lookups_total{cache="t.metrics",result="hit"} 1');
    expect(text).toContain('cache_invalidations_total{cache="t.metrics",source="notification"} 1');
    expect(text).toContain('cache_entries{cache="t.metrics"} 0');
    expect(text).toContain("cache_listener_up 1");
  });
});

describe("the invalidation listener", () => {
  it("connects at start; on loss stops serving and clears; reconnects with backoff and clears again", async () => {
    const registry = new CacheRegistry();
    const cache = registry.cache<{ n: number }>("t.listener", { maxEntries: 10 });
    const fake = fakeListen();
    fake.state.failNext = 2; // the database is not reachable at first
    const listener = new CacheListener(registry, fake.listen, { retry: { initialMs: 1, maxMs: 4 } });
    const up = stateOf(listener, true);
    await listener.start(); // a failed first attempt does not throw: it schedules the next
    expect(registry.listening).toBe(false);
    await up;
    expect(fake.state.attempts).toBe(3);
    expect(registry.listening).toBe(true);

    const c = counter();
    await cache.read("k", c.load);
    await cache.read("k", c.load);
    expect(c.count).toBe(1);

    const down = stateOf(listener, false);
    const back = stateOf(listener, true);
    const lostConnection = fake.current();
    lostConnection.lost(new Error("server closed the connection"));
    await down;
    expect(cache.size).toBe(0); // cleared at once
    expect(registry.listening).toBe(false);
    expect(lostConnection.closed).toBe(true);
    await cache.read("k", c.load); // bypass while away
    expect(cache.size).toBe(0);
    // a notification on the lost connection (late, or from a half-dead socket) is ignored
    lostConnection.notify("*");
    await back;
    expect(registry.listening).toBe(true);
    await cache.read("k", c.load);
    await cache.read("k", c.load);
    expect(c.count).toBe(3); // one bypass, one fresh load after the reconnection, then hits

    fake.current().notify('{"kind":"t.listener"}');
    expect(cache.size).toBe(0);
    await listener.stop();
    expect(registry.listening).toBe(false);
    expect(fake.current().closed).toBe(true);
  });
});

describe("invalidation through the database", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database?.dispose());

  it("is delivered when the writing transaction commits, never after a rollback; the writer drops its own entries at commit", async () => {
    const node = new CacheRegistry(); // listens
    const listener = new CacheListener(node, database.listen);
    await listener.start();
    // The writer's process, deaf to notifications (a fake listener): what it drops, it drops by itself.
    const writer = new CacheRegistry();
    const deaf = fakeListen();
    const writerListener = new CacheListener(writer, deaf.listen);
    await writerListener.start();
    const nodeCache = node.cache<string>("t.db.a", { maxEntries: 10 });
    const writerCache = writer.cache<string>("t.db.a", { maxEntries: 10 });
    const heard: Invalidation[] = [];
    node.onReceive((i) => heard.push(i));
    try {
      await nodeCache.read("k", async () => "v");
      await writerCache.read("k", async () => "v");

      await expect(
        database.db.transaction().execute(async (trx) => {
          await writer.invalidate(trx, "t.db.a");
          expect(writerCache.size).toBe(1); // not before the commit
          throw new Error("roll back");
        }),
      ).rejects.toThrow("roll back");
      expect(writerCache.size).toBe(1);

      // A later committed change is delivered after anything sent before it: once it is heard, a
      // rolled-back notification would have been heard already.
      const marker = invalidationOf(node, "t.db.marker");
      await database.db.transaction().execute((trx) => writer.invalidate(trx, "t.db.marker"));
      await marker;
      expect(heard).toEqual([{ kind: "t.db.marker" }]);
      expect(nodeCache.size).toBe(1);

      const delivered = invalidationOf(node, "t.db.a");
      await database.db.transaction().execute(async (trx) => {
        await writer.invalidate(trx, "t.db.a", "k");
        await writer.invalidate(trx, "t.db.a", "k"); // one statement, one notification
        expect(writerCache.size).toBe(1);
      });
      expect(writerCache.size).toBe(0); // at commit, before any notification could come back
      expect(await delivered).toEqual({ kind: "t.db.a", key: "k" });
      expect(nodeCache.size).toBe(0);

      // An operator's flush after a hand-made SQL edit.
      await nodeCache.read("k", async () => "v");
      const flushed = invalidationOf(node, "t.db.a");
      await sql`select pg_notify('yiwang_cache', '*')`.execute(database.db);
      expect(await flushed).toEqual({ kind: "*" });
      expect(nodeCache.size).toBe(0);
      expect(heard.filter((i) => i.kind === "t.db.a")).toHaveLength(1); // the duplicate was not sent
    } finally {
      await listener.stop();
      await writerListener.stop();
    }
  });
});
