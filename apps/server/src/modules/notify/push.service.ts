import { createECDH, randomUUID } from "node:crypto";
import type { PushPublicKey, PushSubscription, PushSubscriptionInput } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { Clock } from "../../platform/clock/clock.js";
import type { DB } from "../../platform/db/schema.js";
import { pushEndpointAllowed, type Vapid } from "./channels/webpush.js";
import { NotifyErrors } from "./errors.js";
import { endpointHash, type PushRepository } from "./push.repository.js";

/**
 * A person's browser subscriptions for Web Push. Subscribing the same endpoint again (another sign-in in the
 * same browser) moves it to the signed-in person with the new keys; unsubscribing removes only one's own.
 */
export class PushService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly repo: PushRepository,
    private readonly vapid: Vapid | undefined,
    private readonly testHosts: readonly string[],
  ) {}

  publicKey(): PushPublicKey {
    if (!this.vapid) throw NotifyErrors.NOTIFY_WEBPUSH_OFF();
    return { publicKey: this.vapid.publicKey };
  }

  async subscribe(accountId: string, input: PushSubscriptionInput): Promise<PushSubscription> {
    if (!this.vapid) throw NotifyErrors.NOTIFY_WEBPUSH_OFF();
    const url = pushEndpointAllowed(input.endpoint, this.testHosts);
    if (!url) throw NotifyErrors.NOTIFY_PUSH_ENDPOINT_INVALID();
    try {
      // The browser's key must be a point on P-256, or every send to it would fail.
      const ecdh = createECDH("prime256v1");
      ecdh.generateKeys();
      ecdh.computeSecret(Buffer.from(input.keys.p256dh, "base64url"));
    } catch {
      throw NotifyErrors.NOTIFY_PUSH_ENDPOINT_INVALID();
    }
    const now = this.clock.now();
    const hash = endpointHash(input.endpoint);
    return this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom("notify_push_subscriptions").where("endpoint_hash", "=", hash).execute();
      const id = randomUUID();
      const target = { endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth };
      await trx
        .insertInto("notify_push_subscriptions")
        .values({
          id,
          account_id: accountId,
          endpoint_hash: hash,
          sealed: this.repo.seal(id, target),
          origin: url.origin,
          created_at: now,
        })
        .execute();
      return { id, origin: url.origin, createdAt: now.toISOString() };
    });
  }

  async unsubscribe(accountId: string, endpoint: string): Promise<void> {
    const gone = await this.db
      .deleteFrom("notify_push_subscriptions")
      .where("endpoint_hash", "=", endpointHash(endpoint))
      .where("account_id", "=", accountId)
      .executeTakeFirst();
    if (gone.numDeletedRows === 0n) throw NotifyErrors.NOTIFY_PUSH_SUBSCRIPTION_NOT_FOUND();
  }
}
