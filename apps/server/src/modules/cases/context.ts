/** What the cases services need from the platform and other modules, gathered in one place. */
import type { CreditSummary, LicenseUseView } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { Principal } from "../../platform/auth/permissions.js";
import type { CalendarService } from "../../platform/calendar/calendar.service.js";
import type { PiiCipher } from "../../platform/crypto/pii.js";
import type { DB } from "../../platform/db/schema.js";
import type { FileStore } from "../../platform/files/index.js";
import type { AuditLog, Clock, EventPublisher, Notifier } from "../../platform/ports.js";
import type { CaseRepository } from "./repository.js";
import type { DepartmentRef } from "./workflow.js";

export interface JobScheduler {
  schedule(
    trx: Kysely<DB>,
    job: { kind: string; key: string; runAt: Date; payload?: Record<string, unknown> },
  ): Promise<void>;
  cancel(trx: Kysely<DB>, kind: string, key: string): Promise<void>;
}

/**
 * E-licenses a holder may use in place of a material (免提交); the licenses module fills it in. `authorise`
 * runs in the case's transaction: it checks that the license is the holder's, of the type, and usable,
 * and records the holder's consent that the departments handling this case read it.
 */
export interface LicenseLookup {
  authorise(
    trx: Kysely<DB>,
    use: {
      /** Whose licenses may stand in: the person's (by account), the enterprise's, or either (null: not theirs). */
      holder: { accountId: string | null; enterpriseUscc: string | null };
      licenseId: string;
      type: string;
      caseId: string;
      material: string;
      consentedBy: string;
    },
  ): Promise<{ id: string; type: string } | null>;
  /** The licenses attached to a case by reference, with their fields and verification (for its readers). */
  uses(caseId: string): Promise<LicenseUseView[]>;
  /**
   * 免填: the applicant's valid license of a type to prefill a form from — the enterprise's when the type is
   * held by enterprises (and the applicant acts for one), the person's otherwise; null when none is held.
   */
  prefillSource(
    holder: { accountId: string; enterpriseUscc: string | null },
    type: string,
  ): Promise<PrefillLicense | null>;
  /** Records, in the draft's transaction, that the draft was prefilled from these fields of the license. */
  recordPrefill(
    trx: Kysely<DB>,
    read: { licenseId: string; caseId: string; fields: string[]; actor: string; actingFor: string | null },
  ): Promise<void>;
}

export interface PrefillLicense {
  id: string;
  typeName: string;
  typeNameEn: string;
  fields: Record<string, string>;
}

/** Without the licenses module there are no e-licenses to refer to. */
export const noLicenses: LicenseLookup = {
  authorise: async () => null,
  uses: async () => [],
  prefillSource: async () => null,
  recordPrefill: async () => {},
};

/** 免填 from the demo registries (人口库、法人库): the applicant's own records (registry module's port). */
export interface PrefillRegistry {
  person(idNumber: string): Promise<object | undefined>;
  businessRecord(uscc: string): Promise<object | undefined>;
}

export const noRegistry: PrefillRegistry = { person: async () => undefined, businessRecord: async () => undefined };

/**
 * Credit in approvals (issue 23), answered by the supervision module's credit service. `check`: whether a
 * joint-punishment rule (联合惩戒) applies to an enterprise applying for an item, through `trx` — the root
 * handle before a submission's one statement, or the case's transaction (`block` refuses the filing). `deferral`: the item's 容缺受理 rule and whether the enterprise's grade
 * qualifies, in the case's transaction. `summary`: the enterprise's credit for whoever handles its case.
 */
export interface CreditCheck {
  check(
    trx: Kysely<DB>,
    q: { itemCode: string; enterpriseUscc: string },
  ): Promise<{ measure: "block" | "flag"; legalBasis: string; listBasis: string } | null>;
  deferral(
    trx: Kysely<DB>,
    q: { itemCode: string; enterpriseUscc: string },
  ): Promise<{ grade: string; qualifies: boolean; materials: string[]; workingDays: number } | null>;
  summary(q: { itemCode: string; enterpriseUscc: string; enterpriseName: string }): Promise<CreditSummary | null>;
}

/** Without the supervision module no enterprise is listed, no item offers 容缺受理, and there is no summary. */
export const noCreditCheck: CreditCheck = {
  check: async () => null,
  deferral: async () => null,
  summary: async () => null,
};

/**
 * Fees (缴费, issue 15), answered by the payments module. `onApproved` runs in the approval's transaction and
 * raises the payment order (缴款通知书) when the approved item charges fees (先审后缴); null when it charges
 * nothing. `unpaid`: the case's order while it is unpaid, in the delivery's transaction (delivery waits for it).
 */
export interface FeeGate {
  onApproved(
    trx: Kysely<DB>,
    c: {
      caseId: string;
      number: string | null;
      itemCode: string;
      itemVersion: number;
      departmentId: string;
      payerAccountId: string;
      payerName: string;
      approvedAt: Date;
    },
  ): Promise<{ code: string; amountFen: number; dueDate: string } | null>;
  unpaid(trx: Kysely<DB>, caseId: string): Promise<{ code: string; amountFen: number; dueDate: string } | null>;
}

/** Without the payments module nothing is charged. */
export const noFees: FeeGate = { onApproved: async () => null, unpaid: async () => null };

export interface CasesConfig {
  /** Yellow light when at most this share of the promised working days is left. */
  yellowShare: number;
  /** Working days after the deadline before the second escalation level (supervisors). */
  escalationWorkingDays: number;
  materialMaxBytes: number;
}

export interface CaseDeps {
  db: Kysely<DB>;
  repo: CaseRepository;
  calendar: CalendarService;
  audit: AuditLog;
  events: EventPublisher;
  jobs: JobScheduler;
  notify: Notifier;
  clock: Clock;
  pii: PiiCipher;
  files: FileStore;
  licenses: LicenseLookup;
  registry: PrefillRegistry;
  credit: CreditCheck;
  fees: FeeGate;
  config: CasesConfig;
  departments(): Promise<ReadonlyMap<string, DepartmentRef>>;
  /** Staff account ids holding a role (in a department, for department roles). */
  staffWithRole(role: "dept_admin" | "supervisor", departmentId: string | undefined, db: Kysely<DB>): Promise<string[]>;
}

/** Who does something to a case, as the history records it. */
export interface CaseActor {
  kind: "citizen" | "staff" | "system";
  id: string | null;
  name: string;
  actingFor: string | null;
  principal: Principal | null;
}

export function actorFrom(principal: Principal): CaseActor {
  return {
    kind: principal.kind === "staff" ? "staff" : "citizen",
    id: principal.id,
    name: principal.displayName,
    actingFor: principal.actingFor ? `enterprise:${principal.actingFor.uscc}` : null,
    principal,
  };
}

export const SYSTEM: CaseActor = { kind: "system", id: null, name: "系统", actingFor: null, principal: null };
