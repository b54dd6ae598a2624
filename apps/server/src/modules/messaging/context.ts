/** What the messaging services need from the platform and other modules, gathered in one place. */
import type { Kysely } from "kysely";
import type { AppConfig } from "../../platform/config.js";
import type { DB } from "../../platform/db/schema.js";
import type { FileStore } from "../../platform/files/index.js";
import type { AuditLog, Clock, Notifier } from "../../platform/ports.js";
import type { MessagingRepository } from "./repository.js";

/** What messaging knows of a case or a 12345 request (the owning module's narrow reader). */
export interface CaseParticipation {
  id: string;
  number: string | null;
  departmentIds: string[];
}

/** A staff member as messaging sees one: enough to decide whether they may read a thread. */
export interface StaffMember {
  id: string;
  name: string;
  departmentId: string | null;
  roles: string[];
  active: boolean;
}

export interface MessagingDeps {
  db: Kysely<DB>;
  repo: MessagingRepository;
  audit: AuditLog;
  notify: Notifier;
  clock: Clock;
  files: FileStore;
  config: AppConfig["messaging"] & { attachmentMaxBytes: number };
  /** The case's number and departments, or null (read before a transaction opens). */
  caseParticipation(caseId: string): Promise<CaseParticipation | null>;
  /** The 12345 request's number and its current department, or null (the hotline module's reader). */
  requestParticipation(requestId: string): Promise<CaseParticipation | null>;
  /** A department's name (cached directory), or null. */
  departmentName(id: string): Promise<string | null>;
  /** A staff account, or null for an unknown id or a citizen. */
  staffMember(id: string): Promise<StaffMember | null>;
  /** Active staff of a department (or every department) who hold a role that grants messaging. */
  staffOf(departmentId: string | null): Promise<StaffMember[]>;
}

/** The pg_notify channel of the real-time fan-out (one per installation; every node listens). */
export const MESSAGING_CHANNEL = "yiwang_messaging";

/** The job that deletes a thread's messages older than the retention period (key = thread id). */
export const RETENTION_JOB = "messaging.retention";
