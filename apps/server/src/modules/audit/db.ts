import type { Generated } from "kysely";

export interface AuditQueueTable {
  id: Generated<number>;
  entry: Uint8Array;
  enqueued_at: Generated<Date>;
}
export interface AuditEntriesTable {
  leaf_index: number;
  entry: Uint8Array;
  event_type: string;
  actor: string;
  acting_for: string | null;
  subject: string | null;
  occurred_at: Date;
  sequenced_at: Generated<Date>;
}
export interface AuditNodesTable {
  level: number;
  idx: number;
  hash: Uint8Array;
}
export interface AuditTreeTable {
  singleton: Generated<boolean>;
  size: number;
  root: Uint8Array;
  updated_at: Generated<Date>;
}
export interface AuditKeysTable {
  kid: string;
  public_jwk: Record<string, string>;
  private_key: Uint8Array;
  created_at: Generated<Date>;
  retired_at: Date | null;
}
export interface AuditTreeHeadsTable {
  id: Generated<number>;
  tree_size: number;
  timestamp_ms: number;
  root_hash: Uint8Array;
  signature: Uint8Array;
  key_id: string;
}

declare module "../../platform/db/schema.js" {
  interface DB {
    audit_queue: AuditQueueTable;
    audit_entries: AuditEntriesTable;
    audit_nodes: AuditNodesTable;
    audit_tree: AuditTreeTable;
    audit_keys: AuditKeysTable;
    audit_tree_heads: AuditTreeHeadsTable;
  }
}
