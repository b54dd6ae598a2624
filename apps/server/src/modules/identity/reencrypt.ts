import type { Kysely } from "kysely";
import type { PiiCipher } from "../../platform/crypto/pii.js";
import type { DB } from "../../platform/db/schema.js";

/**
 * Re-seals accounts' phone and ID numbers under the current DATA_ENCRYPTION_KEY after a rotation (the
 * retired key stays in DATA_ENCRYPTION_PREVIOUS_KEYS until this has run). Batches of 500, each in its own
 * transaction; rows already under the current key are skipped, so it can be interrupted and re-run.
 */
export async function reencryptAccounts(db: Kysely<DB>, pii: PiiCipher): Promise<number> {
  let changed = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await db
      .selectFrom("accounts")
      .select(["id", "phone_enc", "id_number_enc"])
      .where("id", ">", after)
      .orderBy("id")
      .limit(500)
      .execute();
    if (rows.length === 0) return changed;
    after = rows[rows.length - 1].id;
    await db.transaction().execute(async (trx) => {
      for (const r of rows) {
        const phone = r.phone_enc && !pii.isCurrent(r.phone_enc) ? pii.decrypt("phone", r.phone_enc) : null;
        const id =
          r.id_number_enc && !pii.isCurrent(r.id_number_enc) ? pii.decrypt("id_number", r.id_number_enc) : null;
        if (phone === null && id === null) continue;
        await trx
          .updateTable("accounts")
          .set({
            ...(phone !== null ? { phone_enc: pii.encrypt("phone", phone) } : {}),
            ...(id !== null ? { id_number_enc: pii.encrypt("id_number", id) } : {}),
          })
          .where("id", "=", r.id)
          .execute();
        changed++;
      }
    });
  }
}
