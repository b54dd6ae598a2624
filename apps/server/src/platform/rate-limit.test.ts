import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../test-support/database.js";
import { RateLimiter } from "./rate-limit.js";

/**
 * The shared fixed-window counter, on both drivers: parallel hits against one limit let exactly the limit
 * through (the upsert counts atomically), in the synchronous mode and in `fast` (one statement that commits
 * without waiting for the WAL flush), and a new window starts from zero.
 */
describe("rate limiter: one counter per key and window in the database", () => {
  let d: TestDatabase;
  let now = Date.UTC(2026, 11, 5, 10, 0, 30);
  let limiter: RateLimiter;
  beforeAll(async () => {
    d = await openTestDatabase();
    limiter = new RateLimiter(d.db, () => now);
  });
  afterAll(() => d.close());

  for (const fast of [false, true])
    it(`${fast ? "fast" : "synchronous"}: 25 parallel hits on a limit of 10 let 10 through, the rest get 429 with retryAfter`, async () => {
      const key = `test:${fast}`;
      const results = await Promise.allSettled(Array.from({ length: 25 }, () => limiter.hit(key, 10, 60, { fast })));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(refused).toHaveLength(15);
      for (const r of refused)
        expect(r.reason).toMatchObject({ code: "RATE_LIMITED", details: { retryAfterSeconds: 30 } });
      const [row] = await d.db.selectFrom("rate_limit_counters").select("count").where("key", "=", key).execute();
      expect(row?.count).toBe(25);
      // The next window starts from zero.
      now += 60_000;
      await expect(limiter.hit(key, 10, 60, { fast })).resolves.toBeUndefined();
      now -= 60_000;
    });

  const counter = async (key: string) =>
    (await d.db.selectFrom("rate_limit_counters").select("count").where("key", "=", key).executeTakeFirst())?.count;

  it("reserve: below 2,000 per window a reservation is one hit, so the counter counts every hit as before", async () => {
    const key = "test:reserve-small";
    const results = await Promise.allSettled(
      Array.from({ length: 25 }, () => limiter.hit(key, 1999, 60, { fast: true, reserve: true })),
    );
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    expect(await counter(key)).toBe(25);
  });

  it("reserve: a busy key takes its hits in reservations of 1/1000 of the limit (one statement per 10 here)", async () => {
    const key = "test:reserve-busy";
    for (let i = 0; i < 25; i++) await limiter.hit(key, 10_000, 60, { fast: true, reserve: true });
    expect(await counter(key)).toBe(30); // three reservations of 10, five hits still held by this process
    // Parallel hits share the reservation in flight instead of each sending their own.
    await Promise.all(Array.from({ length: 25 }, () => limiter.hit(key, 10_000, 60, { reserve: true })));
    expect(await counter(key)).toBe(50);
    // A new window starts from zero, without what was left of the old one.
    now += 60_000;
    await limiter.hit(key, 10_000, 60, { reserve: true });
    expect(await counter(key)).toBe(50); // the old window's row is unchanged…
    const rows = await d.db.selectFrom("rate_limit_counters").select("count").where("key", "=", key).execute();
    expect(rows.map((r) => r.count).sort()).toEqual([10, 50]); // …and the new one holds one reservation
    now -= 60_000;
  });

  it("reserve: two processes racing near the limit let exactly the limit through between them, then refuse with retryAfter", async () => {
    const key = "test:reserve-race";
    const limit = 20_000; // reservations of 20
    await d.db
      .insertInto("rate_limit_counters")
      .values({ key, window_start: new Date(Math.floor(now / 60_000) * 60_000), count: limit - 30 })
      .execute();
    const other = new RateLimiter(d.db, () => now); // a second node over the same database
    const results = await Promise.allSettled(
      [limiter, other].flatMap((l) => Array.from({ length: 40 }, () => l.hit(key, limit, 60, { reserve: true }))),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(30);
    for (const r of results)
      if (r.status === "rejected")
        expect(r.reason).toMatchObject({ code: "RATE_LIMITED", details: { retryAfterSeconds: 30 } });
    // Once the counter is full, further hits are refused without a statement.
    const count = await counter(key);
    await expect(limiter.hit(key, limit, 60, { reserve: true })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await expect(other.hit(key, limit, 60, { reserve: true })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(await counter(key)).toBe(count);
  });
});
