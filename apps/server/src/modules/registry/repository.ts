import type { Insertable, Kysely, Selectable } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { BusinessRegistryTable, PopulationRegistryTable } from "./db.js";

export type PersonRow = Selectable<PopulationRegistryTable>;
export type BusinessRow = Selectable<BusinessRegistryTable>;

export class RegistryRepository {
  constructor(private readonly db: Kysely<DB>) {}

  findPerson(idBidx: Buffer): Promise<PersonRow | undefined> {
    return this.db
      .selectFrom("population_registry")
      .selectAll()
      .where("id_number_bidx", "=", idBidx)
      .executeTakeFirst();
  }

  findBusiness(uscc: string): Promise<BusinessRow | undefined> {
    return this.db.selectFrom("business_registry").selectAll().where("uscc", "=", uscc).executeTakeFirst();
  }

  /** A page of the population registry in a stable order (by blind index: no meaning, no leak). */
  listPeople(limit: number, offset: number): Promise<PersonRow[]> {
    return this.db
      .selectFrom("population_registry")
      .selectAll()
      .orderBy("id_number_bidx")
      .limit(limit)
      .offset(offset)
      .execute();
  }

  listBusinesses(limit: number, offset: number): Promise<BusinessRow[]> {
    return this.db.selectFrom("business_registry").selectAll().orderBy("uscc").limit(limit).offset(offset).execute();
  }

  businessFactsPage(limit: number, afterUscc: string | undefined, db: Kysely<DB> = this.db, only?: string) {
    let q = db
      .selectFrom("business_registry")
      .select([
        "uscc",
        "name",
        "status",
        "registered_on",
        "registered_capital",
        "industry_code",
        "district",
        "employees_insured",
        "tax_paid",
        "credit_grade",
      ])
      .orderBy("uscc")
      .limit(limit);
    if (afterUscc !== undefined) q = q.where("uscc", ">", afterUscc);
    if (only !== undefined) q = q.where("uscc", "=", only);
    return q.execute();
  }

  async updateFacts(uscc: string, set: Partial<BusinessRow>, db: Kysely<DB> = this.db): Promise<boolean> {
    if (Object.keys(set).length === 0) return false;
    const r = await db.updateTable("business_registry").set(set).where("uscc", "=", uscc).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async insertPeople(rows: Insertable<PopulationRegistryTable>[], db: Kysely<DB> = this.db): Promise<number> {
    if (rows.length === 0) return 0;
    const r = await db
      .insertInto("population_registry")
      .values(rows)
      .onConflict((oc) => oc.doNothing())
      .returning("name")
      .execute();
    return r.length;
  }

  async insertBusinesses(rows: Insertable<BusinessRegistryTable>[], db: Kysely<DB> = this.db): Promise<number> {
    if (rows.length === 0) return 0;
    const r = await db
      .insertInto("business_registry")
      .values(rows)
      .onConflict((oc) => oc.doNothing())
      .returning("uscc")
      .execute();
    return r.length;
  }
}
