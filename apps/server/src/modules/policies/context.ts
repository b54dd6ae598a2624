/** What the policies services need from the platform and other modules, gathered in one place. */
import type { Kysely } from "kysely";
import type { CalendarService } from "../../platform/calendar/calendar.service.js";
import type { PiiCipher } from "../../platform/crypto/pii.js";
import type { DB } from "../../platform/db/schema.js";
import type { AuditLog, Clock, Notifier } from "../../platform/ports.js";
import type { QuickFiling } from "../cases/index.js";
import type { ItemService } from "../catalog/index.js";
import type { EnterpriseAccounts, PersonalDataAccess } from "../identity/index.js";
import type { DepartmentService } from "../org/index.js";
import type { BusinessFactSource } from "../registry/index.js";
import type { PaymentAdapter } from "./payment.js";
import type { PoliciesRepository } from "./repository.js";

export interface PoliciesDeps {
  db: Kysely<DB>;
  repo: PoliciesRepository;
  audit: AuditLog;
  clock: Clock;
  notify: Notifier;
  timeZone: string;
  /** The work calendar: 快申快享 applications are due in working days. */
  calendar: CalendarService;
  /** The business registry's facts (法人库), page by page. */
  registry: BusinessFactSource;
  /** The enterprise's accounts of record (identity), who are told of matches and payments. */
  enterpriseAccounts: EnterpriseAccounts;
  payments: PaymentAdapter;
  /** Seals the 快申快享 bank account at rest. */
  pii: PiiCipher;
  /** Records the one unmasked read of the account: the payment instruction (identity's log). */
  personalData: Pick<PersonalDataAccess, "record">;
  /** 快申快享 as a 办件: the generated catalog item (catalog), the short case and its decision (cases). */
  catalog: Pick<ItemService, "publishGenerated">;
  departments: Pick<DepartmentService, "get">;
  cases: Pick<QuickFiling, "file" | "decision">;
  /** The department's reviewers (policies.review), told of an objection. */
  reviewers(departmentId: string, trx: Kysely<DB>): Promise<string[]>;
}

/** Enterprises read from the registry per page in a matching run. */
export const FACT_PAGE = 5000;
/** The nightly matching job: its kind, its one key, and the local hour it runs at. */
export const NIGHTLY_JOB = "policies.match";
export const NIGHTLY_KEY = "nightly";
export const NIGHTLY_HOUR = 2;
