import { randomUUID } from "node:crypto";
import type { IndicatorValues } from "@yiwang/contracts";
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { type Headers, loginAs } from "../../test-support/identity.js";
import { DEFAULT_INDICATORS } from "./defaults.js";
import { drain, fakeCase, fileFakeCase, moveFakeCase } from "./testing.js";

/**
 * Acceptance 1 of issue 22: for random case histories (filed online or at a window on random days and
 * times, left open, decided early or late, withdrawn; events delivered in random batches and some
 * delivered twice), every rollup indicator equals its recomputation from the raw rows. The expected
 * figures are computed here from the generated histories with a plain loop (Asia/Shanghai is UTC+8 all
 * year), and compared with the API's values by department and by channel; the module's own recompute job
 * must report no drift.
 */

const DEPTS = [randomUUID(), randomUUID(), randomUUID()];
const ITEMS = ["990100-XK-001", "990100-XK-002"];
const BASE = Date.parse("2026-03-01T00:00:00+08:00");
const HOUR = 3_600_000;
const OPEN = new Set(["submitted", "accepted", "in_review", "supplement_requested", "suspended"]);

const history = fc.record({
  dept: fc.nat({ max: DEPTS.length - 1 }),
  item: fc.nat({ max: ITEMS.length - 1 }),
  window: fc.boolean(),
  /** Filed this many minutes after 2026-03-01 00:00 local (five days). */
  filedAt: fc.integer({ min: 0, max: 5 * 24 * 60 - 1 }),
  promiseDays: fc.integer({ min: 0, max: 4 }),
  end: fc.constantFrom("open", "decided", "withdrawn"),
  /** Minutes from filing to the decision (up to six days: some late). */
  takes: fc.integer({ min: 0, max: 6 * 24 * 60 }),
  flushBefore: fc.boolean(),
  redeliver: fc.boolean(),
});
type History = typeof history extends fc.Arbitrary<infer T> ? T : never;

const localDay = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);
const plusDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 24 * HOUR).toISOString().slice(0, 10);

interface Raw {
  dept: string;
  channel: string;
  day: string;
  status: string;
  filed: number;
  decided: number | null;
  deadline: string;
  promiseDays: number;
}

