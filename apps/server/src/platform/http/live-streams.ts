/**
 * Server-Sent Events fed by PostgreSQL notifications, for screens that show live figures (the indicators
 * ops screen, the hall's calling screen). A change is announced with `pg_notify` inside its transaction,
 * so every node hears of it when — and only if — it commits; the module then re-reads what its open
 * streams show and pushes it (see its hub). This part owns what every such hub repeated: the LISTEN
 * session (opened with the first stream, re-opened with backoff when lost, then `onNotify()` without a
 * payload so the module refreshes everything that may have changed meanwhile), the stream's headers and
 * first frame on a hijacked reply, a heartbeat that keeps proxies from closing idle streams, and stop.
 */
import type { ServerResponse } from "node:http";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Listen, NotificationConnection } from "../db/database.js";

const HEARTBEAT_MS = 25_000;

/** One open stream and what it shows (a hall, a viewer's scope and day, …). */
export interface LiveStream<K> {
  readonly key: K;
  send(frame: string): void;
  close(): void;
}

export interface LiveStreamsOptions {
  listen: Listen;
  channel: string;
  /** A notification arrived (its payload), or the session was re-opened (undefined: refresh everything). */
  onNotify: (payload?: string) => void;
  /** Names the hub in log lines. */
  name: string;
  log?: { warn(obj: object, msg: string): void };
}

/**
 * Takes the response over from Fastify and starts an event stream: no caching or proxy buffering (nginx
 * honours X-Accel-Buffering), and a 2-second reconnect hint for EventSource. Returns the raw response.
 */
export function startEventStream(req: FastifyRequest, reply: FastifyReply): ServerResponse {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache, no-store, no-transform",
    "x-accel-buffering": "no",
    "x-content-type-options": "nosniff",
    "x-request-id": req.id,
    connection: "keep-alive",
  });
  res.write("retry: 2000\n\n");
  return res;
}

export class LiveStreams<K> {
  readonly #streams = new Set<LiveStream<K>>();
  #connection?: NotificationConnection;
  #starting?: Promise<void>;
  #heartbeat?: NodeJS.Timeout;
  #delay = 100;
  #stopped = false;

  constructor(private readonly options: LiveStreamsOptions) {}

  get size(): number {
    return this.#streams.size;
  }

  /** The open streams, to push a frame to those showing a key. */
  get streams(): ReadonlySet<LiveStream<K>> {
    return this.#streams;
  }

  /** Answers with an event stream that starts with `first()` and then receives what the hub sends it. */
  async open(req: FastifyRequest, reply: FastifyReply, key: K, first: () => Promise<string>): Promise<void> {
    this.#stopped = false;
    this.#starting ??= this.#connect();
    await this.#starting;
    const frame = await first();
    const res = startEventStream(req, reply);
    res.write(frame);
    const stream: LiveStream<K> = {
      key,
      send: (f) => {
        if (!res.destroyed) res.write(f);
      },
      close: () => res.end(),
    };
    this.#streams.add(stream);
    req.raw.on("close", () => this.#streams.delete(stream));
    this.#heartbeat ??= setInterval(() => {
      for (const s of this.#streams) s.send(": ping\n\n");
    }, HEARTBEAT_MS).unref();
  }

  async #connect(): Promise<void> {
    const { listen, channel, onNotify, name, log } = this.options;
    try {
      this.#connection = await listen(channel, {
        notify: (payload) => onNotify(payload),
        lost: (error) => {
          log?.warn({ err: error }, `${name}: listener lost; reconnecting`);
          this.#connection = undefined;
          this.#retry();
        },
      });
      this.#delay = 100;
    } catch (error) {
      log?.warn({ err: error }, `${name}: cannot listen`);
      this.#retry();
    }
  }

  #retry() {
    if (this.#stopped) return;
    setTimeout(() => {
      if (this.#stopped) return;
      this.#starting = this.#connect().then(() => this.options.onNotify());
    }, this.#delay).unref();
    this.#delay = Math.min(this.#delay * 2, 5_000);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#starting = undefined;
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
    for (const s of this.#streams) s.close();
    this.#streams.clear();
    const c = this.#connection;
    this.#connection = undefined;
    await c?.close().catch(() => {});
  }
}
