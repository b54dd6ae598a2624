/** What the payments services need from the platform and the other modules, gathered in one place. */
import type { Kysely } from "kysely";
import type { Principal } from "../../platform/auth/permissions.js";
import type { CalendarService } from "../../platform/calendar/calendar.service.js";
import type { DB } from "../../platform/db/schema.js";
import type { FileStore } from "../../platform/files/index.js";
import type { AuditLog, Clock, EventPublisher, Notifier } from "../../platform/ports.js";
import type { CaseFees } from "../cases/index.js";
import type { ItemService } from "../catalog/index.js";
import type { DepartmentService } from "../org/index.js";
import type { SealService } from "../seals/index.js";
import type { PaymentAdapter } from "./adapter.js";
import type { PaymentRepository } from "./repository.js";

export interface PaymentsConfig {
  /** Working days from the approval to the last day to pay (缴款期限). */
  dueWorkingDays: number;
  timeZone: string;
}

/** The cases module's side (CaseFees), bound after both modules are registered. */
export type CaseSide = Pick<CaseFees, "assertAccess" | "record">;

export interface PaymentDeps {
  db: Kysely<DB>;
  repo: PaymentRepository;
  audit: AuditLog;
  events: EventPublisher;
  notify: Notifier;
  clock: Clock;
  calendar: CalendarService;
  files: FileStore;
  jobs: {
    schedule(
      trx: Kysely<DB>,
      job: { kind: string; key: string; runAt: Date; payload?: Record<string, unknown> },
    ): Promise<void>;
    cancel(trx: Kysely<DB>, kind: string, key: string): Promise<void>;
  };
  items: Pick<ItemService, "getVersion">;
  departments: Pick<DepartmentService, "get">;
  seals: Pick<SealService, "issuingSeal" | "sealDocument">;
  adapter: PaymentAdapter;
  cases(): CaseSide;
  /** Window clerks of a department, who follow up an unpaid order. */
  clerks(departmentId: string, trx: Kysely<DB>): Promise<string[]>;
  config: PaymentsConfig;
}

export type { Principal };
