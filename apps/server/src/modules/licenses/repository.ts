import { type Insertable, type Kysely, type Selectable, type SelectQueryBuilder, sql } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { LicensesTable, LicenseTypesTable, LicenseUsesTable } from "./db.js";

export type LicenseRow = Selectable<LicensesTable>;
export type LicenseTypeRow = Selectable<LicenseTypesTable>;
export type LicenseUseRow = Selectable<LicenseUsesTable>;
const VERIFICATION_COLUMNS = [
  "id",
  "identifier",
  "type_code",
  "department_id",
  "seal_id",
  "status",
  "status_reason",
  "valid_until",
  "issued_at",
  "holder_kind",
  "holder_name",
  "holder_uscc",
  "holder_id_enc",
] as const;
export type VerificationRow = Pick<LicenseRow, (typeof VERIFICATION_COLUMNS)[number]>;
// biome-ignore lint/complexity/noBannedTypes: Kysely's type for a query that selects nothing yet
type LicenseQuery = SelectQueryBuilder<DB, "licenses", {}>;

/** Who holds a license, as the wallet asks: a person by the blind index of their ID number, or an enterprise. */
export type HolderKey = { kind: "person"; idBidx: Buffer } | { kind: "enterprise"; uscc: string };

export interface LicenseFilter {
  typeCode?: string;
  status?: "valid" | "suspended" | "revoked";
  departmentId?: string;
  limit: number;
  offset: number;
}

export class LicenseRepository {
  constructor(private readonly db: Kysely<DB>) {}

  types(db: Kysely<DB> = this.db): Promise<LicenseTypeRow[]> {
    return db.selectFrom("license_types").selectAll().orderBy("code").execute();
  }

  type(code: string, db: Kysely<DB> = this.db): Promise<LicenseTypeRow | undefined> {
    return db.selectFrom("license_types").selectAll().where("code", "=", code).executeTakeFirst();
  }

  updateType(code: string, set: Partial<Omit<LicenseTypeRow, "code">>, db: Kysely<DB> = this.db) {
    const { fields, ...rest } = set;
    return db
      .updateTable("license_types")
      .set({ ...rest, ...(fields !== undefined ? { fields: JSON.stringify(fields) } : {}), updated_at: new Date() })
      .where("code", "=", code)
      .returningAll()
      .executeTakeFirst();
  }

  /** The next serial for a type and issuer (row-locked counter: serials are gapless per transaction). */
  async nextSerial(typeCode: string, departmentId: string, db: Kysely<DB>): Promise<number> {
    const row = await db
      .insertInto("license_serials")
      .values({ type_code: typeCode, department_id: departmentId, last: 1 })
      .onConflict((oc) =>
        oc.columns(["type_code", "department_id"]).doUpdateSet({ last: sql`license_serials.last + 1` }),
      )
      .returning("last")
      .executeTakeFirstOrThrow();
    return Number(row.last);
  }

  /** The next unused position in the department's status lists. */
  async nextStatusIndex(departmentId: string, db: Kysely<DB>): Promise<number> {
    const row = await db
      .insertInto("license_status_lists")
      .values({ department_id: departmentId, next_index: 1 })
      .onConflict((oc) =>
        oc.column("department_id").doUpdateSet({ next_index: sql`license_status_lists.next_index + 1` }),
      )
      .returning(["next_index", "size"])
      .executeTakeFirstOrThrow();
    if (row.next_index > row.size) throw new Error(`status list of department ${departmentId} is full`);
    return row.next_index - 1;
  }

  insert(values: Insertable<LicensesTable>, db: Kysely<DB> = this.db): Promise<LicenseRow> {
    return db.insertInto("licenses").values(values).returningAll().executeTakeFirstOrThrow();
  }

  findById(id: string, db: Kysely<DB> = this.db, forUpdate = false): Promise<LicenseRow | undefined> {
    let q = db.selectFrom("licenses").selectAll().where("id", "=", id);
    if (forUpdate) q = q.forUpdate();
    return q.executeTakeFirst();
  }

  findByIdentifier(identifier: string, db: Kysely<DB> = this.db): Promise<LicenseRow | undefined> {
    return db.selectFrom("licenses").selectAll().where("identifier", "=", identifier).executeTakeFirst();
  }

