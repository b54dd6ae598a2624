/**
 * 利用: searching the catalogue, a package's detail (metadata, file list, check reports) and reading a
 * file of a package — the archivist always, other staff only under a running loan; every file read is
 * audited. Also the retention rules (保管期限 per catalog item) and on-request checks.
 */
import {
  type ArchiveCheckReport,
  type ArchiveMetadata,
  type ArchivePackageDetail,
  type ArchivePackageSummary,
  type ArchiveSearchResult,
  RETENTION_CLASS_TERMS,
  type RetentionClass,
} from "@yiwang/contracts";
import type { Principal } from "../../platform/auth/permissions.js";
import { can } from "../../platform/auth/permissions.js";
import { parseBag } from "./bagit.js";
import { type ArchiveDeps, actorRef } from "./context.js";
import { ArchiveErrors } from "./errors.js";
import type { CheckRun, FixityService } from "./fixity.service.js";
import type { PackageRow, PackageSearch } from "./repository.js";
import { watermarkPdf } from "./watermark.js";

function toSummary(r: PackageRow): ArchivePackageSummary {
  return {
    id: r.id,
    archiveNo: r.archive_no,
    title: r.title,
    retention: r.retention as RetentionClass,
    year: r.year,
    fonds: r.fonds,
    status: r.status as ArchivePackageSummary["status"],
    source: r.source as ArchivePackageSummary["source"],
    archivedAt: r.archived_at.toISOString(),
    lastCheckPassed: r.last_check_passed,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class CatalogueService {
  constructor(
    private readonly deps: ArchiveDeps,
    private readonly fixity: FixityService,
  ) {}

  async search(q: PackageSearch): Promise<ArchiveSearchResult> {
    const { rows, total } = await this.deps.repo.search(q);
    return { items: rows.map(toSummary), total };
  }

  async #row(id: string): Promise<PackageRow> {
    const row = UUID.test(id) ? await this.deps.repo.findPackage(id) : undefined;
    if (!row) throw ArchiveErrors.ARCHIVE_NOT_FOUND({ id });
    return row;
  }

  async detail(id: string): Promise<ArchivePackageDetail> {
    const row = await this.#row(id);
    const checks = await this.deps.repo.checks(id);
    return {
      ...toSummary(row),
      metadata: row.metadata as unknown as ArchiveMetadata,
      packageSha256: row.package_sha256,
      packageBytes: Number(row.package_bytes),
      files: Object.entries(row.files as Record<string, { size: number; sha256: string }>).map(([path, f]) => ({
        path,
        size: f.size,
        sha256: f.sha256,
      })),
      checks: checks.map(
        (c): ArchiveCheckReport => ({
          id: c.id,
          trigger: c.trigger as ArchiveCheckReport["trigger"],
          at: c.at.toISOString(),
          passed: c.passed,
          results: c.results as ArchiveCheckReport["results"],
        }),
      ),
      destroyedAt: row.destroyed_at?.toISOString() ?? null,
    };
  }

  /**
   * One file of the package (path relative to the bag), for the archivist (the original) or a borrower on
   * loan (a PDF as a watermarked copy, watermark.ts says why images are not).
   */
  async readFile(
    p: Principal,
    id: string,
    path: string,
  ): Promise<{ bytes: Buffer; path: string; watermarked: boolean }> {
    const row = await this.#row(id);
    if (row.status === "destroyed" || !row.package_sha256) throw ArchiveErrors.ARCHIVE_DESTROYED({ id });
    const now = this.deps.clock.now();
    const loanId = can(p, "archives.manage") ? undefined : await this.deps.repo.activeLoan(id, actorRef(p), now);
    if (!can(p, "archives.manage") && !loanId) throw ArchiveErrors.ARCHIVE_ACCESS_DENIED({ id });
    const bag = parseBag(await this.deps.files.blobs.get(row.package_sha256));
    const original = bag.files.get(path);
    if (!original) throw ArchiveErrors.ARCHIVE_FILE_NOT_FOUND({ path });
    let bytes = original;
    if (loanId && original.subarray(0, 5).toString("latin1") === "%PDF-")
      bytes = await watermarkPdf(original, { borrower: p.displayName, loanId, at: now });
    const watermarked = bytes !== original;
    await this.deps.audit.append({
      type: "archives.file_read",
      actor: actorRef(p),
      subject: `archive:${id}`,
      payload: { path, size: original.length, ...(loanId ? { loanId, watermarked } : {}) },
    });
    return { bytes, path, watermarked };
  }

  async checkNow(id: string): Promise<CheckRun> {
    const row = await this.#row(id);
    if (row.status === "destroyed") throw ArchiveErrors.ARCHIVE_DESTROYED({ id });
    return this.deps.db.transaction().execute((trx) => this.fixity.check(trx, row, "manual"));
  }

  async setRetention(p: Principal, itemCode: string, retention: string) {
    if (!RETENTION_CLASS_TERMS.some((t) => t.code === retention))
      throw ArchiveErrors.ARCHIVE_RETENTION_UNKNOWN({ retention });
    await this.deps.db.transaction().execute(async (trx) => {
      await this.deps.repo.setRetention(trx, { itemCode, retention, by: actorRef(p), at: this.deps.clock.now() });
      await this.deps.audit.append(
        {
          type: "archives.retention_set",
          actor: actorRef(p),
          subject: `catalog-item:${itemCode}`,
          payload: { retention },
        },
        trx,
      );
    });
    return { itemCode, retention: retention as RetentionClass };
  }
}
