import type { DeliveryContent } from "../db.js";

/** One message on its way out: the address is resolved just before sending and never stored. */
export interface OutgoingMessage {
  /** Stable per notice and channel: providers that honour it drop a repeat after an unrecorded success. */
  idempotencyKey: string;
  address: string;
  content: DeliveryContent;
  /** Web Push: the push service dropped this subscription (404/410); deleted in the delivery's transaction. */
  gone?: (targetId: string) => Promise<void>;
}

/**
 * A channel that leaves the platform (in-app notices are rows in `notifications` and need none). `send`
 * resolves when the provider accepted the message — "sent", or "delivered" where the provider confirms
 * delivery in its answer — and throws when it did not (the delivery is retried with backoff).
 */
export interface Channel {
  readonly name: "sms" | "email" | "webhook" | "webpush";
  send(message: OutgoingMessage): Promise<"sent" | "delivered">;
}
