/** The catalog module's public surface: other modules (cases) use these, never the catalog tables. */
import type { LicenseType } from "@yiwang/contracts";
import type { FastifyInstance } from "fastify";
import { BundleService } from "./bundles.service.js";
import { FileService } from "./files.service.js";
import { HelpService } from "./help/help.service.js";
import { ItemService } from "./items.service.js";
import { catalogAdminRoutes } from "./routes/admin.js";
import { helpRoutes } from "./routes/help.js";
import { catalogPublicRoutes } from "./routes/public.js";
import { SearchService } from "./search/search.service.js";
import { WorkbookService } from "./workbook.service.js";

export type { AuditAppender } from "./audit.js";
export { BundleService } from "./bundles.service.js";
export { FileService } from "./files.service.js";
export { HelpService } from "./help/help.service.js";
export { ItemService } from "./items.service.js";
export { loadReferences } from "./references.js";
export { SearchService } from "./search/search.service.js";
/** Chinese segmentation (jieba) for other modules' full-text search (archives): one analyser for the platform. */
export { indexTokens, queryWords, quoteLexeme, subWords, tsvectorLiteral } from "./search/segment.js";
export { seedSyntheticItems } from "./synthetic.js";

export interface CatalogServices {
  items: ItemService;
  bundles: BundleService;
  search: SearchService;
  /** The help centre: FAQ answers (GET /api/help). */
  help: HelpService;
  workbook: WorkbookService;
  files: FileService;
  licenseTypes(): Promise<LicenseType[]>;
}

export async function registerCatalogModule(app: FastifyInstance): Promise<CatalogServices> {
  const { db, audit, cache } = app.platform;
  const items = new ItemService(db, audit, cache);
  const bundles = new BundleService(db, audit, cache);
  const search = new SearchService(db, cache, app.log);
  const help = new HelpService(db, () => search.synonyms(), cache);
  // Guides published before the help centre existed get their FAQ entries indexed once.
  await help.repo.indexMissing();
  const services: CatalogServices = {
    items,
    bundles,
    search,
    help,
    workbook: new WorkbookService(db, audit, items, bundles, cache),
    files: new FileService(db, audit),
    licenseTypes: async () =>
      (await db.selectFrom("catalog_license_types").selectAll().orderBy("code").execute()).map((r) => ({
        code: r.code,
        name: r.name,
        nameEn: r.name_en,
        issuer: r.issuer,
        holder: r.holder as LicenseType["holder"],
      })),
  };
  await app.register(catalogPublicRoutes, { prefix: "/api/catalog", services });
  await app.register(catalogAdminRoutes, { prefix: "/api/catalog/admin", services });
  await app.register(helpRoutes, { prefix: "/api/help", help });
  return services;
}
