import type { Channel, OutgoingMessage } from "./channel.js";

/**
 * What the SMS channel needs from an SMS adapter: identity's `HttpSmsSender` (JSON to the gateway) or its
 * development outbox. The template fields travel beside the text because government SMS platforms send only
 * approved templates: 签名 + 模板 ID + parameters, with the text for platforms that take free text.
 */
export interface SmsGateway {
  send(
    phone: string,
    text: string,
    meta?: { sign?: string; templateId?: string; params?: Record<string, string>; idempotencyKey?: string },
  ): Promise<void>;
}

export class SmsChannel implements Channel {
  readonly name = "sms" as const;
  constructor(private readonly gateway: SmsGateway) {}

  async send(m: OutgoingMessage): Promise<"sent"> {
    const c = m.content;
    const sign = c.smsSign ?? "";
    await this.gateway.send(m.address, `${sign}${c.smsText ?? c.body}`, {
      sign: c.smsSign ?? undefined,
      templateId: c.smsTemplateId ?? undefined,
      params: c.smsParams,
      idempotencyKey: m.idempotencyKey,
    });
    return "sent";
  }
}
