import type { ColumnType, Generated } from "kysely";

export interface HotlineRequestsTable {
  id: Generated<string>;
  number: string;
  kind: string;
  channel: string;
  status: string;
  category_code: string;
  description: string;
  address: string;
  district_code: string;
  lat: number | null;
  long: number | null;
  urgent: boolean;
  anonymous: boolean;
  confidential: boolean;
  caller_account_id: string | null;
  /** Written before the caller was sealed; `yiwang pii reencrypt` seals them into the *_enc columns. */
  caller_name: string | null;
  caller_phone: string | null;
  /** The caller, sealed (caller.ts). */
  caller_name_enc: Buffer | null;
  caller_phone_enc: Buffer | null;
  /** 投诉/举报 about an enterprise: its 统一社会信用代码 (the credit record counts complaints by it). */
  subject_uscc: string | null;
  department_id: string | null;
  limit_unit: string;
  limit_value: number;
  assigned_at: Date | null;
  deadline_at: Date | null;
  escalation_level: Generated<number>;
  answer: string | null;
  answered_at: Date | null;
  callback_resolved: boolean | null;
  callback_satisfied: boolean | null;
  callback_at: Date | null;
  merged_into: string | null;
  token_hash: Buffer | null;
  media_url: string | null;
  field_reporter_id: string | null;
  extension_status: string | null;
  extension_value: number | null;
  extension_reason: string | null;
  created_at: Date;
  updated_at: Date;
  version: Generated<number>;
}

export interface HotlineActionsTable {
  id: Generated<number>;
  request_id: string;
  type: string;
  actor: string;
  actor_name: string;
  at: Date;
  comment: string | null;
  payload: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface HotlinePhotosTable {
  request_id: string;
  file_id: string;
  name: string;
}

export interface HotlineOpen311KeysTable {
  id: Generated<string>;
  name: string;
  key_hash: Buffer;
  created_by: string;
  created_at: Date;
  revoked_at: Date | null;
}

export interface HotlineFieldStaffTable {
  account_id: string;
  department_id: string;
  kind: string;
  call_sign: string;
  name: string;
  added_by: string;
  added_at: Date;
}

export interface HotlinePositionBatchesTable {
  id: Generated<string>;
  account_id: string;
  received_at: Date;
  points: number;
}

export interface HotlinePositionsTable {
  id: Generated<number>;
  batch_id: string;
  account_id: string;
  at: Date;
  lat: number;
  long: number;
  accuracy: number | null;
}

declare module "../../platform/db/schema.js" {
  interface DB {
    hotline_requests: HotlineRequestsTable;
    hotline_actions: HotlineActionsTable;
    hotline_photos: HotlinePhotosTable;
    hotline_open311_keys: HotlineOpen311KeysTable;
    hotline_field_staff: HotlineFieldStaffTable;
    hotline_position_batches: HotlinePositionBatchesTable;
    hotline_positions: HotlinePositionsTable;
  }
}
