/**
 * Real-time fan-out of one node (会商 in real time). Every node keeps one LISTEN session on
 * `yiwang_messaging`; a post or a read receipt is announced with `pg_notify` inside its transaction, so every
 * node hears of it when — and only if — it commits (PostgreSQL; on PGlite the one in-process session hears
 * it the same way). Each node then writes the event to its own SSE subscribers of that thread: one frame
 * serialised per node and event, not per subscriber.
 *
 * Order and gaps: posts to one thread take the thread's row lock, so a thread's sequence numbers commit in
 * order, and each thread's deliveries here run one after another (a chain), so a subscriber never sees a
 * lower `seq` after a higher one. A subscriber starts from its Last-Event-ID: the backlog after it is read
 * while live events are queued, then the queue is flushed without duplicates. When the LISTEN session is
 * lost (PostgreSQL restart, failover) the node reconnects with backoff and re-reads what every thread's
 * subscribers may have missed.
 */
import type { Message, ReadReceipt } from "@yiwang/contracts";
import type { Listen, NotificationConnection } from "../../platform/db/database.js";
import { MESSAGING_CHANNEL } from "./context.js";

/** What travels through pg_notify (PostgreSQL caps a payload at 8000 bytes). */
export type HubEvent =
  | { k: "message"; t: string; s: number; m?: Message }
  | { k: "read"; t: string; r: ReadReceipt }
  | { k: "purged"; t: string; upTo: number };

/** A message is carried inside the notification while this small; larger ones are read by seq. */
export const INLINE_PAYLOAD_MAX = 7_000;

export interface HubLoader {
  bySeq(seq: number): Promise<Message | null>;
  after(threadId: string, after: number, limit: number): Promise<Message[]>;
}

interface Subscriber {
  threadId: string;
  lastSeq: number;
  /** Live frames held back while the backlog is read; null once live. */
  queue: { seq: number; frame: string }[] | null;
  send(frame: string): boolean;
  close(): void;
}

export interface Subscription {
  close(): void;
}

export interface HubLog {
  warn(obj: object, msg: string): void;
}

const BACKLOG_MAX = 500;
const HEARTBEAT_MS = 25_000;

export function messageFrame(m: Message): string {
  return `id: ${m.seq}\nevent: message\ndata: ${JSON.stringify(m)}\n\n`;
}

export class MessagingHub {
  readonly #threads = new Map<string, Set<Subscriber>>();
  readonly #chains = new Map<string, Promise<void>>();
  #connection?: NotificationConnection;
  #attempt = 0;
  #delay = 100;
  #timer?: NodeJS.Timeout;
  #heartbeat?: NodeJS.Timeout;
  #stopped = true;
  #starting?: Promise<void>;

  constructor(
    private readonly listen: Listen,
    private readonly load: HubLoader,
    private readonly log?: HubLog,
  ) {}

  /** How many subscribers this node serves (metrics, tests). */
  get size(): number {
    let n = 0;
    for (const set of this.#threads.values()) n += set.size;
    return n;
  }

  /**
   * Listens from the first subscriber on (a node that serves no stream holds no LISTEN session); later calls
   * wait for the same start.
   */
  start(): Promise<void> {
    this.#starting ??= this.#start();
    return this.#starting;
  }

  async #start(): Promise<void> {
    this.#stopped = false;
    this.#heartbeat = setInterval(() => this.#broadcastAll(": ping\n\n"), HEARTBEAT_MS);
    this.#heartbeat.unref();
    await this.#connect(false);
  }