/** The measures of a set of raw cases, exactly as defined (cases/measures-source.ts), in a plain loop. */
function measures(rows: Raw[], from: string, to: string) {
  const m = { volume: 0, online: 0, decided: 0, immediate: 0, overdue: 0, open: 0, elapsed: 0, promised: 0 };
  for (const r of rows) {
    if (OPEN.has(r.status)) m.open++;
    if (r.day < from || r.day > to) continue;
    m.volume++;
    if (r.channel === "online") m.online++;
    if (r.decided !== null) {
      m.decided++;
      if (localDay(r.decided) === r.day) m.immediate++;
      if (localDay(r.decided) > r.deadline) m.overdue++;
      m.elapsed += Math.floor((r.decided - r.filed) / 60_000);
      m.promised += r.promiseDays;
    }
  }
  return m;
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
const round = (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 10_000);

function indicators(m: ReturnType<typeof measures>, withDay: boolean) {
  const pct = (a: number, b: number) => {
    const r = ratio(a, b);
    return r === null ? null : r * 100;
  };
  const online = pct(m.online, m.volume);
  const overdue = pct(m.overdue, m.decided);
  const days = m.elapsed / 1440;
  const vsPromised = m.promised === 0 ? null : (days / m.promised) * 100;
  return {
    case_volume: round(m.volume),
    online_rate: round(online),
    immediate_rate: round(pct(m.immediate, m.decided)),
    overdue_rate: round(overdue),
    time_vs_promised: round(vsPromised),
    // open_cases has no day: broken down by day it has no figure.
    open_cases: withDay ? null : round(m.open),
    service_score: round(online === null || overdue === null ? null : (online + (100 - overdue)) / 2),
  };
}

describe("indicators: rollups equal their recomputation from raw rows (property)", () => {
  let t: TestApp;
  let clock: TestClock;
  let supervisor: Headers;
  beforeAll(async () => {
    clock = new TestClock(new Date("2026-03-08T02:00:00Z"));
    t = await createTestApp({ clock });
    supervisor = await loginAs(t, "supervisor");
  });
  afterAll(() => t.close());

  async function run(histories: History[]) {
    const { db } = t.app.platform;
    // The previous run's cases leave the figures (case history is append-only: they are cancelled, not deleted).
    await sql`update cases set status = 'cancelled' where lead_dept = 'test'`.execute(db);
    await sql`delete from indicator_case_facts`.execute(db);
    await sql`delete from indicator_case_rollups`.execute(db);
    // Behind the services' back: the cached sums are dropped by hand (figure-cache.ts).
    await t.app.platform.cache.invalidate(db, "indicators");
    const raw: Raw[] = [];
    for (const h of histories) {
      const c = fakeCase({
        departmentId: DEPTS[h.dept] as string,
        regionCode: "990101",
        itemCode: ITEMS[h.item] as string,
        itemName: "测试事项",
        promiseDays: h.promiseDays,
        channel: h.window ? "window" : "online",
        applicantId: randomUUID(),
      });
      const filed = BASE + h.filedAt * 60_000;
      const day = localDay(filed);
      const r: Raw = {
        dept: c.departmentId,
        channel: c.channel,
        day,
        status: "submitted",
        filed,
        decided: null,
        deadline: plusDays(day, h.promiseDays),
        promiseDays: h.promiseDays,
      };
      await fileFakeCase(t, c, new Date(filed), r.deadline);
      if (h.flushBefore) await drain(t);
      if (h.end === "decided") {
        r.status = "approved";
        r.decided = filed + h.takes * 60_000;
        await moveFakeCase(
          t,
          c.id,
          { status: "approved", decidedAt: new Date(r.decided), outcome: "approved" },
          "decided",
        );
      } else if (h.end === "withdrawn") {
        r.status = "withdrawn";
        await moveFakeCase(t, c.id, { status: "withdrawn" }, "withdrawn");
      }
      // A duplicate delivery of the same state changes nothing.
      if (h.redeliver)
        await moveFakeCase(
          t,
          c.id,
          {
            status: r.status,
            decidedAt: r.decided ? new Date(r.decided) : null,
            outcome: r.decided ? "approved" : null,
          },
          "escalated",
        );
      raw.push(r);
    }
    await drain(t);
    return raw;
  }

  // The case indicators: the 好差评 and 12345 ones are over other modules' rows, checked in indicators.test.ts.
  const CASE_CODES = DEFAULT_INDICATORS.filter((d) => d.sourceModule === "cases")
    .map((d) => d.code)
    .join(",");

  async function values(by: string, from: string, to: string): Promise<IndicatorValues> {
    const res = await t.app.inject({
      method: "GET",
      url: `/api/indicators/values?from=${from}&to=${to}&by=${by}&codes=${CASE_CODES}`,
      headers: supervisor,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  it("every indicator by department, by channel and by day equals the raw recomputation; no drift", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(history, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        async (histories, startOffset, length) => {
          const raw = await run(histories);
          const from = plusDays("2026-03-01", startOffset);
          const to = plusDays(from, length);
          for (const by of ["department", "channel"] as const) {
            const got = await values(by, from, to);
            const keys = new Set(raw.map((r) => (by === "department" ? r.dept : r.channel)));
            for (const key of keys) {
              const rows = raw.filter((r) => (by === "department" ? r.dept : r.channel) === key);
              const want = indicators(measures(rows, from, to), false);
              const group = got.groups.find((g) => g.key === key);
              // A key with neither cases in range nor open cases has no row.
              if (!group) expect(want.case_volume === 0 && want.open_cases === 0, `${by} ${key}`).toBe(true);
              else expect(group.values, `${by} ${key}`).toEqual(want);
            }
            expect(got.totals).toEqual(indicators(measures(raw, from, to), false));
          }
          const byDay = await values("day", from, to);
          for (const g of byDay.groups)
            expect(g.values, `day ${g.key}`).toEqual(indicators(measures(raw, g.key, g.key), true));
          const recompute = await t.app.inject({
            method: "POST",
            url: "/api/indicators/recompute",
            headers: supervisor,
          });
          expect(recompute.statusCode, recompute.body).toBe(200);
          expect(recompute.json().drift).toEqual([]);
        },
      ),
      { numRuns: 30 },
    );
    // 30 histories, each filed, delivered and checked over HTTP: ~20 s alone, more on a busy machine.
  }, 120_000);
});
