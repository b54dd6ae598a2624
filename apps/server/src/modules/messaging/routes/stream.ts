/**
 * One SSE response on a hijacked reply: headers, a retry hint, then whatever the hub sends. A client whose
 * socket buffer passes 1 MiB is dropped (it reconnects and catches up from its Last-Event-ID) so one stalled
 * reader cannot make a node hold every message for it.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { startEventStream } from "../../../platform/http/live-streams.js";
import type { MessagingHub } from "../hub.js";

const STALLED_BYTES = 1024 * 1024;

export async function openStream(
  req: FastifyRequest,
  reply: FastifyReply,
  hub: MessagingHub,
  threadId: string,
  from: number,
): Promise<void> {
  const res = startEventStream(req, reply);
  let closed = false;
  const end = () => {
    if (closed) return;
    closed = true;
    res.end();
  };
  const send = (frame: string) => {
    if (closed || res.destroyed) return false;
    res.write(frame);
    return res.writableLength < STALLED_BYTES;
  };
  try {
    const sub = await hub.subscribe(threadId, from, send, end);
    req.raw.on("close", () => {
      closed = true;
      sub.close();
    });
    if (req.raw.destroyed) sub.close();
  } catch (error) {
    req.log.warn({ err: error }, "messaging: stream could not start");
    end();
  }
}