  async stop(): Promise<void> {
    this.#starting = undefined;
    this.#stopped = true;
    this.#attempt++;
    clearTimeout(this.#timer);
    clearInterval(this.#heartbeat);
    for (const set of this.#threads.values()) for (const s of set) s.close();
    this.#threads.clear();
    const c = this.#connection;
    this.#connection = undefined;
    await c?.close().catch(() => {});
  }

  /**
   * Adds a subscriber of `threadId` that has seen everything up to `lastSeq`: sends the backlog after it,
   * then live events. `send` returns false when the subscriber should be dropped (a stalled client).
   */
  async subscribe(
    threadId: string,
    lastSeq: number,
    send: (frame: string) => boolean,
    close: () => void,
  ): Promise<Subscription> {
    // LISTEN first, then the backlog: whatever commits in between arrives live (and is de-duplicated).
    await this.start();
    const sub: Subscriber = { threadId, lastSeq, queue: [], send, close };
    const set = this.#threads.get(threadId) ?? new Set<Subscriber>();
    this.#threads.set(threadId, set);
    set.add(sub);
    const unsubscribe = () => this.#remove(sub);
    try {
      const backlog = await this.load.after(threadId, lastSeq, BACKLOG_MAX);
      for (const m of backlog) this.#deliver(sub, m.seq, messageFrame(m));
      const queued = sub.queue ?? [];
      sub.queue = null;
      for (const q of queued) this.#deliver(sub, q.seq, q.frame);
    } catch (error) {
      unsubscribe();
      throw error;
    }
    return { close: unsubscribe };
  }

  /** The SQL that announces an event; run it inside the transaction that makes the event true. */
  static payload(event: HubEvent): string {
    if (event.k === "message" && event.m) {
      const full = JSON.stringify(event);
      if (Buffer.byteLength(full) <= INLINE_PAYLOAD_MAX) return full;
      return JSON.stringify({ k: event.k, t: event.t, s: event.s });
    }
    return JSON.stringify(event);
  }

  /** Handles one notification (the listener calls this; tests may too). */
  receive(payload: string): void {
    let event: HubEvent;
    try {
      event = JSON.parse(payload) as HubEvent;
    } catch {
      return;
    }
    if (!this.#threads.has(event.t)) return;
    switch (event.k) {
      case "message": {
        const inline = event.m;
        this.#chain(event.t, async () => {
          const m = inline ?? (await this.load.bySeq(event.s));
          if (m) this.#fanOut(event.t, m.seq, messageFrame(m));
        });
        return;
      }
      case "read":
        this.#chain(event.t, async () => {
          this.#broadcast(event.t, `event: read\ndata: ${JSON.stringify(event.r)}\n\n`);
        });
        return;
      case "purged":
        this.#chain(event.t, async () => {
          this.#broadcast(event.t, `event: purged\ndata: ${JSON.stringify({ upTo: event.upTo })}\n\n`);
        });
        return;
    }
  }

  #chain(threadId: string, work: () => Promise<void>) {
    const prev = this.#chains.get(threadId) ?? Promise.resolve();
    const next = prev
      .then(work)
      .catch((error: unknown) => this.log?.warn({ err: error, threadId }, "messaging: fan-out failed"));
    this.#chains.set(threadId, next);
    void next.then(() => {
      if (this.#chains.get(threadId) === next) this.#chains.delete(threadId);
    });
  }

  #fanOut(threadId: string, seq: number, frame: string) {
    for (const sub of this.#threads.get(threadId) ?? []) {
      if (sub.queue) sub.queue.push({ seq, frame });
      else this.#deliver(sub, seq, frame);
    }
  }

  #deliver(sub: Subscriber, seq: number, frame: string) {
    if (seq <= sub.lastSeq) return;
    sub.lastSeq = seq;
    if (!sub.send(frame)) this.#drop(sub);
  }

  #broadcast(threadId: string, frame: string) {
    for (const sub of this.#threads.get(threadId) ?? []) if (!sub.queue && !sub.send(frame)) this.#drop(sub);
  }

  #broadcastAll(frame: string) {
    for (const threadId of this.#threads.keys()) this.#broadcast(threadId, frame);
  }

  #drop(sub: Subscriber) {
    this.#remove(sub);
    sub.close();
  }

  #remove(sub: Subscriber) {
    const set = this.#threads.get(sub.threadId);
    if (!set) return;
    set.delete(sub);
    if (set.size === 0) this.#threads.delete(sub.threadId);
  }

  async #connect(resync: boolean): Promise<void> {
    if (this.#stopped) return;
    const attempt = ++this.#attempt;
    try {
      const connection = await this.listen(MESSAGING_CHANNEL, {
        notify: (payload) => {
          if (attempt === this.#attempt) this.receive(payload);
        },
        lost: (error) => this.lost(attempt, error),
      });
      if (attempt !== this.#attempt) {
        await connection.close().catch(() => {});
        return;
      }
      this.#connection = connection;
      this.#delay = 100;
      if (resync) this.#resync();
    } catch (error) {
      if (attempt !== this.#attempt) return;
      this.log?.warn({ err: error, retryInMs: this.#delay }, "messaging: cannot listen");
      this.#schedule();
    }
  }

  /** The LISTEN session of `attempt` is gone: reconnect with backoff (100 ms doubling to 5 s), then re-read. */
  lost(attempt: number = this.#attempt, error?: Error): void {
    if (attempt !== this.#attempt || this.#stopped) return;
    this.#attempt++;
    const c = this.#connection;
    this.#connection = undefined;
    c?.close().catch(() => {});
    this.log?.warn({ err: error, retryInMs: this.#delay }, "messaging: listener lost; reconnecting");
    this.#schedule();
  }

  #schedule() {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#connect(true), this.#delay);
    this.#timer.unref();
    this.#delay = Math.min(this.#delay * 2, 5_000);
  }

  /** After a reconnection: whatever each thread's subscribers may have missed, from the database. */
  #resync() {
    for (const [threadId, set] of this.#threads) {
      const from = Math.min(...[...set].map((s) => s.lastSeq));
      this.#chain(threadId, async () => {
        for (const m of await this.load.after(threadId, from, BACKLOG_MAX))
          this.#fanOut(threadId, m.seq, messageFrame(m));
      });
    }
  }
}
