import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { EventPublisher } from "../../platform/ports.js";
import type { AccountRow } from "./accounts.repository.js";

/**
 * The domain event of an account locked by failed logins, published in the transaction that audits the
 * lock. The security module's detector subscribes to it (repeated lockouts → an alert); identity knows
 * nothing of alerts.
 */
export const ACCOUNT_LOCKED_EVENT = "identity.account.locked";

export function publishLockout(events: EventPublisher, trx: Kysely<DB>, account: AccountRow, ip: string) {
  return events.publish(trx, {
    type: ACCOUNT_LOCKED_EVENT,
    subject: `account:${account.id}`,
    payload: { accountId: account.id, kind: account.kind, ip },
  });
}
