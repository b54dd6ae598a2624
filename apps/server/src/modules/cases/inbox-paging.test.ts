import type { Inbox } from "@yiwang/contracts";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import type { Headers } from "../../test-support/identity.js";
import { enterpriseApplicant, fileCase, seedCity, staffOf } from "./testing.js";

/**
 * The inbox pages by keyset (issue 16): `after` = the previous page's `nextCursor` walks the queue in its
 * order without gaps or repeats, the same entries as offset paging; counts and total cover the whole queue.
 */
describe("cases: inbox keyset paging", () => {
  let t: TestApp;
  let clerk: Headers;
  const filed: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    await seedCity(t);
    const applicant = await enterpriseApplicant(t);
    clerk = await staffOf(t, "window_clerk", "amr");
    for (let i = 0; i < 5; i++) filed.push((await fileCase(t, applicant, "990100-XK-001")).id);
  });
  afterAll(() => t.close());

  const inbox = async (query: string) => {
    const res = await t.app.inject({ method: "GET", url: `/api/cases/inbox${query}`, headers: clerk });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Inbox;
  };

  it("walks the queue two at a time with after, as offset paging does", async () => {
    const all = await inbox("?limit=200");
    expect(all.total).toBe(5);
    expect(all.nextCursor).toBeNull();
    expect(all.items.map((e) => e.case.id).sort()).toEqual([...filed].sort());

    const seen: string[] = [];
    let page = await inbox("?limit=2");
    const byOffset = [page];
    while (true) {
      expect(page.total).toBe(5);
      expect(page.counts).toEqual(all.counts);
      seen.push(...page.items.map((e) => e.task.id));
      if (!page.nextCursor) break;
      page = await inbox(`?limit=2&after=${page.nextCursor}`);
      byOffset.push(await inbox(`?limit=2&offset=${seen.length}`));
    }
    expect(seen).toEqual(all.items.map((e) => e.task.id));
    expect(byOffset.flatMap((p) => p.items.map((e) => e.task.id))).toEqual(seen);
  });

  it("counts lights from the case's status and deadline copied onto its task, kept in step by triggers", async () => {
    // Two of the five past their deadline, as a deferral or an accepted case's clock would set it: written
    // to the case only; the triggers carry it to the task the inbox counts from.
    await sql`update cases set status = 'accepted', deadline_date = current_date - 3 where id in (${filed[0]}, ${filed[1]})`.execute(
      t.database.db,
    );
    // A write to the task's copy is overwritten by the case's values.
    await sql`update case_tasks set case_status = 'delivered', case_deadline_date = null where case_id = ${filed[2]}`.execute(
      t.database.db,
    );
    const copies = await t.database.db
      .selectFrom("case_tasks as t")
      .innerJoin("cases as c", "c.id", "t.case_id")
      .select([
        "t.case_status",
        "c.status",
        "t.case_deadline_date",
        "c.deadline_date",
        "t.case_promise_days",
        "c.promise_days",
      ])
      .where("t.case_id", "in", filed)
      .execute();
    for (const r of copies) {
      expect(r.case_status).toBe(r.status);
      expect(r.case_deadline_date).toEqual(r.deadline_date);
      expect(r.case_promise_days).toBe(r.promise_days);
    }
    const lights = await Promise.all(
      filed.map(async (id) => {
        const res = await t.app.inject({ method: "GET", url: `/api/cases/${id}`, headers: clerk });
        expect(res.statusCode, res.body).toBe(200);
        return (res.json() as { deadline: { light: string } }).deadline.light;
      }),
    );
    const expected = { green: 0, yellow: 0, red: 0 };
    for (const l of lights) if (l in expected) expected[l as keyof typeof expected]++;
    expect(expected.red).toBe(2);
    const all = await inbox("?limit=200");
    expect(all.counts).toEqual(expected);
    const red = await inbox("?limit=200&light=red");
    expect(red.total).toBe(2);
    expect(red.items.map((e) => e.case.id).sort()).toEqual([filed[0], filed[1]].sort());
  });

  it("a cursor that is not a uuid is a 400, not a 500", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/cases/inbox?after=x", headers: clerk });
    expect(res.statusCode).toBe(400);
  });
});
