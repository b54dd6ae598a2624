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
});
