import type { BundleInput, ImportReport, ServiceItemInput } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { CacheRegistry } from "../../platform/cache/index.js";
import type { DB } from "../../platform/db/schema.js";
import { assertZipWithinLimits, zipEntryNames } from "../../platform/files/index.js";
import type { AuditAppender } from "./audit.js";
import { type BundleService, bundleContent } from "./bundles.service.js";
import { CatalogErrors } from "./errors.js";
import { writeWorkbook } from "./excel/export.js";
import { parseWorkbook } from "./excel/parse.js";
import { CATALOG_CACHE, type ItemService } from "./items.service.js";
import { loadReferences } from "./references.js";

class DryRun extends Error {
  constructor(readonly report: ImportReport) {
    super("dry run");
  }
}

/** The whole catalog as an Excel workbook: export, and import with per-cell error reports. */
export class WorkbookService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditAppender,
    private readonly items: ItemService,
    private readonly bundles: BundleService,
    private readonly cache: CacheRegistry,
  ) {}

  async export(): Promise<Buffer> {
    const [items, bundles, synonyms] = await Promise.all([
      this.items.repo.latestContents(),
      this.db.selectFrom("catalog_bundles").selectAll().orderBy("code").execute(),
      this.db.selectFrom("catalog_synonyms").select(["term", "expansions"]).orderBy("term").execute(),
    ]);
    return writeWorkbook({
      items: items.map((r) => ({
        content: r.content as ServiceItemInput,
        // the latest version's state: an unpublished edit of a published item exports as a draft
        status: r.version_status === "draft" ? "draft" : (r.status as "published" | "retired"),
        version: r.latest_version,
      })),
      bundles: bundles.map((b) => ({
        content: bundleContent(b),
        status: b.status as "draft" | "published" | "retired",
      })),
      synonyms,
    });
  }

  /**
   * Imports a workbook in one transaction. mode "all": any bad cell → 422 with every error, nothing
   * written. mode "valid": items/bundles with errors are skipped and reported, the rest is written.
   * Items are matched by code: identical content changes nothing; new content becomes a new version
   * (published when the row says 已发布). Items missing from the workbook are left alone.
   */
  async import(bytes: Buffer, opts: { mode: "all" | "valid"; dryRun: boolean }, actor: string): Promise<ImportReport> {
    // Before the parser inflates anything: a 400 kB workbook could unpack to 400 MB (413/422, nothing read).
    // (Not a ZIP at all is left to the reader: CATALOG_WORKBOOK_UNREADABLE as before.)
    if (zipEntryNames(bytes)) assertZipWithinLimits(bytes);
    const { default: ExcelJS } = await import("exceljs"); // ≈ 0.3 s to load: only when a workbook is needed
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch {
      throw CatalogErrors.CATALOG_WORKBOOK_UNREADABLE();
    }
    try {
      const report = await this.db.transaction().execute(async (trx) => {
        const refs = await loadReferences(trx);
        const existing = new Set((await trx.selectFrom("catalog_items").select("code").execute()).map((r) => r.code));
        const parsed = parseWorkbook(wb, refs, existing);
        if (parsed.errors.length && opts.mode === "all")
          throw CatalogErrors.CATALOG_IMPORT_INVALID({ errors: parsed.errors });

        const report: ImportReport = {
          dryRun: opts.dryRun,
          items: { created: 0, updated: 0, unchanged: 0 },
          bundles: { created: 0, updated: 0, unchanged: 0 },
          synonyms: 0,
          skippedItems: parsed.badItems,
          errors: parsed.errors,
        };
        const retireLater: string[] = [];
        for (const { input, status } of parsed.items) {
          const { outcome } = await this.items.save(input, actor, trx);
          let changed = outcome !== "unchanged";
          const item = await this.items.repo.findItem(input.code, trx);
          const latest = item && (await this.items.repo.findVersion(input.code, item.latest_version, trx));
          if (status !== "draft" && item?.status !== "retired" && latest?.status === "draft") {
            await this.items.publishLatest(input.code, actor, trx, refs);
            changed = true;
          }
          if (status === "retired" && item?.status !== "retired") retireLater.push(input.code);
          if (outcome === "created") report.items.created++;
          else if (changed || (status === "retired" && item?.status !== "retired")) report.items.updated++;
          else report.items.unchanged++;
        }
        for (const { input, status } of parsed.bundles) {
          const outcome = await this.bundles.save(input as BundleInput, actor, trx);
          const row = await trx
            .selectFrom("catalog_bundles")
            .select("status")
            .where("code", "=", input.code)
            .executeTakeFirstOrThrow();
          let changed = outcome !== "unchanged";
          if (status !== "draft" && row.status === "draft") {
            await this.bundles.publishIn(input.code, actor, trx);
            changed = true;
          }
          if (status === "retired" && row.status !== "retired") {
            await this.bundles.retireIn(input.code, actor, trx);
            changed = true;
          }
          if (outcome === "created") report.bundles.created++;
          else if (changed) report.bundles.updated++;
          else report.bundles.unchanged++;
        }
        for (const code of retireLater) await this.items.retireIn(code, actor, trx);
        if (parsed.synonyms) {
          await trx.deleteFrom("catalog_synonyms").execute();
          if (parsed.synonyms.length) await trx.insertInto("catalog_synonyms").values(parsed.synonyms).execute();
          report.synonyms = parsed.synonyms.length;
        }
        await this.audit.append(
          {
            type: "catalog.imported",
            actor,
            subject: "catalog",
            payload: {
              items: report.items,
              bundles: report.bundles,
              synonyms: report.synonyms,
              skipped: report.skippedItems,
            },
          },
          trx,
        );
        await this.cache.invalidate(trx, CATALOG_CACHE); // undone with the rest by a dry run's rollback
        if (opts.dryRun) throw new DryRun(report);
        return report;
      });
      return report;
    } catch (err) {
      if (err instanceof DryRun) return err.report;
      throw err;
    }
  }
}
