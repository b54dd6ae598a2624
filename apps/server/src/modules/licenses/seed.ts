import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import licenseTypes from "../../seed/data/catalog-license-types.json" with { type: "json" };
import typeFields from "../../seed/data/license-type-fields.json" with { type: "json" };

/**
 * The demo license types' validity and fields (the catalog seed creates the types themselves). Only
 * types that still have no fields are filled, so a re-run never overwrites an administrator's edits.
 */
export async function seedLicenseTypes(trx: Kysely<DB>): Promise<number> {
  let updated = 0;
  for (const t of licenseTypes) {
    const fields = (typeFields as Record<string, unknown[]>)[t.code] ?? [];
    const r = await trx
      .updateTable("license_types")
      .set({ valid_years: t.validYears, fields: JSON.stringify(fields) })
      .where("code", "=", t.code)
      .where("fields", "=", JSON.stringify([]))
      .executeTakeFirst();
    updated += Number(r.numUpdatedRows);
  }
  return updated;
}
