import type { ColumnType, Generated } from "kysely";

/** jsonb: read as the parsed value, written as JSON text. */
type Json<T> = ColumnType<T, string, string>;
/** text[] with a database default: optional on insert. */
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

/** A published column as stored (the public ones only). */
export interface StoredField {
  id: string;
  label: string;
  type: "text" | "integer" | "number" | "date" | "boolean";
}

export interface OpendataDatasetsTable {
  id: Generated<string>;
  name: string;
  title: string;
  description: string;
  department_id: string;
  open_level: string;
  themes: TextArray;
  keywords: TextArray;
  formats: TextArray;
  license_id: string;
  frequency: string;
  spatial: string | null;
  temporal_start: string | null;
  temporal_end: string | null;
  contact_name: string;
  contact_email: string;
  version: Generated<number>;
  search_text: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface OpendataResourcesTable {
  id: Generated<string>;
  dataset_id: string;
  name: string;
  description: Generated<string>;
  format: string;
  fields: Json<StoredField[]>;
  row_count: number;
  size_bytes: number;
  sha256: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface OpendataRowsTable {
  resource_id: string;
  row_no: number;
  data: Json<Record<string, unknown>>;
  /** tsvector, written as a literal built in Node. */
  search: string;
}

export interface OpendataApplicationsTable {
  id: Generated<string>;
  dataset_id: string;
  account_id: string;
  acting_for: string | null;
  purpose: string;
  scenario: string;
  status: Generated<string>;
  agreement: string | null;
  valid_until: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  reason: string | null;
  key_hash: Buffer | null;
  key_prefix: string | null;
  created_at: Generated<Date>;
}

export interface OpendataDatasetStatsTable {
  dataset_id: string;
  /** The local (platform time zone) day, as YYYY-MM-DD. */
  day: string;
  views: Generated<number>;
  downloads: Generated<number>;
  api_calls: Generated<number>;
}

declare module "../../platform/db/schema.js" {
  interface DB {
    opendata_datasets: OpendataDatasetsTable;
    opendata_resources: OpendataResourcesTable;
    opendata_rows: OpendataRowsTable;
    opendata_applications: OpendataApplicationsTable;
    opendata_dataset_stats: OpendataDatasetStatsTable;
  }
}
