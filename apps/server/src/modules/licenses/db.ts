import type { ColumnType, Generated } from "kysely";

/** jsonb: read as a value, written as JSON text. */
type Json<T> = ColumnType<T, string, string>;

export interface LicenseTypesTable {
  code: string;
  name: string;
  name_en: string | null;
  issuer: string;
  holder: string;
  valid_years: number | null;
  fields: Json<unknown>;
  updated_at: Generated<Date>;
}

export interface LicenseSerialsTable {
  type_code: string;
  department_id: string;
  last: number;
}

export interface LicenseStatusListsTable {
  department_id: string;
  next_index: Generated<number>;
  size: Generated<number>;
}

export interface LicensesTable {
  id: Generated<string>;
  identifier: string;
  type_code: string;
  department_id: string;
  serial: number;
  version: Generated<number>;
  holder_kind: "person" | "enterprise";
  holder_name: string;
  holder_uscc: string | null;
  holder_id_enc: Buffer | null;
  holder_id_bidx: Buffer | null;
  holder_enterprise_id: string | null;
  holder_account_id: string | null;
  fields: Json<Record<string, string>>;
  issued_at: Date;
  valid_from: string;
  valid_until: string | null;
  status: Generated<"valid" | "suspended" | "revoked">;
  status_reason: string | null;
  status_changed_at: Date | null;
  status_index: number;
  source: "case" | "import";
  case_id: string | null;
  seal_id: string;
  pdf_file_id: string | null;
  pdf_sha256: string | null;
  credential: string;
  qr_token: string;
  issued_by: string;
  created_at: Generated<Date>;
}

export interface LicenseUsesTable {
  id: Generated<string>;
  license_id: string;
  case_id: string;
  material: string;
  consented_by: string;
  consented_at: Date;
  flagged_at: Date | null;
  flagged_status: string | null;
}

declare module "../../platform/db/schema.js" {
  interface DB {
    license_types: LicenseTypesTable;
    license_serials: LicenseSerialsTable;
    license_status_lists: LicenseStatusListsTable;
    licenses: LicensesTable;
    license_uses: LicenseUsesTable;
  }
}
