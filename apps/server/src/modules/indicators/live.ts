/**
 * Live counters for the operations screen (大屏) over SSE. A rollup change is announced with `pg_notify`
 * inside its transaction (rollups.ts), so every node hears of it when — and only if — it commits; the node
 * then re-reads the counters once per distinct viewer scope (not per open screen), at most every
 * REFRESH_MS, and pushes them. The LISTEN session is opened with the first stream and re-opened with
 * backoff when lost (followed by a refresh: whatever changed meanwhile is in the rollups).
 */
import type { LiveCounters } from "@yiwang/contracts";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Listen, NotificationConnection } from "../../platform/db/database.js";
import { LIVE_CHANNEL } from "./context.js";
import type { Viewer } from "./values.service.js";

const REFRESH_MS = 100;
const HEARTBEAT_MS = 25_000;

interface Subscriber {
  viewer: Viewer;
  day: string;
  send(frame: string): void;
  close(): void;
}

export const countersFrame = (c: LiveCounters) => `event: counters\ndata: ${JSON.stringify(c)}\n\n`;

export class LiveHub {
  readonly #subs = new Set<Subscriber>();
  #connection?: NotificationConnection;
  #starting?: Promise<void>;
  #timer?: NodeJS.Timeout;
  #heartbeat?: NodeJS.Timeout;
  #delay = 100;
  #stopped = false;

  constructor(
    private readonly listen: Listen,
    private readonly counters: (viewer: Viewer, day: string) => Promise<LiveCounters>,
    private readonly log?: { warn(obj: object, msg: string): void },
  ) {}

  get size() {
    return this.#subs.size;
  }

  async open(req: FastifyRequest, reply: FastifyReply, viewer: Viewer, day: string): Promise<void> {
    this.#stopped = false;
    this.#starting ??= this.#connect();
    await this.#starting;
    const first = await this.counters(viewer, day);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-store, no-transform",
      "x-accel-buffering": "no",
      "x-content-type-options": "nosniff",
      connection: "keep-alive",
    });
    res.write(`retry: 2000\n\n${countersFrame(first)}`);
    const sub: Subscriber = {
      viewer,
      day,
      send: (frame) => {
        if (!res.destroyed) res.write(frame);
      },
      close: () => res.end(),
    };
    this.#subs.add(sub);
    req.raw.on("close", () => this.#subs.delete(sub));
    this.#heartbeat ??= setInterval(() => {
      for (const s of this.#subs) s.send(": ping\n\n");
    }, HEARTBEAT_MS).unref();
  }

  /** A rollup changed somewhere: refresh every open screen soon (many changes, one refresh). */
  receive(): void {
    if (this.#timer || this.#subs.size === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.refresh().catch((error: unknown) => this.log?.warn({ err: error }, "indicators: live refresh failed"));
    }, REFRESH_MS);
    this.#timer.unref();
  }

  async refresh(): Promise<void> {
    const groups = new Map<string, Subscriber[]>();
    for (const s of this.#subs) {
      const key = `${s.viewer.departmentId ?? "*"}|${s.day}`;
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    for (const subs of groups.values()) {
      const first = subs[0] as Subscriber;
      const frame = countersFrame(await this.counters(first.viewer, first.day));
      for (const s of subs) s.send(frame);
    }
  }

  async #connect(): Promise<void> {
    try {
      this.#connection = await this.listen(LIVE_CHANNEL, {
        notify: () => this.receive(),
        lost: (error) => {
          this.log?.warn({ err: error }, "indicators: live listener lost; reconnecting");
          this.#connection = undefined;
          this.#retry();
        },
      });
      this.#delay = 100;
    } catch (error) {
      this.log?.warn({ err: error }, "indicators: cannot listen");
      this.#retry();
    }
  }

  #retry() {
    if (this.#stopped) return;
    setTimeout(() => {
      if (this.#stopped) return;
      this.#starting = this.#connect().then(() => this.receive());
    }, this.#delay).unref();
    this.#delay = Math.min(this.#delay * 2, 5_000);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#starting = undefined;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
    for (const s of this.#subs) s.close();
    this.#subs.clear();
    const c = this.#connection;
    this.#connection = undefined;
    await c?.close().catch(() => {});
  }
}
