/** What the evaluation services need from the platform and other modules, gathered in one place. */
import type { Kysely } from "kysely";
import type { Principal } from "../../platform/auth/permissions.js";
import type { CalendarService } from "../../platform/calendar/calendar.service.js";
import type { AppConfig } from "../../platform/config.js";
import type { DB } from "../../platform/db/schema.js";
import type { AuditLog, Clock, EventPublisher, Notifier, SmsNotifier } from "../../platform/ports.js";
import type { RateLimiter } from "../../platform/rate-limit.js";
import type { RectificationRepository } from "./rectifications.repository.js";
import type { EvaluationRepository } from "./repository.js";

export interface JobScheduler {
  schedule(
    trx: Kysely<DB>,
    job: { kind: string; key: string; runAt: Date; payload?: Record<string, unknown> },
  ): Promise<void>;
  cancel(trx: Kysely<DB>, kind: string, key: string): Promise<void>;
}

export interface EvaluationDeps {
  db: Kysely<DB>;
  repo: EvaluationRepository;
  rectifications: RectificationRepository;
  calendar: CalendarService;
  audit: AuditLog;
  events: EventPublisher;
  jobs: JobScheduler;
  notify: Notifier;
  /** The invitation's SMS (template `evaluation.invited`) through the notify module's SMS channel. */
  sms: SmsNotifier;
  clock: Clock;
  rateLimiter: RateLimiter;
  config: AppConfig["evaluation"];
  timeZone: string;
  /** Active staff account ids holding a role (in a department, for department roles). */
  staffWithRole(role: string, departmentId: string | undefined, db: Kysely<DB>): Promise<string[]>;
  /** A department's name (read before a transaction opens). */
  departmentName(id: string): Promise<string | null>;
}

/** Who did something, as the history and the audit log record it. */
export interface Actor {
  /** "citizen:<id>", "staff:<id>", "kiosk:<invitation id>" or "system". */
  ref: string;
  name: string;
  actingFor: string | null;
}

export const SYSTEM: Actor = { ref: "system", name: "系统", actingFor: null };

export function actorOf(p: Principal): Actor {
  return {
    ref: `${p.kind === "staff" ? "staff" : "citizen"}:${p.id}`,
    name: p.displayName,
    actingFor: p.actingFor ? `enterprise:${p.actingFor.uscc}` : null,
  };
}

/** The job that watches a rectification's deadline (key = rectification id). */
export const RECTIFICATION_DEADLINE_JOB = "evaluation.rectification-deadline";
