import type { Kysely } from "kysely";
import type { PiiCipher } from "../../../platform/crypto/pii.js";
import type { DB } from "../../../platform/db/schema.js";
import type { PhoneDirectory } from "../../../platform/ports.js";

/** An account's phone, decrypted for the SMS channel of modules/notify (the `PhoneDirectory` port). */
export class AccountPhones implements PhoneDirectory {
  constructor(private readonly pii: PiiCipher) {}

  async phoneOf(accountId: string, trx: Kysely<DB>): Promise<string | null> {
    const row = await trx
      .selectFrom("accounts")
      .select("phone_enc")
      .where("id", "=", accountId)
      .where("status", "=", "active")
      .executeTakeFirst();
    return row?.phone_enc ? this.pii.decrypt("phone", row.phone_enc) : null;
  }
}
