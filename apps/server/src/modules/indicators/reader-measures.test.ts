import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../../platform/clock/clock.js";
import { demoHolders, seedDemo } from "../../seed/index.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { createStaff, department, type Headers } from "../../test-support/identity.js";
import { issueDemoLicenses } from "../licenses/index.js";

/**
 * Issue 22, measures: exchange (calls, error rate, average latency) and licenses (issued, 免提交 uses),
 * read through those modules' measure sources by day and department, with the department row-level
 * security of every figure; two demo licenses are issued through the licenses module, the calls and uses
 * are written as those modules leave them.
 */

const NOW = new Date("2026-03-08T02:00:00Z"); // 10:00 in Asia/Shanghai
const TODAY = "2026-03-08";
const YESTERDAY = new Date(NOW.getTime() - 86_400_000);
const localDay = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(d);

describe("indicators: exchange and licenses measures", () => {
  let t: TestApp;
  let supervisor: Headers;
  let head: { headers: Headers; departmentId: string };
  let other: string;

  const values = async (q: string, headers: Headers) => {
    const res = await t.app.inject({ method: "GET", url: `/api/indicators/values?${q}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const call = (departmentId: string | null, at: Date, latency: number, outcome = "ok") =>
    sql`insert into exchange_calls (at, client_id, consumer_department_id, resource_code, query_pattern,
        query_sha256, query_hmac, latency_ms, outcome)
      values (${at}, 'test-client', ${departmentId}, 'POP.PERSON', 'lookup_by_key', '-', '-', ${latency},
        ${outcome})`.execute(t.app.platform.db);

  beforeAll(async () => {
    t = await createTestApp({ clock: new TestClock(NOW) });
    await seedDemo(t.database.db, t.config);
    // Two licenses of two departments: a person's 居民身份证 (公安) and an enterprise's 营业执照 (市场监管).
    const all = demoHolders();
    await issueDemoLicenses(t.app.licenses, {
      people: all.people.slice(0, 1),
      enterprises: all.enterprises.slice(0, 1),
    });
    supervisor = (await createStaff(t, { roles: ["supervisor"] })).headers;
    const h = await createStaff(t, { roles: ["dept_admin"] });
    head = { headers: h.headers, departmentId: h.departmentId };
    other = await department(t, "amr");
    if (other === head.departmentId) throw new Error("the test needs two departments");
  }, 120_000);
  afterAll(() => t.close());

  it("exchange: calls, error rate and average latency per consumer department; a head sees its own", async () => {
    const d = head.departmentId;
    await call(d, NOW, 100);
    await call(d, NOW, 200, "EXCHANGE_NOT_FOUND");
    await call(d, NOW, 300);
    await call(d, new Date(NOW.getTime() - 3_600_000), 400);
    await call(other, NOW, 1_000, "EXCHANGE_PROVIDER_FAILED");
    await call(d, YESTERDAY, 50); // outside today
    const codes = "exchange_calls,exchange_error_rate,exchange_latency_avg";
    const city = await values(`from=${TODAY}&to=${TODAY}&by=department&codes=${codes}`, supervisor);
    const mine = city.groups.find((g: { key: string }) => g.key === d);
    expect(mine.values).toEqual({ exchange_calls: 4, exchange_error_rate: 25, exchange_latency_avg: 250 });
    expect(mine.measures).toMatchObject({ "exchange.calls": 4, "exchange.errors": 1, "exchange.latency_ms": 1_000 });
    expect(city.totals).toEqual({ exchange_calls: 5, exchange_error_rate: 40, exchange_latency_avg: 400 });

    const own = await values(`from=${TODAY}&to=${TODAY}&codes=${codes}`, head.headers);
    expect(own.totals).toEqual({ exchange_calls: 4, exchange_error_rate: 25, exchange_latency_avg: 250 });
    const week = await values(`from=2026-03-01&to=${TODAY}&by=day&codes=exchange_calls`, head.headers);
    expect(week.groups.map((g: { key: string; values: object }) => [g.key, g.values])).toEqual([
      ["2026-03-07", { exchange_calls: 1 }],
      [TODAY, { exchange_calls: 4 }],
    ]);
    // No region in a gateway call: no figure rather than a wrong one.
    const byRegion = await values(`from=${TODAY}&to=${TODAY}&by=region&codes=exchange_calls`, supervisor);
    expect(byRegion.totals.exchange_calls).toBeNull();
  });

  it("licenses: issued per issuing department and day, and 免提交 uses counted for the license's department", async () => {
    const { db } = t.app.platform;
    const issued = await db.selectFrom("licenses").select(["id", "department_id", "issued_at"]).execute();
    expect(issued.length).toBeGreaterThan(0);
    // The demo licenses' day (issued when the seed ran) and their count per department that day.
    const day = localDay(issued[0]?.issued_at as Date);
    const expected = new Map<string, number>();
    for (const l of issued)
      if (localDay(l.issued_at) === day) expected.set(l.department_id, (expected.get(l.department_id) ?? 0) + 1);
    const byDept = await values(`from=${day}&to=${day}&by=department&codes=licenses_issued`, supervisor);
    expect(
      new Map(
        byDept.groups.map((g: { key: string; values: { licenses_issued: number } }) => [
          g.key,
          g.values.licenses_issued,
        ]),
      ),
    ).toEqual(expected);

    // Three uses of one license today (one material each), one yesterday.
    const license = issued[0] as (typeof issued)[number];
    const use = (at: Date, material: string) =>
      sql`insert into license_uses (license_id, case_id, material, consented_by, consented_at)
        values (${license.id}, ${randomUUID()}, ${material}, 'citizen:test', ${at})`.execute(db);
    for (const m of ["居民身份证", "营业执照", "户口簿"]) await use(NOW, m);
    await use(YESTERDAY, "居民身份证");
    const today = await values(`from=${TODAY}&to=${TODAY}&by=department&codes=licenses_used`, supervisor);
    // Every department with a license figure today is a group (the other issued one today: 0 uses).
    for (const g of today.groups as { key: string; values: { licenses_used: number } }[])
      expect(g.values.licenses_used, g.key).toBe(g.key === license.department_id ? 3 : 0);
    expect(today.totals.licenses_used).toBe(3);
    const two = await values(`from=2026-03-07&to=${TODAY}&codes=licenses_used`, supervisor);
    expect(two.totals.licenses_used).toBe(4);
    // A head of another department sees none of them.
    const viewer = license.department_id === head.departmentId ? other : head.departmentId;
    if (viewer === head.departmentId) {
      const own = await values(`from=2026-03-07&to=${TODAY}&codes=licenses_used`, head.headers);
      expect(own.totals.licenses_used).toBe(0);
    }
  });
});
