/**
 * The hall screen's live feed over SSE, like the indicators ops screen (modules/indicators/live.ts): a call
 * or a new number announces its hall with `pg_notify` in its transaction; every node listening re-reads
 * that hall's screen once (not per open screen) and pushes it to the screens showing it. The LISTEN
 * session opens with the first stream and reconnects with backoff, refreshing every screen after.
 */
import type { HallScreen } from "@yiwang/contracts";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Listen, NotificationConnection } from "../../platform/db/database.js";
import { SCREEN_CHANNEL } from "./context.js";

const HEARTBEAT_MS = 25_000;
const REFRESH_MS = 50;

interface Subscriber {
  hallId: string;
  send(frame: string): void;
  close(): void;
}

const frame = (s: HallScreen) => `event: screen\ndata: ${JSON.stringify(s)}\n\n`;

export class ScreenHub {
  readonly #subs = new Set<Subscriber>();
  #connection?: NotificationConnection;
  #starting?: Promise<void>;
  #heartbeat?: NodeJS.Timeout;
  readonly #pending = new Map<string, NodeJS.Timeout>();
  #delay = 100;
  #stopped = false;

  constructor(
    private readonly listen: Listen,
    private readonly screen: (hallId: string) => Promise<HallScreen>,
    private readonly log?: { warn(obj: object, msg: string): void },
  ) {}

  async open(req: FastifyRequest, reply: FastifyReply, hallId: string): Promise<void> {
    this.#stopped = false;
    this.#starting ??= this.#connect();
    await this.#starting;
    const first = await this.screen(hallId);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-store, no-transform",
      "x-accel-buffering": "no",
      "x-content-type-options": "nosniff",
      connection: "keep-alive",
    });
    res.write(`retry: 2000\n\n${frame(first)}`);
    const sub: Subscriber = {
      hallId,
      send: (f) => {
        if (!res.destroyed) res.write(f);
      },
      close: () => res.end(),
    };
    this.#subs.add(sub);
    req.raw.on("close", () => this.#subs.delete(sub));
    this.#heartbeat ??= setInterval(() => {
      for (const s of this.#subs) s.send(": ping\n\n");
    }, HEARTBEAT_MS).unref();
  }

  /** Pushes the hall's screen to its open streams (all halls' when `hallId` is undefined). */
  async refresh(hallId?: string): Promise<void> {
    const halls = new Set([...this.#subs].map((s) => s.hallId).filter((h) => hallId === undefined || h === hallId));
    for (const h of halls) {
      const f = frame(await this.screen(h));
      for (const s of this.#subs) if (s.hallId === h) s.send(f);
    }
  }

  /**
   * A hall changed: refresh its screens shortly. Not at once — PGlite delivers the notification before the
   * sender's COMMIT resolves, still inside its transaction's context — and many calls make one refresh.
   */
  #receive(hallId?: string) {
    const key = hallId ?? "*";
    if (this.#pending.has(key) || this.#subs.size === 0) return;
    const timer = setTimeout(() => {
      this.#pending.delete(key);
      void this.refresh(hallId).catch((error: unknown) =>
        this.log?.warn({ err: error }, "hall screen: refresh failed"),
      );
    }, REFRESH_MS);
    timer.unref();
    this.#pending.set(key, timer);
  }

  async #connect(): Promise<void> {
    try {
      this.#connection = await this.listen(SCREEN_CHANNEL, {
        notify: (payload) => this.#receive(payload),
        lost: (error) => {
          this.log?.warn({ err: error }, "hall screen: listener lost; reconnecting");
          this.#connection = undefined;
          this.#retry();
        },
      });
      this.#delay = 100;
    } catch (error) {
      this.log?.warn({ err: error }, "hall screen: cannot listen");
      this.#retry();
    }
  }

  #retry() {
    if (this.#stopped) return;
    setTimeout(() => {
      if (this.#stopped) return;
      this.#starting = this.#connect().then(() => this.#receive());
    }, this.#delay).unref();
    this.#delay = Math.min(this.#delay * 2, 5_000);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#starting = undefined;
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
    for (const timer of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
    for (const s of this.#subs) s.close();
    this.#subs.clear();
    const c = this.#connection;
    this.#connection = undefined;
    await c?.close().catch(() => {});
  }
}
