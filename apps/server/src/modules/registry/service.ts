import { idNumberBirthDate, normalizeIdNumber } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { PiiCipher } from "../../platform/crypto/pii.js";
import type { DB } from "../../platform/db/schema.js";
import { type BusinessRow, type PersonRow, RegistryRepository } from "./repository.js";

export interface RegisteredPerson {
  name: string;
  idNumber: string;
  gender: "male" | "female";
  birthDate?: string;
  regionCode?: string;
}

export interface RegisteredBusiness {
  uscc: string;
  name: string;
  legalRepName: string;
  legalRepIdNumber: string;
  status: "active" | "revoked" | "cancelled";
  registeredOn: string;
}

/** A business as loaded into the demo registry: with its demo facts (一企一档) for policy matching. */
export type BusinessLoad = RegisteredBusiness & { facts?: BusinessFactValues };

/** The business registry's facts about an enterprise that policy matching reads (null = not on record). */
export interface BusinessFactValues {
  registeredCapital?: number | null;
  industryCode?: string | null;
  district?: string | null;
  employeesInsured?: number | null;
  taxPaid?: number | null;
  creditGrade?: string | null;
}

export interface BusinessFacts extends Required<BusinessFactValues> {
  uscc: string;
  name: string;
  status: "active" | "revoked" | "cancelled";
  registeredOn: string;
}

/**
 * The platform-hosted demo registries: the population registry (人口库) that real-name checks match
 * against, and the business registry (法人库) that binds an enterprise to its legal representative. In a
 * deployment these are other departments' systems. The exchange gateway serves both as hosted sources
 * (`person`, `people`, `businessRecord`, `businesses`); identity's enterprise binding reads `business`
 * directly (see index.ts for why). Lookups go by blind index: no ID number in clear, ever.
 */
export class RegistryService {
  readonly repo: RegistryRepository;
  constructor(
    db: Kysely<DB>,
    private readonly pii: PiiCipher,
  ) {
    this.repo = new RegistryRepository(db);
  }

  /** Whether the population registry holds this exact name for this ID number. */
  async personMatches(name: string, idNumber: string): Promise<boolean> {
    const person = await this.repo.findPerson(this.pii.blindIndex("id_number", normalizeIdNumber(idNumber)));
    return person !== undefined && person.name === name.trim();
  }

  /** The registered enterprise, with its representative's ID number as a blind index for matching. */
  async business(uscc: string) {
    const b = await this.repo.findBusiness(uscc);
    if (!b) return undefined;
    return {
      uscc: b.uscc,
      name: b.name,
      legalRepName: b.legal_rep_name,
      legalRepIdBidx: b.legal_rep_id_bidx,
      status: b.status,
      registeredOn: b.registered_on,
    };
  }

  /**
   * Full records with the ID numbers decrypted, for the exchange gateway only: it serves them to approved
   * consumers, masks what the approval does not grant in clear, and logs every call.
   */
  async person(idNumber: string): Promise<RegisteredPerson | undefined> {
    const row = await this.repo.findPerson(this.pii.blindIndex("id_number", normalizeIdNumber(idNumber)));
    return row && this.#person(row);
  }

  async people(limit: number, offset: number): Promise<RegisteredPerson[]> {
    return (await this.repo.listPeople(limit, offset)).map((r) => this.#person(r));
  }

  async businessRecord(uscc: string): Promise<RegisteredBusiness | undefined> {
    const row = await this.repo.findBusiness(uscc);
    return row && this.#business(row);
  }

  async businesses(limit: number, offset: number): Promise<RegisteredBusiness[]> {
    return (await this.repo.listBusinesses(limit, offset)).map((r) => this.#business(r));
  }

  /**
   * A page of enterprises with their facts, in USCC order after `afterUscc` (keyset: the nightly match reads
   * the whole registry). No personal data: the representative is not part of it.
   */
  async businessFacts(limit: number, afterUscc?: string, db?: Kysely<DB>, only?: string): Promise<BusinessFacts[]> {
    const rows = await this.repo.businessFactsPage(limit, afterUscc, db, only);
    return rows.map((r) => ({
      uscc: r.uscc,
      name: r.name,
      status: r.status,
      registeredOn: r.registered_on,
      registeredCapital: r.registered_capital,
      industryCode: r.industry_code,
      district: r.district,
      employeesInsured: r.employees_insured,
      taxPaid: r.tax_paid,
      creditGrade: r.credit_grade,
    }));
  }

  /** One enterprise's facts (the 政策计算器, the editor's test panel). */
  async businessFactsOf(uscc: string): Promise<BusinessFacts | undefined> {
    const [b] = await this.businessFacts(1, undefined, undefined, uscc);
    return b;
  }

  /** The demo registry's data change (another department's system would update its own records). */
  async updateBusinessFacts(uscc: string, facts: BusinessFactValues, db?: Kysely<DB>): Promise<boolean> {
    return this.repo.updateFacts(uscc, factColumns(facts), db);
  }

  #person(r: PersonRow): RegisteredPerson {
    return {
      idNumber: this.pii.decrypt("id_number", r.id_number_enc),
      name: r.name,
      gender: r.gender,
      birthDate: r.birth_date,
      regionCode: r.region_code,
    };
  }

  #business(r: BusinessRow): RegisteredBusiness {
    return {
      uscc: r.uscc,
      name: r.name,
      legalRepName: r.legal_rep_name,
      legalRepIdNumber: this.pii.decrypt("id_number", r.legal_rep_id_enc),
      status: r.status,
      registeredOn: r.registered_on,
    };
  }

