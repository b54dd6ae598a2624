/** The archives module's SQL (no rules). */
import { type Kysely, type Selectable, type SqlBool, sql } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { ArchiveDisposalsTable, ArchiveLoansTable, ArchivePackagesTable } from "./db.js";
import { searchQuery } from "./fulltext.js";

export type PackageRow = Selectable<ArchivePackagesTable>;
export type DisposalRow = Selectable<ArchiveDisposalsTable>;
export type LoanRow = Selectable<ArchiveLoansTable>;

export interface PackageSearch {
  q?: string;
  retention?: string;
  year?: number;
  status?: string;
  limit: number;
  offset: number;
}

export class ArchiveRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * The next 档号 sequence of fonds/year/class, taken under the counter row's lock in `trx`: concurrent
   * archivings queue on the row, and a rolled-back one gives its number back (gap-free, not just unique).
   */
  async nextSeq(trx: Kysely<DB>, key: { fonds: string; year: number; retention: string }): Promise<number> {
    const r = await sql<{ last_no: number }>`
      insert into archive_counters (fonds, year, retention, last_no)
      values (${key.fonds}, ${key.year}, ${key.retention}, 1)
      on conflict (fonds, year, retention) do update set last_no = archive_counters.last_no + 1
      returning last_no`.execute(trx);
    return r.rows[0].last_no;
  }

  async insertPackage(trx: Kysely<DB>, values: Parameters<typeof this.insertValues>[0]): Promise<PackageRow> {
    return trx
      .insertInto("archive_packages")
      .values(this.insertValues(values))
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  private insertValues(
    v: Omit<PackageRow, "id" | "status" | "metadata" | "files"> & {
      metadata: Record<string, unknown>;
      files: Record<string, { size: number; sha256: string }>;
    },
  ) {
    return { ...v, metadata: JSON.stringify(v.metadata), files: JSON.stringify(v.files) };
  }

  findPackage(id: string, db: Kysely<DB> = this.db): Promise<PackageRow | undefined> {
    return db.selectFrom("archive_packages").selectAll().where("id", "=", id).executeTakeFirst();
  }

  lockPackage(id: string, trx: Kysely<DB>): Promise<PackageRow | undefined> {
    return trx.selectFrom("archive_packages").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
  }

  findByCase(caseId: string, db: Kysely<DB> = this.db): Promise<PackageRow | undefined> {
    return db.selectFrom("archive_packages").selectAll().where("case_id", "=", caseId).executeTakeFirst();
  }

  async existsArchiveNo(archiveNo: string, externalId: string, db: Kysely<DB> = this.db): Promise<boolean> {
    const r = await db
      .selectFrom("archive_packages")
      .select("id")
      .where((eb) => eb.or([eb("archive_no", "=", archiveNo), eb("external_id", "=", externalId)]))
      .executeTakeFirst();
    return r !== undefined;
  }

  /** Ids of packages whose bytes are kept (the scheduled check's work list), oldest first. */
  async keptPackageIds(db: Kysely<DB> = this.db): Promise<string[]> {
    const rows = await db
      .selectFrom("archive_packages")
      .select("id")
      .where("status", "=", "archived")
      .orderBy("archived_at")
      .execute();
    return rows.map((r) => r.id);
  }

  /** Sequence numbers 1..max missing among our own numbering of fonds/year/class (IN-06). */
  async numberGaps(key: { fonds: string; year: number; retention: string }, db: Kysely<DB> = this.db) {
    const r = await sql<{ n: number }>`
      select n::int as n from generate_series(1, coalesce((
        select last_no from archive_counters where fonds = ${key.fonds} and year = ${key.year} and retention = ${key.retention}
      ), 0)) as n
      where not exists (
        select 1 from archive_packages p where p.source = 'case' and p.fonds = ${key.fonds} and p.year = ${key.year}
          and p.retention = ${key.retention} and p.seq = n
      ) order by n limit 100`.execute(db);
    return r.rows.map((x) => x.n);
  }

  async search(s: PackageSearch): Promise<{ rows: PackageRow[]; total: number }> {
    let q = this.db.selectFrom("archive_packages");
    if (s.q) {
      // 档号 and case numbers by substring; words (metadata and full text) through the segmented index.
      const like = `%${s.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const tsquery = searchQuery(s.q);
      q = q.where((eb) =>
        tsquery
          ? eb.or([eb("search_text", "ilike", like), sql<SqlBool>`search_vector @@ ${tsquery}::tsquery`])
          : eb("search_text", "ilike", like),
      );
    }
    if (s.retention) q = q.where("retention", "=", s.retention);
    if (s.year) q = q.where("year", "=", s.year);
    if (s.status) q = q.where("status", "=", s.status);
    const [rows, count] = await Promise.all([
      q
        .selectAll()
        .orderBy("archived_at", "desc")
        .orderBy("archive_no", "desc")
        .limit(s.limit)
        .offset(s.offset)
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }

  async insertCheck(
    trx: Kysely<DB>,
    v: { packageId: string; trigger: string; at: Date; passed: boolean; results: unknown[] },
  ): Promise<void> {
    await trx
      .insertInto("archive_checks")
      .values({
        package_id: v.packageId,
        trigger: v.trigger,
        at: v.at,
        passed: v.passed,
        results: JSON.stringify(v.results),
      })
      .execute();
    await trx
      .updateTable("archive_packages")
      .set({ last_check_passed: v.passed })
      .where("id", "=", v.packageId)
      .execute();
  }

  checks(packageId: string, limit = 20) {
    return this.db
      .selectFrom("archive_checks")
      .selectAll()
      .where("package_id", "=", packageId)
      .orderBy("at", "desc")
      .limit(limit)
      .execute();
  }

  async retentionOf(itemCode: string, db: Kysely<DB> = this.db): Promise<string | undefined> {
    const r = await db
      .selectFrom("archive_retention_rules")
      .select("retention")
      .where("item_code", "=", itemCode)
      .executeTakeFirst();
    return r?.retention;
  }

  async setRetention(trx: Kysely<DB>, v: { itemCode: string; retention: string; by: string; at: Date }) {
    await trx
      .insertInto("archive_retention_rules")
      .values({ item_code: v.itemCode, retention: v.retention, updated_by: v.by, updated_at: v.at })
      .onConflict((oc) =>
        oc.column("item_code").doUpdateSet({ retention: v.retention, updated_by: v.by, updated_at: v.at }),
      )
      .execute();
  }

  // ── disposal ──
  insertDisposal(trx: Kysely<DB>, v: { packageId: string; reason: string; by: string; at: Date }) {
    return trx
      .insertInto("archive_disposals")
      .values({ package_id: v.packageId, reason: v.reason, proposed_by: v.by, created_at: v.at })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  lockDisposal(id: string, trx: Kysely<DB>) {
    return trx.selectFrom("archive_disposals").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
  }

  openDisposal(packageId: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom("archive_disposals")
      .selectAll()
      .where("package_id", "=", packageId)
      .where("status", "=", "proposed")
      .executeTakeFirst();
  }

  updateDisposal(trx: Kysely<DB>, id: string, set: Partial<Omit<DisposalRow, "id" | "record">> & { record?: string }) {
    return trx.updateTable("archive_disposals").set(set).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
  }

  findDisposal(id: string, db: Kysely<DB> = this.db) {
    return db.selectFrom("archive_disposals").selectAll().where("id", "=", id).executeTakeFirst();
  }

  disposals(status?: string) {
    let q = this.db
      .selectFrom("archive_disposals")
      .innerJoin("archive_packages", "archive_packages.id", "archive_disposals.package_id")
      .selectAll("archive_disposals")
      .select("archive_packages.archive_no");
    if (status) q = q.where("archive_disposals.status", "=", status);
    return q.orderBy("archive_disposals.created_at", "desc").limit(200).execute();
  }

  async markDestroyed(trx: Kysely<DB>, id: string, at: Date) {
    await trx
      .updateTable("archive_packages")
      // The content is gone, so is its full text (the catalogued metadata stays searchable).
      .set({ status: "destroyed", file_id: null, destroyed_at: at, search_vector: "" })
      .where("id", "=", id)
      .execute();
  }

  // ── loans ──
  insertLoan(
    trx: Kysely<DB>,
    v: { packageId: string; borrower: string; borrowerName: string; purpose: string; days: number; at: Date },
  ) {
    return trx
      .insertInto("archive_loans")
      .values({
        package_id: v.packageId,
        borrower: v.borrower,
        borrower_name: v.borrowerName,
        purpose: v.purpose,
        days: v.days,
        created_at: v.at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async openLoans(borrower: string, now: Date, trx: Kysely<DB>): Promise<number> {
    const r = await trx
      .selectFrom("archive_loans")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("borrower", "=", borrower)
      .where((eb) =>
        eb.or([eb("status", "=", "requested"), eb.and([eb("status", "=", "approved"), eb("due_at", ">", now)])]),
      )
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  lockLoan(id: string, trx: Kysely<DB>) {
    return trx.selectFrom("archive_loans").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
  }

  updateLoan(trx: Kysely<DB>, id: string, set: Partial<Omit<LoanRow, "id">>) {
    return trx.updateTable("archive_loans").set(set).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
  }

  loans(f: { borrower?: string; status?: string }) {
    let q = this.db
      .selectFrom("archive_loans")
      .innerJoin("archive_packages", "archive_packages.id", "archive_loans.package_id")
      .selectAll("archive_loans")
      .select("archive_packages.archive_no");
    if (f.borrower) q = q.where("archive_loans.borrower", "=", f.borrower);
    if (f.status) q = q.where("archive_loans.status", "=", f.status);
    return q.orderBy("archive_loans.created_at", "desc").limit(200).execute();
  }

  /** The borrower's running loan of the package (its id), or undefined. */
  async activeLoan(packageId: string, borrower: string, now: Date): Promise<string | undefined> {
    const r = await this.db
      .selectFrom("archive_loans")
      .select("id")
      .where("package_id", "=", packageId)
      .where("borrower", "=", borrower)
      .where("status", "=", "approved")
      .where("due_at", ">", now)
      .executeTakeFirst();
    return r?.id;
  }
}
