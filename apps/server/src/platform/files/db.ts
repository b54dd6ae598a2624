import type { Generated } from "kysely";

export interface StoredFilesTable {
  id: Generated<string>;
  storage_key: string;
  sha256: string;
  size: number;
  content_type: string;
  name: string;
  created_by: string;
  created_at: Generated<Date>;
}

declare module "../db/schema.js" {
  interface DB {
    stored_files: StoredFilesTable;
  }
}
