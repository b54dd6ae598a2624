/**
 * The 快申快享 bank account at rest: sealed with the personal-data cipher (PiiField "bank_account"), masked in
 * every view (6222 **** **** 3445), in clear only in the payment instruction. A row written before sealing
 * still reads from its clear column until `yiwang pii reencrypt` seals it (reencryptBankAccounts).
 */
import { maskBankAccount } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { PiiCipher } from "../../platform/crypto/pii.js";
import type { DB } from "../../platform/db/schema.js";

type Stored = { bank_account: string | null; bank_account_enc: Buffer | null };

export function openBankAccount(pii: PiiCipher, r: Stored): string | null {
  if (r.bank_account_enc) return pii.decrypt("bank_account", r.bank_account_enc);
  return r.bank_account;
}

export function maskedBankAccount(pii: PiiCipher, r: Stored): string | null {
  const clear = openBankAccount(pii, r);
  return clear === null ? null : maskBankAccount(clear);
}

/**
 * `yiwang pii reencrypt`: seals accounts still in clear and re-seals those under a retired key or cipher.
 * Batches of 500, each in its own transaction; rows already current are skipped, so it can be re-run.
 */
export async function reencryptBankAccounts(db: Kysely<DB>, pii: PiiCipher): Promise<number> {
  let changed = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await db
      .selectFrom("policies_entitlements")
      .select(["id", "bank_account", "bank_account_enc"])
      .where("id", ">", after)
      .where((eb) => eb.or([eb("bank_account", "is not", null), eb("bank_account_enc", "is not", null)]))
      .orderBy("id")
      .limit(500)
      .execute();
    if (rows.length === 0) return changed;
    after = rows[rows.length - 1].id;
    await db.transaction().execute(async (trx) => {
      for (const r of rows) {
        if (r.bank_account === null && r.bank_account_enc && pii.isCurrent(r.bank_account_enc)) continue;
        const clear = openBankAccount(pii, r) as string;
        await trx
          .updateTable("policies_entitlements")
          .set({ bank_account: null, bank_account_enc: pii.encrypt("bank_account", clear) })
          .where("id", "=", r.id)
          .execute();
        changed++;
      }
    });
  }
}
