import type { Channel, OutgoingMessage } from "./channel.js";

/**
 * Department group robots (企业微信 / 钉钉 群机器人): both accept `{"msgtype":"text","text":{"content":…}}`
 * and answer `{"errcode":0}` on success — an HTTP 200 with another errcode is a failure too.
 */
export class WebhookChannel implements Channel {
  readonly name = "webhook" as const;
  constructor(private readonly timeoutMs = 5000) {}

  async send(m: OutgoingMessage): Promise<"delivered"> {
    const res = await fetch(m.address, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": m.idempotencyKey },
      body: JSON.stringify({ msgtype: "text", text: { content: `${m.content.title}\n${m.content.body}` } }),
      signal: AbortSignal.timeout(this.timeoutMs),
      redirect: "error",
    });
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
    const answer = (await res.json().catch(() => ({}))) as { errcode?: number };
    if (answer.errcode !== undefined && answer.errcode !== 0) throw new Error(`webhook errcode ${answer.errcode}`);
    // The group's server posted it into the group: there is no later delivery report to wait for.
    return "delivered";
  }
}

/** Whether a webhook URL may be used: https, an allowed host exactly, no credentials, default port. */
export function webhookAllowed(url: string, hosts: readonly string[]): URL | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== "https:" || u.username || u.password || u.port) return null;
  return hosts.includes(u.hostname.toLowerCase()) ? u : null;
}
