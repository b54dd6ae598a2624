import type { Generated } from "kysely";

export interface AccountsTable {
  id: Generated<string>;
  kind: "citizen" | "staff";
  username: string | null;
  display_name: string;
  real_name: string | null;
  phone_enc: Buffer | null;
  phone_bidx: Buffer | null;
  id_number_enc: Buffer | null;
  id_number_bidx: Buffer | null;
  password_hash: string | null;
  realname_level: Generated<number>;
  realname_verified_at: Date | null;
  realname_method: string | null;
  realname_verified_by: string | null;
  department_id: string | null;
  status: Generated<"active" | "disabled">;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  totp_secret_enc: Buffer | null;
  totp_enabled_at: Date | null;
  totp_last_step: number | null;
  password_set_at: Generated<Date>;
  password_must_change: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface StaffRolesTable {
  account_id: string;
  role: string;
  granted_at: Generated<Date>;
  granted_by: string;
}

export interface EnterprisesTable {
  id: Generated<string>;
  uscc: string;
  name: string;
  legal_rep_account_id: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface EnterpriseAgentsTable {
  id: Generated<string>;
  enterprise_id: string;
  account_id: string;
  scopes: string[];
  expires_at: Date;
  created_by: string;
  created_at: Generated<Date>;
  revoked_at: Date | null;
  revoked_by: string | null;
}

export interface PasswordHistoryTable {
  id: Generated<number>;
  account_id: string;
  password_hash: string;
  created_at: Generated<Date>;
}

/**
 * `mfa_pending`: the password passed, the second factor not yet; `password_change`: both factors passed but
 * the password must be changed first (expired or one-time). Only `active` authorises anything.
 */
export type SessionStage = "active" | "mfa_pending" | "password_change";

export interface SessionsTable {
  id: Generated<string>;
  token_hash: Buffer;
  account_id: string;
  stage: Generated<SessionStage>;
  acting_for: string | null;
  auth_method: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Date;
  revoked_at: Date | null;
  ip: string | null;
  user_agent: string | null;
}

export interface SmsCodesTable {
  id: Generated<string>;
  phone_bidx: Buffer;
  purpose: "register" | "login" | "reset_password";
  code_hash: Buffer;
  attempts: Generated<number>;
  expires_at: Date;
  consumed_at: Date | null;
  created_at: Generated<Date>;
}

export interface SmsOutboxTable {
  id: Generated<number>;
  phone_bidx: Buffer;
  phone_masked: string;
  text: string;
  created_at: Generated<Date>;
}

export interface PiiAccessLogTable {
  id: Generated<number>;
  actor: string;
  account_id: string | null;
  subject: string;
  field: string;
  reason: string;
  request_id: string | null;
  created_at: Generated<Date>;
}

/** Dual control (双人控制) of accounts holding a protected role (staff/dual-control.service.ts). */
export interface AccountProposalsTable {
  id: Generated<string>;
  action: "create" | "disable";
  role: "auditor" | "security_admin";
  username: string | null;
  display_name: string | null;
  department_id: string | null;
  target_account_id: string | null;
  reason: string;
  status: Generated<"pending" | "approved" | "refused" | "expired">;
  proposed_by: string;
  proposed_at: Date;
  expires_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  account_id: string | null;
}

declare module "../../platform/db/schema.js" {
  interface DB {
    accounts: AccountsTable;
    staff_roles: StaffRolesTable;
    enterprises: EnterprisesTable;
    enterprise_agents: EnterpriseAgentsTable;
    sessions: SessionsTable;
    password_history: PasswordHistoryTable;
    sms_codes: SmsCodesTable;
    sms_outbox: SmsOutboxTable;
    pii_access_log: PiiAccessLogTable;
    account_proposals: AccountProposalsTable;
  }
}
