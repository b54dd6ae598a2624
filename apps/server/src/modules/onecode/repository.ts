import type { Insertable, Kysely, Selectable } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { OnecodeKeysTable, OnecodeScansTable } from "./db.js";

export type KeyRow = Selectable<OnecodeKeysTable>;
export type ScanRow = Selectable<OnecodeScansTable>;

/** The onecode tables (SQL only, no rules). */
export class OnecodeRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Keys still published: not removed, and code keys not retired before `retiredAfter`. */
  publishedKeys(retiredAfter: Date, trx: Kysely<DB> = this.db): Promise<KeyRow[]> {
    return trx
      .selectFrom("onecode_keys")
      .selectAll()
      .where("removed_at", "is", null)
      .where((eb) => eb.or([eb("retired_at", "is", null), eb("retired_at", ">", retiredAfter)]))
      .orderBy("created_at", "asc")
      .execute();
  }

  /** The signing key of a purpose (the newest neither retired nor removed), locked for the caller. */
  activeKey(purpose: "code" | "list", trx: Kysely<DB>): Promise<KeyRow | undefined> {
    return trx
      .selectFrom("onecode_keys")
      .selectAll()
      .where("purpose", "=", purpose)
      .where("removed_at", "is", null)
      .where("retired_at", "is", null)
      .orderBy("created_at", "desc")
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
  }

  async insertKey(row: Insertable<OnecodeKeysTable>, trx: Kysely<DB>): Promise<void> {
    await trx.insertInto("onecode_keys").values(row).execute();
  }

  async retireCodeKeys(at: Date, trx: Kysely<DB>): Promise<void> {
    await trx
      .updateTable("onecode_keys")
      .set({ retired_at: at })
      .where("purpose", "=", "code")
      .where("retired_at", "is", null)
      .execute();
  }

  findKey(kid: string, trx: Kysely<DB>): Promise<KeyRow | undefined> {
    return trx.selectFrom("onecode_keys").selectAll().where("kid", "=", kid).forUpdate().executeTakeFirst();
  }

  async removeKey(kid: string, at: Date, by: string, reason: string, trx: Kysely<DB>): Promise<void> {
    await trx
      .updateTable("onecode_keys")
      .set({ removed_at: at, removed_by: by, removed_reason: reason, retired_at: at })
      .where("kid", "=", kid)
      .execute();
  }

  /** Inserts the scan unless its nonce was seen: undefined means a replay. */
  insertScan(row: Insertable<OnecodeScansTable>, trx: Kysely<DB>): Promise<ScanRow | undefined> {
    return trx
      .insertInto("onecode_scans")
      .values(row)
      .onConflict((oc) => oc.column("nonce").doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  findScan(id: string, trx: Kysely<DB> = this.db, lock = false): Promise<ScanRow | undefined> {
    const q = trx.selectFrom("onecode_scans").selectAll().where("id", "=", id);
    return (lock ? q.forUpdate() : q).executeTakeFirst();
  }

  async decideScan(
    id: string,
    status: "consented" | "declined",
    licenseIds: string[],
    showCases: boolean,
    at: Date,
    trx: Kysely<DB>,
  ): Promise<ScanRow> {
    return trx
      .updateTable("onecode_scans")
      .set({ status, license_ids: licenseIds, show_cases: showCases, decided_at: at })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  scansOf(accountId: string, limit: number, trx: Kysely<DB> = this.db): Promise<ScanRow[]> {
    return trx
      .selectFrom("onecode_scans")
      .selectAll()
      .where("account_id", "=", accountId)
      .orderBy("scanned_at", "desc")
      .limit(limit)
      .execute();
  }
}
