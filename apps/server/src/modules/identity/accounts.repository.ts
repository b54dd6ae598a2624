import { type Kysely, type Selectable, sql } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { AccountsTable } from "./db.js";

export type AccountRow = Selectable<AccountsTable>;

/** SQL over accounts and staff_roles; no rules here (they live in the services). */
export class AccountRepository {
  constructor(private readonly db: Kysely<DB>) {}

  findById(id: string, db: Kysely<DB> = this.db): Promise<AccountRow | undefined> {
    return db.selectFrom("accounts").selectAll().where("id", "=", id).executeTakeFirst();
  }

  findCitizenByPhone(phoneBidx: Buffer, db: Kysely<DB> = this.db): Promise<AccountRow | undefined> {
    return db
      .selectFrom("accounts")
      .selectAll()
      .where("kind", "=", "citizen")
      .where("phone_bidx", "=", phoneBidx)
      .executeTakeFirst();
  }

  findCitizenByIdNumber(idBidx: Buffer, db: Kysely<DB> = this.db): Promise<AccountRow | undefined> {
    return db
      .selectFrom("accounts")
      .selectAll()
      .where("kind", "=", "citizen")
      .where("id_number_bidx", "=", idBidx)
      .executeTakeFirst();
  }

  findStaffByUsername(username: string, db: Kysely<DB> = this.db): Promise<AccountRow | undefined> {
    return db
      .selectFrom("accounts")
      .selectAll()
      .where("kind", "=", "staff")
      .where("username", "=", username)
      .executeTakeFirst();
  }

  insert(
    values: Omit<Partial<AccountRow>, "id" | "created_at" | "updated_at"> & {
      kind: AccountRow["kind"];
      display_name: string;
    },
    db: Kysely<DB> = this.db,
  ): Promise<AccountRow> {
    return db.insertInto("accounts").values(values).returningAll().executeTakeFirstOrThrow();
  }

  update(
    id: string,
    values: Partial<Omit<AccountRow, "id" | "created_at" | "updated_at">>,
    db: Kysely<DB> = this.db,
  ): Promise<AccountRow | undefined> {
    return db
      .updateTable("accounts")
      .set({ ...values, updated_at: sql`now()` })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst();
  }

  /**
   * Counts a failed login; at `maxFailures` it locks the account for `lockMinutes` and starts the count
   * again. `locked` says whether this failure locked it.
   */
  async recordFailedLogin(id: string, maxFailures: number, lockMinutes: number): Promise<{ locked: boolean }> {
    const r = await this.db
      .updateTable("accounts")
      .set({
        failed_logins: sql`case when failed_logins + 1 >= ${maxFailures} then 0 else failed_logins + 1 end`,
        locked_until: sql`case when failed_logins + 1 >= ${maxFailures}
                          then now() + make_interval(mins => ${lockMinutes}) else locked_until end`,
      })
      .where("id", "=", id)
      // In an UPDATE's RETURNING the columns hold the new values: a reset count with a future lock = locked now.
      .returning(sql<boolean>`failed_logins = 0 and coalesce(locked_until > now(), false)`.as("locked"))
      .executeTakeFirstOrThrow();
    return { locked: r.locked };
  }

  async clearFailedLogins(id: string): Promise<void> {
    await this.db
      .updateTable("accounts")
      .set({ failed_logins: 0, locked_until: null })
      .where("id", "=", id)
      .where((eb) => eb.or([eb("failed_logins", ">", 0), eb("locked_until", "is not", null)]))
      .execute();
  }

  async roles(accountId: string, db: Kysely<DB> = this.db): Promise<string[]> {
    const rows = await db
      .selectFrom("staff_roles")
      .select("role")
      .where("account_id", "=", accountId)
      .orderBy("role")
      .execute();
    return rows.map((r) => r.role);
  }

  /** Active staff accounts holding a role, in one department when given (escalation recipients). */
  async staffIdsWithRole(role: string, departmentId?: string, db: Kysely<DB> = this.db): Promise<string[]> {
    let q = db
      .selectFrom("staff_roles as r")
      .innerJoin("accounts as a", "a.id", "r.account_id")
      .select("a.id")
      .where("r.role", "=", role)
      .where("a.kind", "=", "staff")
      .where("a.status", "=", "active");
    if (departmentId) q = q.where("a.department_id", "=", departmentId);
    return (await q.orderBy("a.id").execute()).map((r) => r.id);
  }

  async setRoles(accountId: string, roles: readonly string[], grantedBy: string, db: Kysely<DB> = this.db) {
    await db.deleteFrom("staff_roles").where("account_id", "=", accountId).execute();
    if (roles.length > 0) {
      await db
        .insertInto("staff_roles")
        .values(roles.map((role) => ({ account_id: accountId, role, granted_by: grantedBy })))
        .execute();
    }
  }

  /** Stores an accepted TOTP step only if it is newer than the last one (no replay, even concurrently). */
  async acceptTotpStep(accountId: string, step: number, db: Kysely<DB> = this.db): Promise<boolean> {
    const r = await db
      .updateTable("accounts")
      .set({ totp_last_step: step })
      .where("id", "=", accountId)
      .where((eb) => eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
