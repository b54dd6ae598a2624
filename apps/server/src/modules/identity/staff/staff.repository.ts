import type { Kysely } from "kysely";
import type { DB } from "../../../platform/db/schema.js";
import type { AccountRow } from "../accounts.repository.js";

export interface StaffFilter {
  departmentId?: string;
  q?: string;
  limit: number;
  offset: number;
}

/** Backslash is PostgreSQL's default LIKE escape: the user's % and _ match literally. */
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** SQL over staff accounts (accounts of kind staff and their staff_roles); no rules here. */
export class StaffRepository {
  constructor(private readonly db: Kysely<DB>) {}

  #filtered(f: StaffFilter) {
    let q = this.db.selectFrom("accounts").where("kind", "=", "staff");
    if (f.departmentId) q = q.where("department_id", "=", f.departmentId);
    if (f.q) {
      const like = `%${escapeLike(f.q)}%`;
      q = q.where((eb) => eb.or([eb("username", "ilike", like), eb("display_name", "ilike", like)]));
    }
    return q;
  }

  async list(f: StaffFilter): Promise<{ rows: AccountRow[]; total: number }> {
    const rows = await this.#filtered(f).selectAll().orderBy("username").limit(f.limit).offset(f.offset).execute();
    const { total } = await this.#filtered(f)
      .select((eb) => eb.fn.countAll<number>().as("total"))
      .executeTakeFirstOrThrow();
    return { rows, total: Number(total) };
  }

  findById(id: string, db: Kysely<DB> = this.db): Promise<AccountRow | undefined> {
    return db.selectFrom("accounts").selectAll().where("id", "=", id).where("kind", "=", "staff").executeTakeFirst();
  }

  /** Any account (staff or not) already holding the user name. */
  async usernameTaken(username: string, db: Kysely<DB> = this.db): Promise<boolean> {
    const r = await db.selectFrom("accounts").select("id").where("username", "=", username).executeTakeFirst();
    return r !== undefined;
  }

  /** Roles of several accounts at once. */
  async rolesOf(ids: readonly string[], db: Kysely<DB> = this.db): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return out;
    const rows = await db
      .selectFrom("staff_roles")
      .select(["account_id", "role"])
      .where("account_id", "in", ids)
      .orderBy("role")
      .execute();
    for (const r of rows) out.get(r.account_id)?.push(r.role);
    return out;
  }
}
