import nodemailer, { type Transporter } from "nodemailer";
import type { Channel, OutgoingMessage } from "./channel.js";

/**
 * Email through SMTP (nodemailer). The Message-ID is the delivery's idempotency key, so a repeat after an
 * unrecorded success is recognisable to the receiving side as the same message.
 */
export class EmailChannel implements Channel {
  readonly name = "email" as const;
  readonly #transport: Transporter;
  constructor(
    smtpUrl: string,
    private readonly from: string,
    private readonly publicUrl: string,
  ) {
    // 10 s per connection step: a stuck server fails the attempt (retried) instead of holding the job.
    const url = new URL(smtpUrl);
    this.#transport = nodemailer.createTransport({
      host: url.hostname,
      port: Number(url.port) || (url.protocol === "smtps:" ? 465 : 587),
      secure: url.protocol === "smtps:",
      auth: url.username
        ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
        : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 10_000,
    });
  }

  async send(m: OutgoingMessage): Promise<"sent"> {
    const host = new URL(this.publicUrl).hostname || "yiwang.local";
    const link = m.content.link ? `\n\n${m.content.link}` : "";
    await this.#transport.sendMail({
      from: this.from,
      to: m.address,
      subject: m.content.title,
      text: `${m.content.body}${link}`,
      messageId: `<${m.idempotencyKey.replace(/[^A-Za-z0-9.-]/g, ".")}@${host}>`,
    });
    return "sent";
  }

  close(): void {
    this.#transport.close();
  }
}
