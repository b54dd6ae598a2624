/**
 * Live counters for the operations screen (大屏) over SSE. A rollup change is announced with `pg_notify`
 * inside its transaction (rollups.ts), so every node hears of it when — and only if — it commits; the node
 * then re-reads the counters once per distinct viewer scope (not per open screen), at most every
 * REFRESH_MS, and pushes them (the stream and LISTEN plumbing: platform/http/live-streams.ts; after a lost
 * session it refreshes: whatever changed meanwhile is in the rollups).
 */
import type { LiveCounters } from "@yiwang/contracts";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Listen } from "../../platform/db/database.js";
import { LiveStreams } from "../../platform/http/live-streams.js";
import { LIVE_CHANNEL } from "./context.js";
import type { Viewer } from "./values.service.js";

const REFRESH_MS = 100;

interface Scope {
  viewer: Viewer;
  day: string;
}

export const countersFrame = (c: LiveCounters) => `event: counters\ndata: ${JSON.stringify(c)}\n\n`;

export class LiveHub {
  readonly #streams: LiveStreams<Scope>;
  #timer?: NodeJS.Timeout;

  constructor(
    listen: Listen,
    private readonly counters: (viewer: Viewer, day: string) => Promise<LiveCounters>,
    private readonly log?: { warn(obj: object, msg: string): void },
  ) {
    this.#streams = new LiveStreams({
      listen,
      channel: LIVE_CHANNEL,
      onNotify: () => this.receive(),
      name: "indicators: live",
      log,
    });
  }

  get size() {
    return this.#streams.size;
  }

  open(req: FastifyRequest, reply: FastifyReply, viewer: Viewer, day: string): Promise<void> {
    return this.#streams.open(req, reply, { viewer, day }, async () => countersFrame(await this.counters(viewer, day)));
  }

  /** A rollup changed somewhere: refresh every open screen soon (many changes, one refresh). */
  receive(): void {
    if (this.#timer || this.#streams.size === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.refresh().catch((error: unknown) => this.log?.warn({ err: error }, "indicators: live refresh failed"));
    }, REFRESH_MS);
    this.#timer.unref();
  }

  async refresh(): Promise<void> {
    const groups = new Map<string, { scope: Scope; streams: { send(frame: string): void }[] }>();
    for (const s of this.#streams.streams) {
      const key = `${s.key.viewer.departmentId ?? "*"}|${s.key.day}`;
      const group = groups.get(key) ?? { scope: s.key, streams: [] };
      group.streams.push(s);
      groups.set(key, group);
    }
    for (const { scope, streams } of groups.values()) {
      const frame = countersFrame(await this.counters(scope.viewer, scope.day));
      for (const s of streams) s.send(frame);
    }
  }

  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#streams.stop();
  }
}
