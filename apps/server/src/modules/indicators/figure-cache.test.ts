import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { createStaff, type Headers } from "../../test-support/identity.js";
import { invalidationOf, listeningRegistry } from "../../test-support/nodes.js";
import { drain, fakeCase, fileFakeCase } from "./testing.js";

/**
 * The dashboards' figures are cached per (grouping, range, department) in each process and dropped when a
 * rollup changes (figure-cache.ts): a repeated read is a hit and answers the same, and a case event's
 * commit drops the entries so the next read counts the new case. Sets with 12345 / 好差评 / exchange /
 * licenses measures are computed afresh (those modules do not announce their changes).
 */
const NOW = new Date("2026-03-08T02:00:00Z");
const TODAY = "2026-03-08";

describe("indicators: cached figures", () => {
  let t: TestApp;
  let supervisor: Headers;
  let departmentId: string;

  beforeAll(async () => {
    t = await createTestApp({ clock: new TestClock(NOW) });
    const s = await createStaff(t, { roles: ["supervisor"] });
    supervisor = s.headers;
    departmentId = s.departmentId;
  });
  afterAll(() => t.close());

  const lookups = async (cache: string) => {
    const metrics = await t.app.platform.cache.lookups.get();
    const of = (result: string) =>
      metrics.values.find((v) => v.labels.cache === cache && v.labels.result === result)?.value ?? 0;
    return { hit: of("hit"), miss: of("miss") };
  };
  const volume = async () => {
    const res = await t.app.inject({
      method: "GET",
      url: `/api/indicators/values?from=${TODAY}&to=${TODAY}&by=department&codes=case_volume`,
      headers: supervisor,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().totals.case_volume as number;
  };
  const file = async () => {
    const c = fakeCase({
      departmentId,
      regionCode: "990101",
      itemCode: "990100-XK-001",
      itemName: "食品经营许可（新办）",
      promiseDays: 3,
      channel: "online",
      applicantId: randomUUID(),
    });
    await fileFakeCase(t, c, NOW, "2026-03-11");
    await drain(t);
  };

  it("a repeated read is a hit; a case event's commit drops it and the next read counts the case", async () => {
    await file();
    const before = await lookups("indicators.figures.values");
    expect(await volume()).toBe(1);
    expect(await volume()).toBe(1);
    const after = await lookups("indicators.figures.values");
    expect(after.miss - before.miss).toBe(1);
    expect(after.hit - before.hit).toBe(1);
    await file();
    expect(await volume()).toBe(2);
    expect((await lookups("indicators.figures.values")).miss - after.miss).toBe(1);
  });

  it("another node hears the figures' invalidation when a case event's delivery commits here", async () => {
    const other = await listeningRegistry(t.database); // another process's caches
    try {
      const heard = invalidationOf(other.registry, "indicators.figures.values");
      await file();
      expect(await heard).toEqual({ kind: "indicators.figures" });
    } finally {
      await other.stop();
    }
  });

  it("a set with another module's measure is computed on every read (its case sums still cached)", async () => {
    const url = `/api/indicators/values?from=${TODAY}&to=${TODAY}&codes=case_volume,hotline_received`;
    const values = await lookups("indicators.figures.values");
    const sums = await lookups("indicators.figures.sums");
    for (let i = 0; i < 2; i++)
      expect((await t.app.inject({ method: "GET", url, headers: supervisor })).statusCode).toBe(200);
    expect(await lookups("indicators.figures.values")).toEqual(values);
    const after = await lookups("indicators.figures.sums");
    expect([after.miss - sums.miss, after.hit - sums.hit]).toEqual([1, 1]);
  });
});