  /** What a public verification needs, without the renditions (the hot path reads no more than this). */
  verificationRow(identifier: string, db: Kysely<DB> = this.db): Promise<VerificationRow | undefined> {
    return db
      .selectFrom("licenses")
      .select(VERIFICATION_COLUMNS)
      .where("identifier", "=", identifier)
      .executeTakeFirst();
  }

  findByPdfSha256(sha256: string, db: Kysely<DB> = this.db): Promise<LicenseRow | undefined> {
    return db.selectFrom("licenses").selectAll().where("pdf_sha256", "=", sha256).executeTakeFirst();
  }

  findByCase(caseId: string, db: Kysely<DB> = this.db): Promise<LicenseRow | undefined> {
    return db.selectFrom("licenses").selectAll().where("case_id", "=", caseId).executeTakeFirst();
  }

  async listHeld(
    holders: readonly HolderKey[],
    f: LicenseFilter,
    db: Kysely<DB> = this.db,
  ): Promise<{ rows: LicenseRow[]; total: number }> {
    if (holders.length === 0) return { rows: [], total: 0 };
    let q = db
      .selectFrom("licenses")
      .where((eb) =>
        eb.or(
          holders.map((h) =>
            h.kind === "person"
              ? eb.and([eb("holder_kind", "=", "person"), eb("holder_id_bidx", "=", h.idBidx)])
              : eb.and([eb("holder_kind", "=", "enterprise"), eb("holder_uscc", "=", h.uscc)]),
          ),
        ),
      );
    if (f.typeCode) q = q.where("type_code", "=", f.typeCode);
    if (f.status) q = q.where("status", "=", f.status);
    return this.#page(q, f);
  }

  async listIssued(f: LicenseFilter): Promise<{ rows: LicenseRow[]; total: number }> {
    let q = this.db.selectFrom("licenses");
    if (f.departmentId) q = q.where("department_id", "=", f.departmentId);
    if (f.typeCode) q = q.where("type_code", "=", f.typeCode);
    if (f.status) q = q.where("status", "=", f.status);
    return this.#page(q, f);
  }

  async #page(q: LicenseQuery, f: LicenseFilter) {
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy("issued_at", "desc").orderBy("id").limit(f.limit).offset(f.offset).execute(),
      q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }

  setStatus(
    id: string,
    status: "valid" | "suspended" | "revoked",
    reason: string,
    at: Date,
    db: Kysely<DB>,
  ): Promise<LicenseRow | undefined> {
    return db
      .updateTable("licenses")
      .set({ status, status_reason: reason, status_changed_at: at })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst();
  }

  /** Status list positions set for a purpose: revoked (revocation) or suspended (suspension). */
  async statusIndexes(departmentId: string, status: "revoked" | "suspended"): Promise<number[]> {
    const rows = await this.db
      .selectFrom("licenses")
      .select("status_index")
      .where("department_id", "=", departmentId)
      .where("status", "=", status)
      .execute();
    return rows.map((r) => r.status_index);
  }

  insertUse(values: Insertable<LicenseUsesTable>, db: Kysely<DB>): Promise<LicenseUseRow> {
    return db
      .insertInto("license_uses")
      .values(values)
      .onConflict((oc) =>
        oc.columns(["license_id", "case_id", "material"]).doUpdateSet({
          consented_by: values.consented_by,
          consented_at: values.consented_at,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  usesOfCase(caseId: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom("license_uses")
      .innerJoin("licenses", "licenses.id", "license_uses.license_id")
      .selectAll("licenses")
      .select([
        "license_uses.material",
        "license_uses.consented_at",
        "license_uses.flagged_at",
        "license_uses.case_id as use_case_id",
      ])
      .where("license_uses.case_id", "=", caseId)
      .orderBy("license_uses.consented_at")
      .execute();
  }

  /** Marks the uses of a license whose status changed; returns the cases concerned. */
  async flagUses(licenseId: string, status: string, at: Date, db: Kysely<DB>): Promise<string[]> {
    const rows = await db
      .updateTable("license_uses")
      .set({ flagged_at: at, flagged_status: status })
      .where("license_id", "=", licenseId)
      .returning("case_id")
      .execute();
    return [...new Set(rows.map((r) => r.case_id))];
  }
}
