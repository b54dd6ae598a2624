import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { TestClock } from "../clock/clock.js";
import type { DomainEvent } from "./events.js";

const T0 = new Date("2026-03-02T01:00:00Z");

describe("events: transactional outbox", () => {
  let t: TestApp;
  let clock: TestClock;
  const audit: DomainEvent[] = [];
  let flaky: { fail: boolean; calls: number };
  beforeAll(async () => {
    clock = new TestClock(T0);
    t = await createTestApp({ clock });
    const { events, db } = t.app.platform;
    await sql`create table event_effects (subscriber text not null, event_id uuid not null)`.execute(db);
    flaky = { fail: true, calls: 0 };
    events.subscribe("test.counter", ["thing.created", "thing.closed"], async (event, trx) => {
      await sql`insert into event_effects values ('counter', ${event.id})`.execute(trx);
    });
    events.subscribe("test.flaky", "*", async (event, trx) => {
      flaky.calls++;
      await sql`insert into event_effects values ('flaky', ${event.id})`.execute(trx);
      if (flaky.fail) throw new Error("subscriber down");
    });
    events.subscribe("test.audit", ["thing.closed"], async (event) => {
      audit.push(event);
    });
  });
  afterAll(() => t.close());

  const effects = async () =>
    (
      await sql<{ subscriber: string; event_id: string }>`
        select subscriber, event_id from event_effects order by subscriber, event_id`.execute(t.app.platform.db)
    ).rows;

  it("is wired as app.platform.events with the app's clock", () => {
    expect(t.app.platform.clock).toBe(clock);
    expect(t.app.platform.clock.now()).toEqual(T0);
  });

  it("delivers nothing when the publishing transaction rolls back", async () => {
    const { db, events, jobs } = t.app.platform;
    await db
      .transaction()
      .execute(async (trx) => {
        await events.publish(trx, { type: "thing.created", subject: "thing:1", payload: { a: 1 } });
        throw new Error("the change failed");
      })
      .catch(() => {});
    expect(await jobs.runDue()).toBe(0);
    expect(await events.list({ limit: 10 })).toEqual([]);
    expect(await effects()).toEqual([]);
  });

  it("delivers once to each matching subscriber; a failing subscriber is retried without repeating the others", async () => {
    const { db, events, jobs } = t.app.platform;
    const id = await db
      .transaction()
      .execute((trx) => events.publish(trx, { type: "thing.created", subject: "thing:2", payload: { n: 2 } }));

    expect(await jobs.runDue()).toBe(2); // counter + flaky (audit only wants thing.closed)
    expect(await effects()).toEqual([{ subscriber: "counter", event_id: id }]); // flaky's write rolled back
    expect(flaky.calls).toBe(1);
    const [pending] = await jobs.pending("event:test.flaky");
    expect(pending).toMatchObject({ key: id, attempts: 1, lastError: "Error: subscriber down" });

    clock.advance(60_000);
    expect(await jobs.runDue()).toBe(1); // only the retry; counter is not delivered again
    expect(flaky.calls).toBe(2);
    flaky.fail = false;
    clock.advance(60_000);
    expect(await jobs.runDue()).toBe(1);
    expect(await effects()).toEqual(
      [
        { subscriber: "counter", event_id: id },
        { subscriber: "flaky", event_id: id },
      ].sort((a, b) => a.subscriber.localeCompare(b.subscriber)),
    );
    clock.advance(3_600_000);
    expect(await jobs.runDue()).toBe(0);
  });

  it("hands subscribers the stored event and lists events in publication order", async () => {
    const { db, events, jobs } = t.app.platform;
    const ids: string[] = [];
    await db.transaction().execute(async (trx) => {
      ids.push(await events.publish(trx, { type: "thing.closed", subject: "thing:3", payload: { why: "done" } }));
      ids.push(await events.publish(trx, { type: "other.happened", subject: "x:1", payload: {} }));
    });
    await jobs.runDue();
    expect(audit).toEqual([
      { id: ids[0], type: "thing.closed", subject: "thing:3", payload: { why: "done" }, occurredAt: clock.now() },
    ]);
    const all = await events.list({ limit: 10 });
    expect(all.map((e) => e.type)).toEqual(["thing.created", "thing.closed", "other.happened"]);
    expect((await events.list({ after: all[0]?.id, limit: 1 })).map((e) => e.id)).toEqual([ids[0]]);
    expect((await events.list({ after: ids[0], limit: 10 })).map((e) => e.id)).toEqual([ids[1]]);
    expect(await events.list({ limit: 10, types: ["thing.closed"] })).toHaveLength(1);
    expect(await events.get(ids[1] as string)).toMatchObject({ type: "other.happened", subject: "x:1" });
  });

  it("refuses a duplicate or malformed subscriber name", () => {
    const { events } = t.app.platform;
    expect(() => events.subscribe("test.counter", "*", async () => {})).toThrow(/already registered/);
    expect(() => events.subscribe("Bad Name", "*", async () => {})).toThrow(/invalid subscriber/);
  });
});
