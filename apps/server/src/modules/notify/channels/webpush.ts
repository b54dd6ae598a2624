import { createHash } from "node:crypto";
import webpush from "web-push";
import type { Channel, OutgoingMessage } from "./channel.js";

/** One of a person's browser subscriptions, opened from its sealed box just before sending. */
export interface PushTarget {
  id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface Vapid {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/** What the service worker (apps/web/public/sw.js) shows: `tag` lets a repeated send replace, not add. */
export interface PushPayload {
  title: string;
  body: string;
  link: string | null;
  tag: string;
}

/** A day: a notice older than that is no longer worth a ring (RFC 8030 TTL, seconds). */
const TTL_SECONDS = 86_400;

/**
 * Web Push (RFC 8030) to every browser the person subscribed: the payload encrypted for the browser
 * (RFC 8291 aes128gcm) and the request signed by the platform (RFC 8292 VAPID), both by the `web-push`
 * library; the request itself goes out through fetch (timeout, no redirects). A push service answering 404
 * or 410 has dropped the subscription: it is deleted (`gone`). Retries send to every browser again; the
 * `Topic` header (RFC 8030 §5.4, from the idempotency key) lets the push service replace a pending copy, and
 * the payload's `tag` lets the browser replace a shown one — so a retry never shows a notice twice.
 */
export class WebPushChannel implements Channel {
  readonly name = "webpush" as const;
  constructor(
    private readonly vapid: Vapid,
    private readonly testHosts: readonly string[] = [],
    private readonly timeoutMs = 5000,
  ) {}

  async send(m: OutgoingMessage): Promise<"sent"> {
    const targets = JSON.parse(m.address) as PushTarget[];
    const payload: PushPayload = {
      title: m.content.title,
      body: m.content.body,
      link: m.content.link ?? null,
      tag: m.idempotencyKey,
    };
    const topic = createHash("sha256").update(m.idempotencyKey).digest("base64url").slice(0, 32);
    const errors: string[] = [];
    let accepted = 0;
    for (const t of targets) {
      if (!pushEndpointAllowed(t.endpoint, this.testHosts)) {
        errors.push("endpoint not allowed");
        continue;
      }
      const req = webpush.generateRequestDetails(
        { endpoint: t.endpoint, keys: { p256dh: t.p256dh, auth: t.auth } },
        JSON.stringify(payload),
        { vapidDetails: this.vapid, TTL: TTL_SECONDS, topic, contentEncoding: "aes128gcm" },
      );
      const res = await fetch(req.endpoint, {
        method: "POST",
        headers: req.headers as Record<string, string>,
        body: new Uint8Array(req.body as Buffer),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: "error",
      });
      await res.body?.cancel();
      if (res.status === 404 || res.status === 410) {
        await m.gone?.(t.id);
        continue;
      }
      if (res.ok) accepted++;
      else errors.push(`push service answered ${res.status}`);
    }
    if (errors.length > 0) throw new Error(errors.join("; "));
    if (accepted === 0) throw new Error("every push subscription is gone");
    // A push service's 201 means it holds the message; whether the browser got it, it does not report.
    return "sent";
  }
}

/**
 * Whether a push endpoint may be used: https with no credentials and a host name (not an IP address or
 * localhost — a push service is a public host). `testHosts` (NOTIFY_WEBPUSH_TEST_HOSTS, tests only) are
 * loopback hosts whose plain-http endpoints a test's stand-in push service serves.
 */
export function pushEndpointAllowed(endpoint: string, testHosts: readonly string[] = []): URL | null {
  let u: URL;
  try {
    u = new URL(endpoint);
  } catch {
    return null;
  }
  if (u.username || u.password) return null;
  const host = u.hostname.toLowerCase();
  if (testHosts.includes(host)) return u.protocol === "http:" || u.protocol === "https:" ? u : null;
  if (u.protocol !== "https:") return null;
  if (host === "localhost" || host.endsWith(".localhost") || /^[\d.]+$/.test(host) || host.startsWith("[")) return null;
  return u;
}
