import type { AddressInfo } from "node:net";
import type { Message } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { createSecondNode } from "../../test-support/nodes.js";
import { caseThreadId, openEvents, type Person, parallelCase, post, type SseEvent } from "./testing.js";

/**
 * Acceptance 3, in real time and across nodes: two staff of different departments, each connected to a
 * different node over one database, see each other's messages and read receipts over SSE (pg_notify on
 * PostgreSQL, the in-process session on PGlite); a reconnection with Last-Event-ID gets exactly what it
 * missed; a third department's staff cannot open the stream.
 */
describe("messaging: real time across two nodes", () => {
  let a: TestApp;
  let b: TestApp;
  let urlA: string;
  let urlB: string;
  let land: Person;
  let housing: Person;
  let outsider: Person;
  let threadId: string;

  beforeAll(async () => {
    a = await createTestApp();
    const s = await parallelCase(a);
    ({ land, housing, outsider } = s);
    b = await createSecondNode(a);
    threadId = await caseThreadId(a, s.case.id, land.headers);
    const listen = async (t: TestApp) => {
      await t.app.listen({ port: 0, host: "127.0.0.1" });
      return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    };
    urlA = await listen(a);
    urlB = await listen(b);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const events = (base: string, who: Person, extra: Record<string, string> = {}, query = "") =>
    openEvents(`${base}/api/messaging/threads/${threadId}/events${query}`, { ...who.headers, ...extra });
  const messageWith = (body: string) => (e: SseEvent) =>
    e.event === "message" && (JSON.parse(e.data) as Message).body === body;

  it("delivers a message posted on one node to a reader on the other, both ways, with read receipts", async () => {
    const housingOnB = await events(urlB, housing);
    const landOnA = await events(urlA, land);
    expect([housingOnB.status, landOnA.status]).toEqual([200, 200]);

    const sent = await post(a, land.headers, threadId, { body: "国土：请住建确认日照分析" });
    expect(sent.statusCode).toBe(201);
    const got = await housingOnB.next(messageWith("国土：请住建确认日照分析"));
    expect(got.id).toBe(String(sent.json().seq));

    const reply = await post(b, housing.headers, threadId, { body: "住建：已确认，无异议" });
    expect(reply.statusCode).toBe(201);
    await landOnA.next(messageWith("住建：已确认，无异议"));

    const read = await a.app.inject({
      method: "POST",
      url: `/api/messaging/threads/${threadId}/read`,
      headers: land.headers,
      payload: { seq: reply.json().seq },
    });
    expect(read.statusCode).toBe(200);
    const receipt = await housingOnB.next((e) => e.event === "read");
    expect(JSON.parse(receipt.data)).toMatchObject({ accountId: land.id, lastReadSeq: reply.json().seq });
    // Each reader got each message once, in order.
    const seqs = (s: SseEvent[]) => s.filter((e) => e.event === "message").map((e) => Number(e.id));
    expect(seqs(housingOnB.seen)).toEqual([sent.json().seq, reply.json().seq]);
    expect(seqs(landOnA.seen)).toEqual([sent.json().seq, reply.json().seq]); // the author sees their own too
    housingOnB.close();
    landOnA.close();
  });

  it("catches a reconnecting reader up from its Last-Event-ID, without repeats", async () => {
    const first = await post(a, land.headers, threadId, { body: "断线前" });
    const missed1 = await post(a, land.headers, threadId, { body: "断线中一" });
    const missed2 = await post(b, housing.headers, threadId, { body: "断线中二" });
    const again = await events(urlB, housing, { "last-event-id": String(first.json().seq) });
    await again.next(messageWith("断线中二"));
    const live = await post(a, land.headers, threadId, { body: "重连后" });
    await again.next(messageWith("重连后"));
    expect(again.seen.filter((e) => e.event === "message").map((e) => Number(e.id))).toEqual([
      missed1.json().seq,
      missed2.json().seq,
      live.json().seq,
    ]);
    again.close();
    // A first connection says where it stands with ?after=.
    const fresh = await events(urlA, land, {}, `?after=${missed2.json().seq}`);
    await fresh.next(messageWith("重连后"));
    expect(fresh.seen.filter((e) => e.event === "message")).toHaveLength(1);
    fresh.close();
  });

  it("refuses the stream to a third department's staff", async () => {
    const denied = await events(urlB, outsider);
    expect(denied.status).toBe(403);
    denied.close();
  });
});
