import type { ColumnType, Generated } from "kysely";

/** jsonb: read as the parsed value, written as JSON text. */
type Json<T> = ColumnType<T, string, string>;

export interface CaseNumberCountersTable {
  prefix: string;
  last: number;
}

export interface CaseBundleApplicationsTable {
  id: Generated<string>;
  bundle_code: string;
  bundle_name: string;
  applicant_account_id: string;
  enterprise_id: string | null;
  /** The bundle's form field mappings when the application started (一表申请). */
  field_mappings: ColumnType<Record<string, Record<string, string>>, string | undefined, string>;
  status: Generated<string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CasesTable {
  id: Generated<string>;
  number: string | null;
  item_code: string;
  item_version: number;
  item_name: string;
  audience: string;
  lead_dept: string;
  dept_ids: ColumnType<string[], string[], string[]>;
  region_code: string;
  steps: Json<unknown>;
  materials_spec: Json<unknown>;
  form: Json<unknown>;
  promise_days: number;
  applicant_account_id: string;
  applicant_name: string;
  enterprise_id: string | null;
  enterprise_uscc: string | null;
  enterprise_name: string | null;
  form_data_enc: Buffer;
  /** 免填: field → {source, label, labelEn, digest} (application.service.ts). */
  prefilled: ColumnType<Record<string, PrefilledField>, string | undefined, string>;
  bundle_application_id: string | null;
  bundle_step: number | null;
  bundle_position: number | null;
  status: Generated<string>;
  current_step: number | null;
  status_before_pause: string | null;
  submitted_at: Date | null;
  accepted_at: Date | null;
  decided_at: Date | null;
  delivered_at: Date | null;
  outcome: string | null;
  decision_reason: string | null;
  decided_by: string | null;
  /** YYYY-MM-DD (local date whose end is the deadline). */
  deadline_date: string | null;
  paused_working_days: Generated<number>;
  paused_at: Date | null;
  escalation_level: Generated<number>;
  supplement_used: Generated<boolean>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CaseTasksTable {
  id: Generated<string>;
  case_id: string;
  step: number;
  branch: number;
  stage: string;
  dept: string;
  dept_id: string;
  dept_name: string;
  status: Generated<string>;
  claimed_by: string | null;
  claimed_by_name: string | null;
  claimed_at: Date | null;
  outcome: string | null;
  comment: string | null;
  completed_by: string | null;
  completed_by_name: string | null;
  completed_at: Date | null;
  created_at: Generated<Date>;
  /** The case's status, promised days and deadline, copied by triggers (migration 20261207000000): the inbox's lights. */
  case_status: string | null;
  case_promise_days: number | null;
  case_deadline_date: string | null;
}

export interface CaseActionsTable {
  case_id: string;
  seq: number;
  type: string;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string;
  acting_for: string | null;
  at: Date;
  comment: string | null;
  payload: Json<Record<string, unknown>>;
}

export interface CaseMaterialsTable {
  id: Generated<string>;
  case_id: string;
  material: string;
  kind: string;
  file_id: string | null;
  file_name: string | null;
  content_type: string | null;
  size: number | null;
  sha256: string | null;
  license_id: string | null;
  supplement: Generated<boolean>;
  added_by: string;
  added_at: Generated<Date>;
}

export interface CasePausesTable {
  id: Generated<string>;
  case_id: string;
  kind: string;
  reason: string;
  items: Json<unknown> | null;
  step: number | null;
  started_at: Date;
  started_by: string;
  ended_at: Date | null;
  result: string | null;
  working_days: number | null;
}

/** 容缺受理: a case accepted with materials deferred (migration 20261204160500_credit_deferral.sql). */
export interface CaseDeferralsTable {
  case_id: string;
  commitment: string;
  materials: string[];
  due_date: string;
  grade: string;
  accepted_by: string;
  created_at: Generated<Date>;
  cleared_at: Date | null;
}

/** 文书: a sealed receipt or decision document (migration 20261205200100_case_documents.sql). */
export interface CaseDocumentsTable {
  id: Generated<string>;
  case_id: string;
  kind: string;
  number: string;
  department_id: string;
  seal_id: string;
  file_id: string;
  sha256: string;
  issued_at: Date;
}

declare module "../../platform/db/schema.js" {
  interface DB {
    case_number_counters: CaseNumberCountersTable;
    case_bundle_applications: CaseBundleApplicationsTable;
    cases: CasesTable;
    case_tasks: CaseTasksTable;
    case_actions: CaseActionsTable;
    case_materials: CaseMaterialsTable;
    case_pauses: CasePausesTable;
    case_deferrals: CaseDeferralsTable;
    case_documents: CaseDocumentsTable;
  }
}

export interface PrefilledField {
  source: string;
  label: string;
  labelEn: string;
  /** Keyed hash of the prefilled value (base64url). */
  digest: string;
}
