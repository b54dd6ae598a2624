import { type Insertable, type Kysely, type Selectable, sql } from "kysely";
import type { SealAlgorithm } from "../../platform/crypto/suite.js";
import type { DB } from "../../platform/db/schema.js";
import type { SealCasTable, SealsTable } from "./db.js";

export type SealRow = Selectable<SealsTable>;
export type SealCaRow = Selectable<SealCasTable>;

export interface SealFilter {
  departmentId?: string;
  status?: "active" | "revoked";
  limit: number;
  offset: number;
}

export class SealRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The active CA of an algorithm (one per algorithm: a partial unique index). */
  activeCa(algorithm: SealAlgorithm, db: Kysely<DB> = this.db): Promise<SealCaRow | undefined> {
    return db
      .selectFrom("seal_cas")
      .selectAll()
      .where("active", "=", true)
      .where("algorithm", "=", algorithm)
      .executeTakeFirst();
  }

  activeCas(db: Kysely<DB> = this.db): Promise<SealCaRow[]> {
    return db.selectFrom("seal_cas").selectAll().where("active", "=", true).orderBy("created_at").execute();
  }

  caById(id: string, db: Kysely<DB> = this.db): Promise<SealCaRow | undefined> {
    return db.selectFrom("seal_cas").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /** Serialises CA creation across processes (transaction-scoped). */
  async lockCa(db: Kysely<DB>): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext('yiwang.seal_ca'))`.execute(db);
  }

  insertCa(values: Insertable<SealCasTable>, db: Kysely<DB> = this.db): Promise<SealCaRow> {
    return db.insertInto("seal_cas").values(values).returningAll().executeTakeFirstOrThrow();
  }

  insert(values: Insertable<SealsTable>, db: Kysely<DB> = this.db): Promise<SealRow> {
    return db.insertInto("seals").values(values).returningAll().executeTakeFirstOrThrow();
  }

  findById(id: string, db: Kysely<DB> = this.db, forUpdate = false): Promise<SealRow | undefined> {
    let q = db.selectFrom("seals").selectAll().where("id", "=", id);
    if (forUpdate) q = q.forUpdate();
    return q.executeTakeFirst();
  }

  /** The department's newest active seal of `algorithm` valid at `at` (the one licenses are issued with). */
  activeForDepartment(
    departmentId: string,
    algorithm: SealAlgorithm,
    at: Date,
    db: Kysely<DB> = this.db,
  ): Promise<SealRow | undefined> {
    return db
      .selectFrom("seals")
      .selectAll()
      .where("department_id", "=", departmentId)
      .where("algorithm", "=", algorithm)
      .where("status", "=", "active")
      .where("valid_from", "<=", at)
      .where("valid_to", ">", at)
      .orderBy("created_at", "desc")
      .limit(1)
      .executeTakeFirst();
  }

  findBySerial(serial: string, db: Kysely<DB> = this.db): Promise<SealRow | undefined> {
    return db.selectFrom("seals").selectAll().where("serial", "=", serial).executeTakeFirst();
  }

  /** Every active seal with its public key and its CA's certificate (for the published JWKS). */
  activeWithKeys(db: Kysely<DB> = this.db) {
    return db
      .selectFrom("seals")
      .innerJoin("seal_keys", "seal_keys.id", "seals.key_id")
      .innerJoin("seal_cas", "seal_cas.id", "seals.ca_id")
      .select([
        "seals.id",
        "seals.department_id",
        "seals.algorithm",
        "seals.certificate_pem",
        "seal_keys.public_key",
        "seal_cas.certificate_pem as ca_certificate_pem",
      ])
      .where("seals.status", "=", "active")
      .orderBy("seals.created_at")
      .execute();
  }

  async list(f: SealFilter): Promise<{ rows: SealRow[]; total: number }> {
    let q = this.db.selectFrom("seals");
    if (f.departmentId) q = q.where("department_id", "=", f.departmentId);
    if (f.status) q = q.where("status", "=", f.status);
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy("created_at", "desc").orderBy("id").limit(f.limit).offset(f.offset).execute(),
      q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }

  setImage(id: string, fileId: string, db: Kysely<DB> = this.db): Promise<SealRow | undefined> {
    return db
      .updateTable("seals")
      .set({ image_file_id: fileId })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst();
  }

  revoke(id: string, reason: string, at: Date, db: Kysely<DB> = this.db): Promise<SealRow | undefined> {
    return db
      .updateTable("seals")
      .set({ status: "revoked", revoked_at: at, revoked_reason: reason })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst();
  }
}
