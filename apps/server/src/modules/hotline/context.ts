/** What the hotline services need from the platform and other modules, gathered in one place. */
import type { Kysely } from "kysely";
import type { Principal } from "../../platform/auth/permissions.js";
import type { CalendarService } from "../../platform/calendar/calendar.service.js";
import type { PiiCipher } from "../../platform/crypto/pii.js";
import type { DB } from "../../platform/db/schema.js";
import type { FileStore } from "../../platform/files/index.js";
import type { AuditLog, Clock, EventPublisher, Notifier } from "../../platform/ports.js";
import type { PersonalDataAccess } from "../identity/index.js";
import type { HotlineRepository } from "./repository.js";

export interface JobScheduler {
  schedule(
    trx: Kysely<DB>,
    job: { kind: string; key: string; runAt: Date; payload?: Record<string, unknown> },
  ): Promise<void>;
  cancel(trx: Kysely<DB>, kind: string, key: string): Promise<void>;
}

export interface DepartmentRef {
  id: string;
  name: string;
}

export interface HotlineDeps {
  db: Kysely<DB>;
  repo: HotlineRepository;
  calendar: CalendarService;
  audit: AuditLog;
  events: EventPublisher;
  jobs: JobScheduler;
  notify: Notifier;
  clock: Clock;
  files: FileStore;
  /** Seals the caller's name and phone at rest (caller.ts). */
  pii: PiiCipher;
  /** Records a staff member's read of a caller in clear (identity's log). */
  personalData: Pick<PersonalDataAccess, "record">;
  departmentByKey(key: string): Promise<DepartmentRef | undefined>;
  /** Inside a transaction, pass it (the root connection is the transaction's until it ends). */
  departmentById(id: string, db?: Kysely<DB>): Promise<DepartmentRef | undefined>;
  staffWithRole(role: string, departmentId: string | undefined, db: Kysely<DB>): Promise<string[]>;
}

/** Who did something, as the timeline and the audit log record it. */
export interface Actor {
  /** "citizen:<id>", "staff:<id>", "open311:<key id>", "anonymous" or "system". */
  ref: string;
  name: string;
}

export const SYSTEM: Actor = { ref: "system", name: "系统" };

export function actorOf(p: Principal | null): Actor {
  if (!p) return { ref: "anonymous", name: "市民" };
  return { ref: `${p.kind === "staff" ? "staff" : "citizen"}:${p.id}`, name: p.displayName };
}

/** The job that watches a request's time limit (key = request id). */
export const HOTLINE_DEADLINE_JOB = "hotline.deadline";
