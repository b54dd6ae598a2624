import type { ColumnType, Generated } from "kysely";

type Json<T> = ColumnType<T, string, string>;

export interface ArchiveCountersTable {
  fonds: string;
  year: number;
  retention: string;
  last_no: number;
}

export interface ArchivePackagesTable {
  id: Generated<string>;
  archive_no: string;
  fonds: string;
  year: number;
  retention: string;
  seq: number;
  title: string;
  source: string;
  case_id: string | null;
  external_id: string | null;
  metadata: Json<Record<string, unknown>>;
  metadata_sha256: string;
  file_id: string | null;
  package_sha256: string | null;
  package_bytes: number;
  files: Json<Record<string, { size: number; sha256: string }>>;
  status: Generated<string>;
  archived_at: Date;
  destroyed_at: Date | null;
  last_check_passed: boolean | null;
  search_text: string;
  /** tsvector of metadata and full text (fulltext.ts), written as a literal built in Node. */
  search_vector: Generated<string>;
}

export interface ArchiveChecksTable {
  id: Generated<string>;
  package_id: string;
  trigger: string;
  at: Date;
  passed: boolean;
  results: Json<unknown[]>;
}

export interface ArchiveRetentionRulesTable {
  item_code: string;
  retention: string;
  updated_by: string;
  updated_at: Date;
}

export interface ArchiveDisposalsTable {
  id: Generated<string>;
  package_id: string;
  status: Generated<string>;
  reason: string;
  proposed_by: string;
  archivist_approved_by: string | null;
  archivist_approved_at: Date | null;
  supervisor_approved_by: string | null;
  supervisor_approved_at: Date | null;
  record: Json<Record<string, unknown>> | null;
  created_at: Date;
}

export interface ArchiveLoansTable {
  id: Generated<string>;
  package_id: string;
  borrower: string;
  borrower_name: string;
  purpose: string;
  days: number;
  status: Generated<string>;
  decided_by: string | null;
  due_at: Date | null;
  created_at: Date;
}

/** 移交 export (DA/T 93): the manifest's digest is what the receiver's acknowledgement must carry. */
export interface ArchiveExportsTable {
  id: Generated<string>;
  receiver: string;
  manifest: Json<unknown>;
  manifest_sha256: string;
  status: Generated<string>;
  exported_by: string;
  exported_at: Date;
  received_at: Date | null;
  receipt: Json<unknown> | null;
}

declare module "../../platform/db/schema.js" {
  interface DB {
    archive_counters: ArchiveCountersTable;
    archive_packages: ArchivePackagesTable;
    archive_checks: ArchiveChecksTable;
    archive_retention_rules: ArchiveRetentionRulesTable;
    archive_disposals: ArchiveDisposalsTable;
    archive_loans: ArchiveLoansTable;
    archive_exports: ArchiveExportsTable;
  }
}
