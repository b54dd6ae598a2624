import type { ColumnType, Generated } from "kysely";

export interface SecurityAlertsTable {
  id: Generated<string>;
  kind: "lockouts" | "permission_denied" | "audit_verify_failed";
  subject: string;
  occurrences: number;
  detections: Generated<number>;
  /** jsonb with a default: written as JSON text, read as an object. */
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  first_seen_at: Date;
  last_seen_at: Date;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  acknowledge_note: string | null;
}

export interface SecuritySignalsTable {
  id: Generated<number>;
  kind: string;
  subject: string;
  occurred_at: Date;
}

declare module "../../platform/db/schema.js" {
  interface DB {
    security_alerts: SecurityAlertsTable;
    security_signals: SecuritySignalsTable;
  }
}
