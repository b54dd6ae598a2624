/** The supervision and credit tables (migration 20261204110000_supervision.sql). */
import type { ColumnType, Generated } from "kysely";

/** jsonb: read as the parsed value, written as JSON text. */
type Json<T> = ColumnType<T, string, string>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export interface SupervisionItemsTable {
  id: Generated<string>;
  code: string;
  department_id: string;
  name: string;
  legal_basis: string;
  method: string;
  checklist: Json<{ key: string; text: string }[]>;
  catalog_item_codes: TextArray;
  created_at: Generated<Date>;
}

export interface SupervisionTargetsTable {
  uscc: string;
  name: string;
  industry: string;
  district: string;
  risk_grade: "A" | "B" | "C" | "D";
  created_at: Generated<Date>;
}

export interface SupervisionInspectorsTable {
  account_id: string;
  department_id: string;
  certificate_no: string;
  district: string;
  relations: TextArray;
  created_at: Generated<Date>;
}

export interface SupervisionPlansTable {
  id: Generated<string>;
  name: string;
  lead_department_id: string;
  department_ids: string[];
  item_ids: string[];
  filter: Json<{ industry?: string; district?: string }>;
  quota: Json<Record<string, { ratio: number } | { count: number }>>;
  inspectors_per_dept: number;
  status: Generated<"draft" | "committed" | "drawn">;
  created_by: string;
  created_at: Generated<Date>;
}

export interface SupervisionDrawsTable {
  id: Generated<string>;
  plan_id: string;
  algorithm: string;
  params: Json<unknown>;
  targets_roster: Json<unknown>;
  inspectors_roster: Json<unknown>;
  roster_hash: string;
  commitment_hash: string;
  beacon_tree_size: number | null;
  seed: string | null;
  result: Json<unknown> | null;
  /** Secret per-draw salt of the published recusal commitments (hex; auditors only). */
  recusal_salt: string | null;
  committed_at: Generated<Date>;
  drawn_at: Date | null;
}

export interface VisitCheckRow {
  itemId: string;
  departmentId: string;
  key: string;
  text: string;
  outcome: "pass" | "fail" | "na" | null;
  note: string | null;
}

export interface VisitSignature {
  accountId: string;
  image: string;
  signedAt: string;
}

export interface SupervisionVisitsTable {
  id: Generated<string>;
  plan_id: string;
  target_uscc: string;
  target_name: string;
  inspector_ids: string[];
  checklist: Json<VisitCheckRow[]>;
  status: Generated<"assigned" | "in_progress" | "finished">;
  position: Json<{ lat: number; lng: number }> | null;
  started_at: Date | null;
  started_by: string | null;
  confirmations: ColumnType<string[], string[] | undefined, string[]>;
  result: "qualified" | "rectify" | "case" | null;
  finished_at: Date | null;
  publish_by: string | null;
  /** Both inspectors' signatures of the result (PNG data URLs; migration 20261206060000). */
  signatures: ColumnType<VisitSignature[], string | undefined, string>;
  /** 一公开: when the result was published (migration 20261206060000). */
  published_at: Date | null;
  created_at: Generated<Date>;
}

/** Photos of a visit; the bytes are in the file store (migration 20261206100000_supervision_visit_photos.sql). */
export interface SupervisionVisitPhotosTable {
  id: Generated<string>;
  visit_id: string;
  file_id: string;
  sha256: string;
  size: number;
  content_type: "image/jpeg" | "image/png" | "image/webp";
  name: string;
  uploaded_by: string;
  created_at: Date;
}

/** 责令整改 follow-up of a visit (migration 20261206060000_supervision_rectification.sql). */
export interface SupervisionRectificationsTable {
  id: Generated<string>;
  visit_id: string;
  target_uscc: string;
  department_id: string;
  status: Generated<"open" | "reported" | "passed" | "case">;
  round: Generated<number>;
  deadline_date: string;
  overdue: Generated<boolean>;
  report: string | null;
  evidence: Json<{ title: string; description: string }[]> | null;
  reported_by: string | null;
  reported_at: Date | null;
  recheck_note: string | null;
  rechecked_by: string | null;
  rechecked_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface SupervisionRectificationHistoryTable {
  id: Generated<string>;
  rectification_id: string;
  type: string;
  actor: string;
  payload: Json<Record<string, unknown>>;
  created_at: Date;
}

export interface CreditRecordsTable {
  id: Generated<string>;
  uscc: string;
  kind: "license" | "penalty" | "inspection" | "honour" | "redlist" | "blacklist";
  title: string;
  legal_basis: string;
  department_id: string | null;
  decided_on: string;
  publish_until: string | null;
  status: Generated<"active" | "repaired">;
  created_at: Generated<Date>;
}

export interface CreditRepairsTable {
  id: Generated<string>;
  record_id: string;
  uscc: string;
  applicant_id: string;
  reason: string;
  evidence: Json<{ title: string; description: string }[]>;
  status: Generated<"pending" | "approved" | "rejected">;
  decided_by: string | null;
  decided_at: Date | null;
  note: string | null;
  created_at: Generated<Date>;
}

export interface CreditPunishmentRulesTable {
  item_code: string;
  measure: "block" | "flag";
  legal_basis: string;
  created_at: Generated<Date>;
}

/** 容缺受理 per catalog item (migration 20261204160500_credit_deferral.sql). */
export interface CreditDeferralRulesTable {
  item_code: string;
  grades: string[];
  materials: TextArray;
  working_days: number;
  legal_basis: string;
  created_at: Generated<Date>;
}

declare module "../../platform/db/schema.js" {
  interface DB {
    supervision_items: SupervisionItemsTable;
    supervision_targets: SupervisionTargetsTable;
    supervision_inspectors: SupervisionInspectorsTable;
    supervision_plans: SupervisionPlansTable;
    supervision_draws: SupervisionDrawsTable;
    supervision_visits: SupervisionVisitsTable;
    supervision_visit_photos: SupervisionVisitPhotosTable;
    supervision_rectifications: SupervisionRectificationsTable;
    supervision_rectification_history: SupervisionRectificationHistoryTable;
    credit_records: CreditRecordsTable;
    credit_repairs: CreditRepairsTable;
    credit_punishment_rules: CreditPunishmentRulesTable;
    credit_deferral_rules: CreditDeferralRulesTable;
  }
}
