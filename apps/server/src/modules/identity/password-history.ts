import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { IdentityErrors } from "./errors.js";
import { verifyPassword } from "./passwords.js";

/**
 * No reuse of the last N passwords (GB/T 22239 level 3; `PASSWORD_HISTORY`, 5 by default, the current one
 * counted). The earlier hashes are argon2id like the current one, so checking a candidate costs up to N
 * verifications (about 15 ms each here) on a password change only — never on a login.
 */
export class PasswordHistory {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly keep: number,
  ) {}

  /** Throws PASSWORD_REUSED when `candidate` is the current password or one of the last N − 1 before it. */
  async assertNew(accountId: string, currentHash: string | null, candidate: string): Promise<void> {
    if (this.keep === 0) return;
    const earlier =
      this.keep > 1
        ? await this.db
            .selectFrom("password_history")
            .select("password_hash")
            .where("account_id", "=", accountId)
            .orderBy("created_at", "desc")
            .orderBy("id", "desc")
            .limit(this.keep - 1)
            .execute()
        : [];
    for (const hash of [currentHash, ...earlier.map((r) => r.password_hash)]) {
      if (hash && (await verifyPassword(hash, candidate))) throw IdentityErrors.PASSWORD_REUSED();
    }
  }

  /** Keeps the password being replaced, in the transaction that replaces it, and drops what is past N. */
  async remember(accountId: string, replacedHash: string | null, trx: Kysely<DB>): Promise<void> {
    if (this.keep === 0 || !replacedHash) return;
    await trx.insertInto("password_history").values({ account_id: accountId, password_hash: replacedHash }).execute();
    const kept = trx
      .selectFrom("password_history")
      .select("id")
      .where("account_id", "=", accountId)
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(Math.max(this.keep - 1, 1));
    await trx.deleteFrom("password_history").where("account_id", "=", accountId).where("id", "not in", kept).execute();
  }
}
