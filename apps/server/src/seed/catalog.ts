import { BundleInput, ServiceItemInput } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import {
  type AuditAppender,
  BundleService,
  FileService,
  ItemService,
  loadReferences,
  seedSyntheticItems,
} from "../modules/catalog/index.js";
import type { DB } from "../platform/db/schema.js";
import bundles from "./data/catalog-bundles.json" with { type: "json" };
import items from "./data/catalog-items.json" with { type: "json" };
import licenseTypes from "./data/catalog-license-types.json" with { type: "json" };
import synonyms from "./data/catalog-synonyms.json" with { type: "json" };
import helpPopular from "./data/help-popular.json" with { type: "json" };

/**
 * The demo catalog: every item and bundle of the shared fixtures (enriched with conditions, legal basis,
 * FAQ and service halls), published; license types; search synonyms; blank application forms (generated
 * .xlsx) for the materials that are forms. Idempotent: existing items, bundles, types and synonyms are
 * left as they are. Like the other demo data, not written to the audit log unless an appender is given.
 */
export interface CatalogSeedReport {
  items: number;
  bundles: number;
}

const NO_AUDIT: AuditAppender = { append: async () => {} };
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const ACTOR = "system:seed";

async function blankForm(title: string): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("表格");
  ws.columns = [{ width: 22 }, { width: 50 }];
  ws.mergeCells("A1:B1");
  ws.getCell("A1").value = title;
  ws.getCell("A1").font = { bold: true, size: 16 };
  ws.getCell("A1").alignment = { horizontal: "center" };
  for (const label of [
    "申请人（单位）名称",
    "统一社会信用代码 / 身份证号码",
    "联系人",
    "联系电话",
    "地址",
    "申请事项说明",
    "申请日期",
    "申请人签字（盖章）",
  ])
    ws.addRow([label, ""]).height = 28;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * `withTypes` runs once the license types exist and before any item is checked: the licenses module fills in
 * their fields there, which the items' `license:<type>.<field>` prefill sources are checked against.
 */
export async function seedCatalog(
  trx: Kysely<DB>,
  audit: AuditAppender = NO_AUDIT,
  withTypes: (trx: Kysely<DB>) => Promise<unknown> = async () => {},
): Promise<CatalogSeedReport> {
  await trx
    .insertInto("catalog_license_types")
    .values(
      licenseTypes.map((l) => ({ code: l.code, name: l.name, name_en: l.nameEn, issuer: l.issuer, holder: l.holder })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
  await withTypes(trx);
  await trx
    .insertInto("catalog_synonyms")
    .values(synonyms)
    .onConflict((oc) => oc.doNothing())
    .execute();

  const itemService = new ItemService(trx, audit);
  const bundleService = new BundleService(trx, audit);
  const files = new FileService(trx, audit);
  const refs = await loadReferences(trx);
  let newItems = 0;
  for (const raw of items) {
    const input = ServiceItemInput.parse(raw);
    if (await itemService.repo.findItem(input.code, trx)) continue;
    for (const m of input.materials) {
      if (!/(申请书|申请表|登记表)$/.test(m.name)) continue;
      const stored = await files.store(`${m.name}.xlsx`, XLSX, await blankForm(m.name), ACTOR, trx);
      m.blankForm = stored.url;
    }
    itemService.checkContent(input, refs);
    await itemService.save(input, ACTOR, trx);
    await itemService.publishLatest(input.code, ACTOR, trx, refs);
    newItems++;
  }
  let newBundles = 0;
  for (const raw of bundles) {
    const input = BundleInput.parse(raw);
    if (await trx.selectFrom("catalog_bundles").select("code").where("code", "=", input.code).executeTakeFirst())
      continue;
    await bundleService.save(input, ACTOR, trx);
    await bundleService.publishIn(input.code, ACTOR, trx);
    newBundles++;
  }
  // The help centre's common questions, unless an operator has curated them already.
  if (!(await trx.selectFrom("catalog_faq_popular").select("code").limit(1).executeTakeFirst()))
    await itemService.faq.setPopular(helpPopular, trx);
  return { items: newItems, bundles: newBundles };
}

export { seedSyntheticItems };
