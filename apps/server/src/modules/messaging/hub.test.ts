import type { Message } from "@yiwang/contracts";
import { describe, expect, it, vi } from "vitest";
import type { Listen } from "../../platform/db/database.js";
import { type HubLoader, MessagingHub } from "./hub.js";

const T = "11111111-1111-4111-8111-111111111111";
const msg = (seq: number, body = `m${seq}`): Message => ({
  id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
  seq,
  threadId: T,
  authorId: "22222222-2222-4222-8222-222222222222",
  authorName: "x",
  body,
  mentions: [],
  attachment: null,
  createdAt: "2026-12-03T08:00:00.000Z",
});

/** A hub over a fake LISTEN session and an in-memory message table. */
function setup(stored: Message[]) {
  const sessions: { notify(p: string): void; lost(e?: Error): void; closed: boolean }[] = [];
  const listen: Listen = async (_channel, handlers) => {
    const s = { ...handlers, closed: false };
    sessions.push(s);
    return {
      close: async () => {
        s.closed = true;
      },
    };
  };
  let gate: Promise<void> = Promise.resolve();
  const loader: HubLoader = {
    bySeq: async (seq) => {
      await gate;
      return stored.find((m) => m.seq === seq) ?? null;
    },
    after: async (_t, after, limit) => stored.filter((m) => m.seq > after).slice(0, limit),
  };
  const hub = new MessagingHub(listen, loader);
  const frames: string[] = [];
  const seqs = () => frames.filter((f) => f.startsWith("id: ")).map((f) => Number(f.slice(4, f.indexOf("\n"))));
  return {
    hub,
    sessions,
    frames,
    seqs,
    hold() {
      let release!: () => void;
      gate = new Promise((r) => {
        release = r;
      });
      return release;
    },
    subscribe: (from: number) =>
      hub.subscribe(
        T,
        from,
        (f) => {
          frames.push(f);
          return true;
        },
        () => {},
      ),
  };
}

describe("MessagingHub", () => {
  it("sends the backlog after Last-Event-ID, then live events, each once and in order", async () => {
    const stored = [msg(1), msg(2), msg(3)];
    const h = setup(stored);
    await h.subscribe(1);
    expect(h.seqs()).toEqual([2, 3]);
    stored.push(msg(4), msg(5));
    // A large message travels by seq (read from the table); a small one inline. Arrival order is kept even
    // when the read of the first one is slower than the second.
    const release = h.hold();
    h.hub.receive(JSON.stringify({ k: "message", t: T, s: 4 }));
    h.hub.receive(MessagingHub.payload({ k: "message", t: T, s: 5, m: msg(5) }));
    h.hub.receive(MessagingHub.payload({ k: "message", t: T, s: 3, m: msg(3) })); // already sent
    release();
    await h.hub.subscribe(
      T,
      5,
      () => true,
      () => {},
    ); // a later subscription waits for nothing of ours
    await new Promise((r) => setImmediate(r));
    expect(h.seqs()).toEqual([2, 3, 4, 5]);
    await h.hub.stop();
  });

  it("ignores events of threads nobody here follows, and other channels' garbage", async () => {
    const h = setup([msg(1)]);
    await h.subscribe(0);
    h.hub.receive("not json");
    h.hub.receive(MessagingHub.payload({ k: "message", t: "33333333-3333-4333-8333-333333333333", s: 9, m: msg(9) }));
    await new Promise((r) => setImmediate(r));
    expect(h.seqs()).toEqual([1]);
    await h.hub.stop();
  });

  it("after losing its LISTEN session, reconnects and re-reads what its subscribers missed", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
    try {
      const stored = [msg(1)];
      const h = setup(stored);
      await h.subscribe(0);
      expect(h.sessions).toHaveLength(1);
      h.hub.lost();
      expect(h.sessions[0]?.closed).toBe(true);
      stored.push(msg(2)); // committed while nobody listened: its notification is gone
      await vi.advanceTimersByTimeAsync(99);
      expect(h.sessions).toHaveLength(1); // backing off
      await vi.advanceTimersByTimeAsync(1);
      expect(h.sessions).toHaveLength(2);
      await new Promise((r) => setImmediate(r));
      expect(h.seqs()).toEqual([1, 2]);
      await h.hub.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps a notification within PostgreSQL's 8000-byte payload limit", () => {
    const big = msg(7, "长".repeat(4000));
    const payload = MessagingHub.payload({ k: "message", t: T, s: 7, m: big });
    expect(Buffer.byteLength(payload)).toBeLessThan(8000);
    expect(JSON.parse(payload)).toEqual({ k: "message", t: T, s: 7 });
  });
});
