import { isRegionCode, isUscc } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import { seedAppointments } from "../modules/appointments/index.js";
import { seedExchange } from "../modules/exchange/index.js";
import { type DemoAccounts, seedIdentityDemo } from "../modules/identity/index.js";
import { type DemoHolders, seedLicenseTypes } from "../modules/licenses/index.js";
import { seedOpendata } from "../modules/opendata/index.js";
import { DepartmentRepository } from "../modules/org/index.js";
import { type MatchScheduler, seedPolicies } from "../modules/policies/index.js";
import { type RegisteredBusiness, type RegisteredPerson, RegistryService } from "../modules/registry/index.js";
import { seedSupervision } from "../modules/supervision/index.js";
import { invalidateAllCaches } from "../platform/cache/index.js";
import { CalendarRepository } from "../platform/calendar/calendar.repository.js";
import type { SpecialDay } from "../platform/calendar/work-calendar.js";
import { type AppConfig, loadConfig } from "../platform/config.js";
import { cryptoSuite } from "../platform/crypto/suite.js";
import type { DB } from "../platform/db/schema.js";
import { seedCatalog } from "./catalog.js";
import businesses from "./data/businesses.json" with { type: "json" };
import catalogItems from "./data/catalog-items.json" with { type: "json" };
import demoAccounts from "./data/demo-accounts.json" with { type: "json" };
import departments from "./data/departments.json" with { type: "json" };
import population from "./data/population.json" with { type: "json" };
import calendar from "./data/work-calendar-cn.json" with { type: "json" };

/**
 * Demo data of the fictional city 示例市 (region 990100): its departments, the 2025–2026 work calendar,
 * the demo population and business registries, and (outside production) demo accounts. Idempotent: rows
 * that exist (by USCC code, by date, by ID number, by phone or user name) are left alone, so a re-run
 * never overwrites what an administrator edited. Everything is written in one transaction.
 */
export interface SeedReport {
  departments: number;
  calendarDays: number;
  registryPeople: number;
  registryBusinesses: number;
  accounts: number;
  catalogItems: number;
  catalogBundles: number;
  exchangeResources: number;
  /** License types whose validity and fields were filled. */
  licenseTypes: number;
  /** Demo open datasets (公共数据开放). */
  opendataDatasets: number;
  supervisionTargets: number;
  /** Demo service halls (网上预约). */
  appointmentHalls: number;
}

/** `config` supplies the personal-data keys (and says whether this is production); defaults for tests. */
export async function seedDemo(
  db: Kysely<DB>,
  config: AppConfig = loadConfig({ NODE_ENV: "test" }),
): Promise<SeedReport> {
  for (const d of departments) {
    if (!isUscc(d.code) || !isRegionCode(d.regionCode)) throw new Error(`seed data: invalid department ${d.key}`);
  }
  const { pii } = cryptoSuite(config);
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
    const registry = new RegistryService(trx, pii);
    const people = await registry.loadPeople(population.people as RegisteredPerson[], trx);
    const firms = await registry.loadBusinesses(businesses.enterprises as RegisteredBusiness[], trx);
    let accounts = 0;
    if (config.env !== "production") {
      const ids = await trx.selectFrom("departments").select(["id", "key"]).execute();
      const result = await seedIdentityDemo(
        trx,
        pii,
        config.secrets.dataEncryptionKey,
        demoAccounts as DemoAccounts,
        new Map(ids.map((d) => [d.key, d.id])),
        new Map(businesses.enterprises.map((b) => [b.uscc, b.name])),
      );
      accounts = result.accounts;
    }
    let licenseTypes = 0;
    const catalog = await seedCatalog(trx, undefined, async (trx) => {
      licenseTypes = await seedLicenseTypes(trx);
    });
    const exchangeResources = await seedExchange(trx);
    const opendataDatasets = await seedOpendata(trx);
    const supervisionTargets = await seedSupervision(trx);
    const appointmentHalls = await seedAppointments(trx, catalogItems);
    await invalidateAllCaches(trx); // running nodes (`yiwang seed` beside them) re-read everything on commit
    return {
      departments: deps,
      calendarDays: days,
      registryPeople: people,
      registryBusinesses: firms,
      accounts,
      catalogItems: catalog.items,
      catalogBundles: catalog.bundles,
      exchangeResources,
      licenseTypes,
      opendataDatasets,
      supervisionTargets,
      appointmentHalls,
    };
  });
}

/**
 * The demo policies (惠企政策): one 免申即享 and one 快申快享 benefit, published, with the match armed to run at
 * once. Apart from `seedDemo` because it arms a job: tests that seed the city must not get a match run (and
 * its notices) they did not ask for. Idempotent; returns how many benefits were added.
 */
export function seedDemoPolicies(db: Kysely<DB>, jobs: MatchScheduler, now = new Date()): Promise<number> {
  return db.transaction().execute((trx) => seedPolicies(trx, jobs, now));
}

/** Who the demo licenses are for: demo citizens with a verified real name, and the demo enterprises. */
export function demoHolders(): DemoHolders {
  const accounts = demoAccounts as DemoAccounts;
  const byUscc = new Map(businesses.enterprises.map((b) => [b.uscc, b]));
  return {
    people: accounts.citizens.flatMap((c) =>
      c.level >= 2 && c.idNumber && c.name ? [{ name: c.name, idNumber: c.idNumber }] : [],
    ),
    enterprises: accounts.enterprises.flatMap((e) => {
      const b = byUscc.get(e.uscc);
      return b ? [{ uscc: b.uscc, name: b.name, legalRep: b.legalRepName }] : [];
    }),
  };
}
