import { isRegionCode, isUscc } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import { DepartmentRepository } from "../modules/org/index.js";
import { CalendarRepository } from "../platform/calendar/calendar.repository.js";
import type { SpecialDay } from "../platform/calendar/work-calendar.js";
import type { DB } from "../platform/db/schema.js";
import { seedCatalog } from "./catalog.js";
import departments from "./data/departments.json" with { type: "json" };
import calendar from "./data/work-calendar-cn.json" with { type: "json" };

/**
 * Demo data of the fictional city 示例市 (region 990100): its departments and the 2025–2026 work calendar.
 * Idempotent: rows that exist (by USCC code, by date) are left alone, so a re-run never overwrites what an
 * administrator edited. Everything is written in one transaction.
 */
export interface SeedReport {
  departments: number;
  calendarDays: number;
  catalogItems: number;
  catalogBundles: number;
}

export async function seedDemo(db: Kysely<DB>): Promise<SeedReport> {
  for (const d of departments) {
    if (!isUscc(d.code) || !isRegionCode(d.regionCode)) throw new Error(`seed data: invalid department ${d.key}`);
  }
  return db.transaction().execute(async (trx) => {
    const deps = await new DepartmentRepository(trx).insertMissing(
      departments.map((d) => ({
        key: d.key,
        code: d.code,
        name: d.name,
        name_en: d.nameEn,
        region_code: d.regionCode,
        parent_id: null,
      })),
      trx,
    );
    const days = await new CalendarRepository(trx).insertMissing(calendar.days as SpecialDay[], trx);
    const catalog = await seedCatalog(trx);
    return { departments: deps, calendarDays: days, catalogItems: catalog.items, catalogBundles: catalog.bundles };
  });
}
