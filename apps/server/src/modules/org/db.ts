import type { Generated } from "kysely";

export interface DepartmentsTable {
  id: Generated<string>;
  key: string;
  code: string;
  name: string;
  name_en: string | null;
  region_code: string;
  parent_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

declare module "../../platform/db/schema.js" {
  interface DB {
    departments: DepartmentsTable;
  }
}