  async loadPeople(people: readonly RegisteredPerson[], db?: Kysely<DB>): Promise<number> {
    return this.repo.insertPeople(
      people.map((p) => {
        const id = normalizeIdNumber(p.idNumber);
        return {
          id_number_bidx: this.pii.blindIndex("id_number", id),
          id_number_enc: this.pii.encrypt("id_number", id),
          name: p.name,
          gender: p.gender,
          birth_date: p.birthDate ?? idNumberBirthDate(id),
          region_code: p.regionCode ?? id.slice(0, 6),
        };
      }),
      db,
    );
  }

  async loadBusinesses(list: readonly BusinessLoad[], db?: Kysely<DB>): Promise<number> {
    return this.repo.insertBusinesses(
      list.map((b) => {
        const id = normalizeIdNumber(b.legalRepIdNumber);
        return {
          uscc: b.uscc,
          name: b.name,
          legal_rep_name: b.legalRepName,
          legal_rep_id_bidx: this.pii.blindIndex("id_number", id),
          legal_rep_id_enc: this.pii.encrypt("id_number", id),
          status: b.status,
          registered_on: b.registeredOn,
          ...factColumns(b.facts ?? {}),
        };
      }),
      db,
    );
  }
}

function factColumns(f: BusinessFactValues) {
  const out: Partial<
    Pick<
      BusinessRow,
      "registered_capital" | "industry_code" | "district" | "employees_insured" | "tax_paid" | "credit_grade"
    >
  > = {};
  if (f.registeredCapital !== undefined) out.registered_capital = f.registeredCapital;
  if (f.industryCode !== undefined) out.industry_code = f.industryCode;
  if (f.district !== undefined) out.district = f.district;
  if (f.employeesInsured !== undefined) out.employees_insured = f.employeesInsured;
  if (f.taxPaid !== undefined) out.tax_paid = f.taxPaid;
  if (f.creditGrade !== undefined) out.credit_grade = f.creditGrade;
  return out;
}

/** Re-seals the registries' ID numbers under the current key (see identity/reencrypt.ts). */
export async function reencryptRegistries(db: Kysely<DB>, pii: PiiCipher): Promise<number> {
  let changed = 0;
  const people = await db.selectFrom("population_registry").select(["id_number_bidx", "id_number_enc"]).execute();
  const firms = await db.selectFrom("business_registry").select(["uscc", "legal_rep_id_enc"]).execute();
  await db.transaction().execute(async (trx) => {
    for (const p of people) {
      if (pii.isCurrent(p.id_number_enc)) continue;
      const id = pii.decrypt("id_number", p.id_number_enc);
      await trx
        .updateTable("population_registry")
        .set({ id_number_enc: pii.encrypt("id_number", id) })
        .where("id_number_bidx", "=", p.id_number_bidx)
        .execute();
      changed++;
    }
    for (const f of firms) {
      if (pii.isCurrent(f.legal_rep_id_enc)) continue;
      const id = pii.decrypt("id_number", f.legal_rep_id_enc);
      await trx
        .updateTable("business_registry")
        .set({ legal_rep_id_enc: pii.encrypt("id_number", id) })
        .where("uscc", "=", f.uscc)
        .execute();
      changed++;
    }
  });
  return changed;
}
