/** The catalog module's public surface: other modules (cases) use these, never the catalog tables. */
import type { LicenseType } from "@yiwang/contracts";
import type { FastifyInstance } from "fastify";
import { Counter, type Registry } from "prom-client";
import { BundleService } from "./bundles.service.js";
import { CatalogChanges } from "./changes.js";
import { FileService } from "./files.service.js";
import { ItemService } from "./items.service.js";
import { catalogAdminRoutes } from "./routes/admin.js";
import { catalogPublicRoutes } from "./routes/public.js";
import { SearchService } from "./search/search.service.js";
import { WorkbookService } from "./workbook.service.js";

export type { AuditAppender } from "./audit.js";
export { BundleService } from "./bundles.service.js";
export { FileService } from "./files.service.js";
export { ItemService } from "./items.service.js";
export { loadReferences } from "./references.js";
export { SearchService } from "./search/search.service.js";
export { seedSyntheticItems } from "./synthetic.js";

export interface CatalogServices {
  items: ItemService;
  bundles: BundleService;
  search: SearchService;
  workbook: WorkbookService;
  files: FileService;
  licenseTypes(): Promise<LicenseType[]>;
}

export async function registerCatalogModule(
  app: FastifyInstance,
  options: { metrics?: Registry } = {},
): Promise<CatalogServices> {
  const { db, audit } = app.platform;
  const changes = new CatalogChanges();
  // The result cache's hit ratio, for operators sizing it (and for the benchmark's query mix).
  const lookups = new Counter({
    name: "catalog_search_cache_total",
    help: "Catalog searches answered from the result cache (hit) or the database (miss)",
    labelNames: ["result"] as const,
    registers: options.metrics ? [options.metrics] : [],
  });
  const items = new ItemService(db, audit, changes);
  const bundles = new BundleService(db, audit, changes);
  const search = new SearchService(db, changes, 30, (hit) => lookups.inc({ result: hit ? "hit" : "miss" }));
  const services: CatalogServices = {
    items,
    bundles,
    search,
    workbook: new WorkbookService(db, audit, items, bundles, changes),
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
  return services;
}
