import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";

const ACCEPTABLE = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * A caller (load balancer, department system) may pass its own `x-request-id` so one id follows a request
 * across systems; anything odd is replaced, so log lines can never be forged through the header.
 */
export function genRequestId(req: IncomingMessage): string {
  const incoming = req.headers["x-request-id"];
  if (typeof incoming === "string" && ACCEPTABLE.test(incoming)) return incoming;
  return randomUUID();
}
