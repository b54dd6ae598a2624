import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { SecretBox } from "../../platform/crypto/secret-box.js";
import type { DB } from "../../platform/db/schema.js";
import type { PushTarget } from "./channels/webpush.js";

export const endpointHash = (endpoint: string) => createHash("sha256").update(endpoint).digest();
const aad = (id: string) => `notify.push:${id}`;

/** Browser subscriptions, sealed (endpoint and keys) under the subscription's id. */
export class PushRepository {
  constructor(private readonly box: SecretBox) {}

  seal(id: string, t: Omit<PushTarget, "id">): Buffer {
    return this.box.seal(Buffer.from(JSON.stringify(t)), aad(id));
  }

  /** The person's subscriptions, opened: what a webpush delivery sends to. */
  async targets(db: Kysely<DB>, accountId: string): Promise<PushTarget[]> {
    const rows = await db
      .selectFrom("notify_push_subscriptions")
      .select(["id", "sealed"])
      .where("account_id", "=", accountId)
      .orderBy("created_at")
      .execute();
    return rows.map((r) => ({ id: r.id, ...JSON.parse(this.box.open(r.sealed, aad(r.id)).toString("utf8")) }));
  }

  async remove(db: Kysely<DB>, id: string): Promise<void> {
    await db.deleteFrom("notify_push_subscriptions").where("id", "=", id).execute();
  }
}
