import type { ColumnType, Generated } from "kysely";

type Json<T> = ColumnType<T, string, string>;

export interface CatalogLicenseTypesTable {
  code: string;
  name: string;
  name_en: string | null;
  issuer: string;
  holder: string;
  /** [{key, label, labelEn}]: the license type's fields (read-only here; the licenses module owns them). */
  fields: ColumnType<unknown, never, never>;
}

export interface CatalogItemsTable {
  code: string;
  status: Generated<string>;
  published_version: number | null;
  latest_version: number;
  name: string;
  name_norm: string;
  kind: string;
  dept: string;
  co_depts: ColumnType<string[], string[], string[]>;
  audience: string;
  online_depth: number;
  topics: ColumnType<string[], string[], string[]>;
  /** SearchHit minus highlight, of the projected version. */
  hit: Json<unknown>;
  /** tsvector; written as a literal (see search/segment.ts), never read back. */
  search: ColumnType<string, string, string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CatalogItemVersionsTable {
  code: string;
  version: number;
  status: Generated<string>;
  name: string;
  content: Json<unknown>;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  published_at: Date | null;
}

export interface CatalogBundlesTable {
  code: string;
  status: Generated<string>;
  name: string;
  name_en: string | null;
  description: string | null;
  items: Json<unknown>;
  topics: ColumnType<string[], string[], string[]>;
  field_mappings: ColumnType<Record<string, Record<string, string>>, string | undefined, string>;
  search: ColumnType<string, string, string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  published_at: Date | null;
}

export interface CatalogSynonymsTable {
  term: string;
  expansions: ColumnType<string[], string[], string[]>;
}

export interface CatalogFilesTable {
  id: Generated<string>;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  bytes: Buffer;
  created_by: string;
  created_at: Generated<Date>;
}

/** One FAQ entry of a published item (the help centre's index, see faq/). */
export interface CatalogFaqTable {
  code: string;
  position: number;
  version: number;
  question: string;
  answer: string;
  /** tsvector literal, like catalog_items.search. */
  search: ColumnType<string, string, string>;
}

export interface CatalogFaqPopularTable {
  code: string;
  question: string;
  rank: number;
}

declare module "../../platform/db/schema.js" {
  interface DB {
    catalog_license_types: CatalogLicenseTypesTable;
    catalog_items: CatalogItemsTable;
    catalog_item_versions: CatalogItemVersionsTable;
    catalog_faq: CatalogFaqTable;
    catalog_faq_popular: CatalogFaqPopularTable;
    catalog_bundles: CatalogBundlesTable;
    catalog_synonyms: CatalogSynonymsTable;
    catalog_files: CatalogFilesTable;
  }
}
