/**
 * The hall screen's live feed (platform/http/live-streams.ts): a call or a new number announces its hall
 * with `pg_notify` in its transaction; every node listening re-reads that hall's screen once (not per open
 * screen) and pushes it to the screens showing it.
 */
import type { HallScreen } from "@yiwang/contracts";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Listen } from "../../platform/db/database.js";
import { LiveStreams } from "../../platform/http/live-streams.js";
import { SCREEN_CHANNEL } from "./context.js";

const REFRESH_MS = 50;

const frame = (s: HallScreen) => `event: screen\ndata: ${JSON.stringify(s)}\n\n`;

export class ScreenHub {
  readonly #streams: LiveStreams<string>;
  readonly #pending = new Map<string, NodeJS.Timeout>();

  constructor(
    listen: Listen,
    private readonly screen: (hallId: string) => Promise<HallScreen>,
    private readonly log?: { warn(obj: object, msg: string): void },
  ) {
    this.#streams = new LiveStreams({
      listen,
      channel: SCREEN_CHANNEL,
      onNotify: (hallId) => this.#receive(hallId),
      name: "hall screen",
      log,
    });
  }

  open(req: FastifyRequest, reply: FastifyReply, hallId: string): Promise<void> {
    return this.#streams.open(req, reply, hallId, async () => frame(await this.screen(hallId)));
  }

  /** Pushes the hall's screen to its open streams (all halls' when `hallId` is undefined). */
  async refresh(hallId?: string): Promise<void> {
    const streams = [...this.#streams.streams];
    const halls = new Set(streams.map((s) => s.key).filter((h) => hallId === undefined || h === hallId));
    for (const h of halls) {
      const f = frame(await this.screen(h));
      for (const s of streams) if (s.key === h) s.send(f);
    }
  }

  /**
   * A hall changed: refresh its screens shortly. Not at once — PGlite delivers the notification before the
   * sender's COMMIT resolves, still inside its transaction's context — and many calls make one refresh.
   */
  #receive(hallId?: string) {
    const key = hallId ?? "*";
    if (this.#pending.has(key) || this.#streams.size === 0) return;
    const timer = setTimeout(() => {
      this.#pending.delete(key);
      void this.refresh(hallId).catch((error: unknown) =>
        this.log?.warn({ err: error }, "hall screen: refresh failed"),
      );
    }, REFRESH_MS);
    timer.unref();
    this.#pending.set(key, timer);
  }

  async stop(): Promise<void> {
    for (const timer of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
    await this.#streams.stop();
  }
}
