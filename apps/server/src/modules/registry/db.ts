export interface PopulationRegistryTable {
  id_number_bidx: Buffer;
  id_number_enc: Buffer;
  name: string;
  gender: "male" | "female";
  birth_date: string;
  region_code: string;
}

export interface BusinessRegistryTable {
  uscc: string;
  name: string;
  legal_rep_name: string;
  legal_rep_id_bidx: Buffer;
  legal_rep_id_enc: Buffer;
  status: "active" | "revoked" | "cancelled";
  registered_on: string;
  /** Demo facts for policy matching (惠企政策): 万元, headcount, 万元, 信用等级 A–D. */
  registered_capital: number | null;
  industry_code: string | null;
  district: string | null;
  employees_insured: number | null;
  tax_paid: number | null;
  credit_grade: string | null;
}

declare module "../../platform/db/schema.js" {
  interface DB {
    population_registry: PopulationRegistryTable;
    business_registry: BusinessRegistryTable;
  }
}
