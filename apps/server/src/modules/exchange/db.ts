import type { ExchangeField } from "@yiwang/contracts";
import type { ColumnType, Generated } from "kysely";

type Json<T> = ColumnType<T, string, string>;

export interface ExchangeResourcesTable {
  id: Generated<string>;
  code: string;
  name: string;
  description: Generated<string>;
  provider_department_id: string;
  fields: Json<ExchangeField[]>;
  sharing_type: "unconditional" | "conditional" | "not_shared";
  update_cycle: "realtime" | "daily" | "weekly" | "monthly" | "quarterly" | "yearly" | "irregular";
  source: "registry.population" | "registry.business" | "provider.http";
  key_field: string;
  endpoint_url: string | null;
  timeout_ms: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ExchangeApplicationsTable {
  id: Generated<string>;
  resource_id: string;
  consumer_department_id: string;
  purpose: string;
  fields: Json<string[]>;
  clear_fields: Json<string[]>;
  query_pattern: "lookup_by_key" | "list";
  valid_from: Date;
  valid_to: Date;
  status: Generated<"pending" | "approved" | "rejected" | "revoked">;
  applied_by: string;
  decided_by: string | null;
  decision_reason: string | null;
  decided_at: Date | null;
  revoked_by: string | null;
  revoked_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ExchangeCallsTable {
  id: Generated<string>;
  at: Date;
  client_id: string;
  consumer_department_id: string | null;
  resource_code: string;
  application_id: string | null;
  purpose: string | null;
  query_pattern: string;
  /** Calls before 20261123007000 only; later calls carry `query_hmac`. */
  query_sha256: string | null;
  query_hmac: string | null;
  record_count: number;
  response_sha256: string | null;
  latency_ms: number;
  outcome: string;
  request_id: string | null;
}

export interface ExchangeObjectionsTable {
  id: Generated<string>;
  call_id: string;
  resource_code: string;
  consumer_department_id: string;
  provider_department_id: string;
  fields: Json<string[]>;
  description: string;
  status: Generated<"open" | "answered">;
  raised_by: string;
  raised_at: Date;
  due_date: string;
  due_at: Date;
  escalated_at: Date | null;
  result: "corrected" | "confirmed" | null;
  answer: string | null;
  answered_by: string | null;
  answered_at: Date | null;
}

declare module "../../platform/db/schema.js" {
  interface DB {
    exchange_resources: ExchangeResourcesTable;
    exchange_applications: ExchangeApplicationsTable;
    exchange_calls: ExchangeCallsTable;
    exchange_objections: ExchangeObjectionsTable;
  }
}
