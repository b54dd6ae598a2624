import type { ColumnType, Generated } from "kysely";

/** jsonb: read as the parsed value, written as JSON text. */
type Json<T> = ColumnType<T, string, string>;

export interface IndicatorLabel {
  code: string;
  zh: string;
  en: string;
}
export interface ReasonLabel extends IndicatorLabel {
  levels: number[];
}

export interface EvaluationIndicatorSetsTable {
  id: string;
  mode: string;
  version: number;
  name: string;
  source: string;
  indicators: Json<IndicatorLabel[]>;
  reasons: Json<ReasonLabel[]>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface EvaluationInvitationsTable {
  id: Generated<string>;
  subject_kind: string;
  subject_id: string;
  subject_label: string;
  account_id: string | null;
  invitee_name_masked: string;
  department_id: string;
  department_name: string;
  item_code: string | null;
  item_name: string;
  staff_id: string | null;
  staff_name: string | null;
  indicator_set_id: string;
  token_hash: Buffer | null;
  created_at: Date;
  expires_at: Date;
}

export interface EvaluationsTable {
  id: Generated<string>;
  invitation_id: string;
  kind: string;
  level: number;
  scores: Json<Record<string, number>>;
  tags: ColumnType<string[], string[], string[]>;
  text: string;
  channel: string;
  department_id: string;
  department_name: string;
  item_code: string | null;
  item_name: string;
  staff_id: string | null;
  staff_name: string | null;
  month: string;
  created_at: Date;
}

export interface EvaluationRectificationsTable {
  id: Generated<string>;
  evaluation_id: string;
  department_id: string;
  status: Generated<string>;
  handling: string | null;
  finding: string | null;
  reply: string | null;
  replied_at: Date | null;
  replied_on_time: boolean | null;
  callback_satisfied: boolean | null;
  callback_comment: string | null;
  callback_at: Date | null;
  closed_at: Date | null;
  /** YYYY-MM-DD (local date whose end is the deadline). */
  deadline_date: string;
  escalation_level: Generated<number>;
  version: Generated<number>;
  created_at: Date;
  updated_at: Date;
}

export interface EvaluationAppealsTable {
  id: Generated<string>;
  evaluation_id: string;
  department_id: string;
  reason: string;
  filed_by: string;
  filed_by_name: string;
  filed_at: Date;
  status: Generated<string>;
  decision_reason: string | null;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: Date | null;
}

export interface EvaluationExclusionsTable {
  evaluation_id: string;
  appeal_id: string;
  reason: string;
  decided_by: string;
  decided_at: Date;
}

export interface EvaluationHistoryTable {
  id: Generated<number>;
  invitation_id: string;
  evaluation_id: string | null;
  type: string;
  actor: string;
  actor_name: string;
  at: Date;
  comment: string | null;
  payload: ColumnType<Record<string, unknown>, string | undefined, string>;
}

/** An evaluation's photo: uploaded for the invitation, claimed by the evaluation that names it. */
export interface EvaluationPhotosTable {
  id: Generated<string>;
  invitation_id: string;
  file_id: string;
  uploaded_by: string;
  created_at: Date;
  evaluation_id: string | null;
}

declare module "../../platform/db/schema.js" {
  interface DB {
    evaluation_indicator_sets: EvaluationIndicatorSetsTable;
    evaluation_invitations: EvaluationInvitationsTable;
    evaluations: EvaluationsTable;
    evaluation_rectifications: EvaluationRectificationsTable;
    evaluation_appeals: EvaluationAppealsTable;
    evaluation_exclusions: EvaluationExclusionsTable;
    evaluation_history: EvaluationHistoryTable;
    evaluation_photos: EvaluationPhotosTable;
  }
}
