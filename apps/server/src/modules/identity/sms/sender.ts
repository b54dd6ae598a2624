import { maskPhone } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { PiiCipher } from "../../../platform/crypto/pii.js";
import type { DB } from "../../../platform/db/schema.js";

/**
 * Where SMS go. Development: the `sms_outbox` table, read back through GET /api/identity/dev/sms?phone=…
 * (off in production), keyed by the phone's blind index so no number is stored in clear. Production: an
 * HTTP gateway (SMS_SENDER=http) that receives {phone, text} as JSON with a bearer token — the shape most
 * government SMS platforms accept behind a thin adapter.
 */
export interface SmsSender {
  send(phone: string, text: string, meta?: SmsMeta): Promise<void>;
}

/**
 * For notices (modules/notify): the approved template (短信签名 + 模板 ID + parameters) beside the text, and
 * a key the gateway can drop repeats by (sent as the Idempotency-Key header). Login codes send none.
 */
export interface SmsMeta {
  sign?: string;
  templateId?: string;
  params?: Record<string, string>;
  idempotencyKey?: string;
}

export class DevSmsSender implements SmsSender {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly pii: PiiCipher,
  ) {}

  async send(phone: string, text: string): Promise<void> {
    await this.db
      .insertInto("sms_outbox")
      .values({ phone_bidx: this.pii.blindIndex("phone", phone), phone_masked: maskPhone(phone), text })
      .execute();
  }

  async recent(phone: string, limit = 5): Promise<{ text: string; sentAt: Date }[]> {
    const rows = await this.db
      .selectFrom("sms_outbox")
      .select(["text", "created_at"])
      .where("phone_bidx", "=", this.pii.blindIndex("phone", phone))
      .orderBy("id", "desc")
      .limit(limit)
      .execute();
    return rows.map((r) => ({ text: r.text, sentAt: r.created_at }));
  }
}

export class HttpSmsSender implements SmsSender {
  constructor(
    private readonly url: string,
    private readonly token: string | undefined,
    private readonly timeoutMs = 5000,
  ) {}

  async send(phone: string, text: string, meta?: SmsMeta): Promise<void> {
    const { idempotencyKey, ...template } = meta ?? {};
    const res = await fetch(this.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}),
      },
      body: JSON.stringify({ phone, text, ...template }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
  }
}
