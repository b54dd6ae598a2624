import type { Inbox } from "@yiwang/contracts";
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

  it("a cursor that is not a uuid is a 400, not a 500", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/cases/inbox?after=x", headers: clerk });
    expect(res.statusCode).toBe(400);
  });
});
